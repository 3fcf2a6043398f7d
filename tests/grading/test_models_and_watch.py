"""Graders' helpers for modules and the forbidden-call watch, on a Handle and on a real object.

The same grader code must work on a student module in the sandbox (a Handle) and in-process
(the real object): each test runs both ways and checks what a grader would see.
"""
from __future__ import annotations

import sys
import textwrap
import types
from pathlib import Path
from typing import Any, Iterator

import pytest
import torch
from torch.utils.data import DataLoader, TensorDataset

from deepgrade.grading import forbidden, models
from deepgrade.grading.compare import assert_relative_error
from deepgrade.grading.gradients import away_from_zero, numeric_partial, spot_check

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sandbox"))
from sbtest_helpers import spec, unit  # noqa: E402

STUDENT = '''
import torch
from torch import nn
import torch.nn.functional as F


class MLP(nn.Module):
    def __init__(self, d, h, o):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(d, h), nn.ReLU(), nn.Linear(h, o))
        self.unused = nn.Linear(3, 3)   # not in the grader's layout: never penalised

    def forward(self, x):
        return self.layers(x)


class Swapped(nn.Module):
    def __init__(self, d, h, o):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(h, d), nn.ReLU(), nn.Linear(h, o))


class Frozen(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(2, 3)
        self.b = nn.Linear(3, 1)
        self.b.weight.requires_grad_(False)
        self.register_buffer("steps", torch.zeros(4))


def train_epoch(model, loader, optimizer, loss_fn):
    for xb, yb in loader:
        optimizer.zero_grad()
        loss_fn(model(xb), yb).backward()
        optimizer.step()


def train_epoch_no_zero_grad(model, loader, optimizer, loss_fn):
    for xb, yb in loader:
        loss_fn(model(xb), yb).backward()
        optimizer.step()


def conv_builtin(x, w):
    """Uses F.conv2d (this docstring may name it: only calls count)."""
    return F.conv2d(x, w)


def conv_through_module(x):
    return nn.Conv2d(1, 1, 3)(x)


def conv_hidden(x, w):
    try:
        return torch.ops.aten.conv2d(x, w)
    except Exception:
        return None


def conv_evading(x, w):
    with torch._C.DisableTorchFunction():  # hides the call from the watch, not from the static check
        return F.conv2d(x, w)


def conv_loops(x, w):
    """F.conv2d, as a loop."""
    out = torch.zeros(x.shape[2] - 2, x.shape[3] - 2, dtype=x.dtype)
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = (x[0, 0, i:i + 3, j:j + 3] * w[0, 0]).sum()
    return out


def sigmoid_backward_autograd(dout, x):
    x = x.clone().requires_grad_(True)
    torch.sigmoid(x).backward(dout)
    return x.grad


def sigmoid_backward_grad(dout, x):
    x = x.clone().requires_grad_(True)
    return torch.autograd.grad(torch.sigmoid(x), x, dout)[0]


def sigmoid_backward(dout, x):
    s = torch.sigmoid(x)
    return dout * s * (1 - s)


def draw(generator):
    return torch.rand(3, generator=generator)


def draw_global():
    return torch.rand(2)
'''


@pytest.fixture(scope="module", params=["sandbox", "inprocess"])
def student(request: pytest.FixtureRequest) -> Iterator[Any]:
    if request.param == "inprocess":
        module = types.ModuleType("student_models")
        exec(compile(textwrap.dedent(STUDENT), "student_models.py", "exec"), module.__dict__)
        yield module
        return
    from deepgrade.sandbox import Sandbox

    with Sandbox(spec(unit("student_models", STUDENT)), request.getfixturevalue("session_zygote")) as sandbox:
        yield sandbox.student


def _reference(d: int = 4, h: int = 5, o: int = 3) -> torch.nn.Sequential:
    return torch.nn.Sequential(torch.nn.Linear(d, h), torch.nn.ReLU(), torch.nn.Linear(h, o))


