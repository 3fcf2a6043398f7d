"""Week 2: careless and adversarial submissions score exactly what they earn, test by test."""
from __future__ import annotations

from typing import Any

import pytest
from cohort import replace_body

pytestmark = pytest.mark.slow

TRAIN_EPOCH = ["model.train()", "total, count = 0.0, 0", "for xb, yb in loader:", "{zero_grad}",
               "    loss = loss_fn(model(xb), yb)", "    loss.backward()", "{step}",
               "    total += loss.item() * len(yb)", "    count += len(yb)", "return total {divide} count"]


def _train_epoch(zero_grad: bool = True, step: bool = True, divide: str = "/") -> list[str]:
    filled = [line.format(zero_grad="    optimizer.zero_grad()" if zero_grad else "    pass",
                          step="    optimizer.step()" if step else "    pass", divide=divide) for line in TRAIN_EPOCH]
    return filled


AUTOGRAD_HELPER = '''

def _grad_through_autograd(function, inputs, upstream):
    leaves = [t.clone().requires_grad_(True) for t in inputs]
    function(*leaves).backward(upstream)
    return [leaf.grad for leaf in leaves]
'''


def test_answers_copied_from_the_public_tests_earn_only_the_public_points(copied_public_answers: Any) -> None:
    assert copied_public_answers(2).points == 20


def test_autograd_inside_the_hand_written_backward_fails_those_tests_by_name(
        grade: Any, submission: Any, points_of: Any, check_case: Any, reference_sources: Any) -> None:
    files = submission(2, {"backprop.py": reference_sources(2)["backprop.py"] + AUTOGRAD_HELPER})
    files["backprop.py"] = replace_body(files["backprop.py"], "sigmoid_backward", [
        "x = x.clone().requires_grad_(True)", "sigmoid(x).backward(dout)", "return x.grad"])
    files["backprop.py"] = replace_body(files["backprop.py"], "relu_backward", [
        "return _grad_through_autograd(torch.relu, [x], dout)[0]"])
    files["backprop.py"] = replace_body(files["backprop.py"], "linear_backward", [
        "return tuple(_grad_through_autograd(lambda x, W, b: x @ W + b, cache, dout))"])
    files["backprop.py"] = replace_body(files["backprop.py"], "softmax_cross_entropy", [
        "loss = torch.nn.functional.cross_entropy(scores, y)",
        "dscores = _grad_through_autograd(lambda s: torch.nn.functional.cross_entropy(s, y), [scores],",
        "                                 torch.tensor(1.0, dtype=scores.dtype))[0]",
        "return loss, dscores"])
    result = grade(2, files)
    check_case(result, points_of(2), {
        "test_sigmoid_backward_matches_autograd": "`sigmoid_backward` 안에서 torch.Tensor.backward을(를) 호출했습니다",
        "test_relu_backward_matches_autograd": "`relu_backward` 안에서 torch.Tensor.backward을(를) 호출했습니다",
        "test_linear_backward_matches_autograd": "`linear_backward` 안에서 torch.Tensor.backward",
        "test_softmax_cross_entropy_gradient": "`softmax_cross_entropy` 안에서 torch.Tensor.backward",
        "test_two_layer_net_loss_and_gradients": "`loss` 안에서 torch.Tensor.backward",
    })
    assert result.points == 72


@pytest.mark.parametrize("case, changes, failing", [
    ("floor division for the mean", {"train_epoch": _train_epoch(divide="//")},
     {"test_train_epoch_returns_the_mean_loss": "", "test_train_epoch_matches_reference": "샘플당 평균 손실"}),
    ("a loop without zero_grad", {"train_epoch": _train_epoch(zero_grad=False)},
     {"test_train_epoch_matches_reference": "샘플당 평균 손실"}),
    ("a loop that never steps", {"train_epoch": _train_epoch(step=False)},
     {"test_train_epoch_returns_the_mean_loss": "", "test_train_epoch_matches_reference": "샘플당 평균 손실"}),
    ("a missing return", {"evaluate": ["model.eval()", "correct, total = 0, 0", "with torch.no_grad():",
                                       "    for xb, yb in loader:",
                                       "        correct += (model(xb).argmax(dim=1) == yb).sum().item()",
                                       "        total += len(yb)", "correct / total"]},
     {"test_evaluate_counts_every_sample": "", "test_evaluate_on_mnist": "숫자 하나를 반환해야 합니다 (받은 값: None)",
      "test_evaluate_uses_eval_mode": "숫자 하나를 반환해야"}),
    ("losses made up, weights never trained", {"train_manual": [
        "net = TwoLayerNet(X.shape[1], hidden_dim, int(y.max()) + 1, generator)",
        "return net.params, [1.0 / (step + 1) for step in range(steps)]"]},
     {"test_train_manual_matches_reference_step_by_step": "losses",
      "test_train_manual_learns_xor": "XOR: 새 점들에 대한 정확도",
      "test_train_manual_learns_two_moons": "two moons: 새 점들에 대한 정확도"}),
    ("weights of the student's own initialisation (an extra layer first)", {"MLP.__init__": [
        "super().__init__()", "self.extra = nn.Linear(3, 3)  # never used; shifts the random stream",
        "layers, previous = [], in_dim", "for width in hidden_dims:",
        "    layers += [nn.Linear(previous, width), nn.ReLU()]", "    previous = width",
        "layers.append(nn.Linear(previous, out_dim))", "self.layers = nn.Sequential(*layers)"]},
     {}),
])
def test_careless_submission_loses_exactly_its_tests(case: str, changes: dict[str, list[str]], failing: dict[str, str],
                                                     grade: Any, submission: Any, points_of: Any,
                                                     check_case: Any) -> None:
    result = grade(2, submission(2, {"mlp.py": changes}))
    check_case(result, points_of(2), failing)