def _message(call: Any, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(AssertionError) as caught:
        call(*args, **kwargs)
    return str(caught.value)


def test_grader_weights_load_into_the_named_submodule_and_outputs_match(student: Any) -> None:
    model, reference = student.MLP(4, 5, 3), _reference()
    weights = models.random_weights(reference, torch.Generator().manual_seed(1))
    assert list(models.layout(model, into="layers")) == list(weights)
    models.load_weights(model, weights, into="layers")
    reference.load_state_dict(weights)
    x = torch.randn(6, 4, generator=torch.Generator().manual_seed(2))
    torch.testing.assert_close(model(x), reference(x), rtol=0, atol=0)
    assert models.state_dict(model, into="layers").keys() == weights.keys()


def test_seeded_weights_are_reproducible_and_not_the_modules_own() -> None:
    reference = _reference()
    first = models.random_weights(reference, torch.Generator().manual_seed(3))
    again = models.random_weights(reference, torch.Generator().manual_seed(3))
    other = models.random_weights(reference, torch.Generator().manual_seed(4))
    assert all(torch.equal(first[k], again[k]) for k in first)
    assert not torch.equal(first["0.weight"], other["0.weight"])
    assert not torch.equal(first["0.weight"], reference.state_dict()["0.weight"])
    assert first["0.weight"].abs().max() <= 0.5  # ±1/sqrt(fan_in = 4)


def test_layout_mismatch_says_which_keys_and_shapes_in_korean(student: Any) -> None:
    weights = models.random_weights(_reference(), torch.Generator().manual_seed(1))
    message = _message(models.load_weights, student.MLP(4, 5, 3), weights)  # the whole model, not .layers
    assert "없는 키: 0.weight" in message and "필요 없는 키: layers.0.weight" in message
    message = _message(models.load_weights, student.Swapped(4, 5, 3), weights, into="layers")
    assert "`0.weight` 형상이 (5, 4)이어야 합니다 (받은 형상: (4, 5))" in message
    message = _message(models.load_weights, student.MLP(4, 5, 3), weights, into="encoder")
    assert "`encoder` 속성이 없습니다" in message


def test_parameters_count_trainable_and_never_buffers(student: Any) -> None:
    frozen = student.Frozen()
    infos = models.parameters(frozen)
    assert [(p.name, p.shape, p.requires_grad) for p in infos] == [
        ("a.weight", (3, 2), True), ("a.bias", (3,), True), ("b.weight", (1, 3), False), ("b.bias", (1,), True)]
    assert models.parameter_count(frozen) == 6 + 3 + 3 + 1
    assert models.parameter_count(frozen, trainable_only=True) == 6 + 3 + 1
    assert "steps" in models.layout(frozen)


def _reference_epoch(weights: dict[str, torch.Tensor], x: torch.Tensor, y: torch.Tensor) -> dict[str, torch.Tensor]:
    reference = _reference()
    reference.load_state_dict(weights)
    optimizer = torch.optim.SGD(reference.parameters(), lr=0.3)
    for xb, yb in DataLoader(TensorDataset(x, y), batch_size=8):
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(reference(xb), yb).backward()
        optimizer.step()
    return reference.state_dict()


@pytest.mark.parametrize("function, equal", [("train_epoch", True), ("train_epoch_no_zero_grad", False)])
def test_training_where_the_module_lives_matches_the_reference_unless_gradients_pile_up(
        student: Any, function: str, equal: bool) -> None:
    generator = torch.Generator().manual_seed(5)
    weights = models.random_weights(_reference(), generator)
    x, y = torch.randn(24, 4, generator=generator), torch.randint(0, 3, (24,), generator=generator)
    model = student.MLP(4, 5, 3)
    models.load_weights(model, weights, into="layers")
    optimizer = models.new(model, torch.optim.SGD, models.params_of(model), lr=0.3)
    loss_fn = models.new(model, torch.nn.CrossEntropyLoss)
    getattr(student, function)(model, models.loader(model, x, y, batch_size=8), optimizer, loss_fn)
    got, want = models.state_dict(model, into="layers"), _reference_epoch(weights, x, y)
    same = all(torch.allclose(got[k], want[k], rtol=1e-5, atol=1e-6) for k in want)
    assert same is equal


def test_train_and_eval_mode_use_the_library_method(student: Any) -> None:
    model = student.MLP(4, 5, 3)
    models.set_training(model, False)
    assert model.training is False and model.layers.training is False
    models.set_training(model, True, into="layers")
    assert model.layers.training is True


def test_watch_names_forbidden_calls_also_through_library_modules(student: Any) -> None:
    x, w = torch.randn(1, 1, 5, 5), torch.randn(1, 1, 3, 3)
    message = _message(forbidden.watched(student.conv_builtin, forbidden.CONVOLUTION), x, w)
    assert message.startswith("`conv_builtin` 안에서 torch.nn.functional.conv2d을(를) 호출했습니다")
    assert "torch.nn.functional.conv2d" in _message(forbidden.watched(student.conv_through_module,
                                                                      forbidden.CONVOLUTION), x)
    # caught even when the student swallows the error and returns something else
    assert "torch.ops.aten.conv2d" in _message(forbidden.watched(student.conv_hidden, forbidden.CONVOLUTION), x, w)
    got = forbidden.watched(student.conv_loops, forbidden.CONVOLUTION)(x, w)
    torch.testing.assert_close(got, torch.nn.functional.conv2d(x, w)[0, 0])


def test_the_static_check_beside_the_watch_sees_what_the_watch_cannot(student: Any) -> None:
    x, w = torch.randn(1, 1, 5, 5), torch.randn(1, 1, 3, 3)
    forbidden.watched(student.conv_evading, forbidden.CONVOLUTION)(x, w)  # the watch alone is fooled
    message = _message(forbidden.watched(student.conv_evading, forbidden.CONVOLUTION, static=("conv2d",)), x, w)
    assert message.startswith("`conv_evading`의 코드가 conv2d을(를) 사용합니다")
    # a name in a docstring is not code: conv_loops' docstring says F.conv2d
    forbidden.watched(student.conv_loops, forbidden.CONVOLUTION, static=("conv2d",))(x, w)


@pytest.mark.parametrize("function, named", [("sigmoid_backward_autograd", "torch.Tensor.backward"),
                                             ("sigmoid_backward_grad", "torch.autograd.grad")])
def test_watch_catches_autograd_in_a_hand_written_backward(student: Any, function: str, named: str) -> None:
    x, dout = torch.randn(3, 4, dtype=torch.float64), torch.randn(3, 4, dtype=torch.float64)
    message = _message(forbidden.watched(getattr(student, function), forbidden.AUTOGRAD), dout, x)
    assert named in message and "직접 구현해야" in message
    honest = forbidden.watched(student.sigmoid_backward, forbidden.AUTOGRAD)(dout, x)
    s = torch.sigmoid(x)
    assert_relative_error(honest, dout * s * (1 - s))


def test_a_generator_crosses_by_value(student: Any) -> None:
    generator = torch.Generator().manual_seed(11)
    got = student.draw(generator)
    torch.testing.assert_close(got, torch.rand(3, generator=torch.Generator().manual_seed(11)))


def test_relative_error_message_names_the_worst_element_and_the_numeric_value() -> None:
    x = away_from_zero(torch.randn(3, 4, dtype=torch.float64, generator=torch.Generator().manual_seed(0)))
    assert x.abs().min() >= 1e-3
    upstream = torch.randn(3, 4, dtype=torch.float64)
    want = upstream * (x > 0)
    wrong = want.clone()
    wrong[2, 1] += 0.5
    message = _message(assert_relative_error, wrong, want, name="dx",
                       spot=spot_check(torch.relu, x, upstream=upstream))
    assert "dx[2, 1]" in message and "상대 오차" in message and "수치 미분으로 구한 값" in message
    assert abs(numeric_partial(torch.relu, x, (2, 1), upstream=upstream) - want[2, 1].item()) < 1e-6
    assert "형상(shape)이 (3, 4)" in _message(assert_relative_error, want.T, want)
    assert "숫자 하나를" in _message(assert_relative_error, torch.zeros(1), torch.tensor(2.0, dtype=torch.float64))
    assert assert_relative_error(2.0, torch.tensor(2.0, dtype=torch.float64)) == 0.0
    assert "상대 오차" in _message(assert_relative_error, torch.full((2,), float("nan")), torch.ones(2))
