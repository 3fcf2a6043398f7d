"""Grader helpers for ``nn.Module``s: build, load grader weights, read back, train, in plain data.

A student's module lives in the sandbox (a Handle); the reference's lives here. Every helper
takes either, so a grader treats both alike (and runs unchanged on the in-process backend).
The rule they serve (curriculum rule 2): never compare weights a student's own random
initialisation produced. The grader makes seeded weights in the reference's layout
(``random_weights``), loads them into both (``load_weights``, strict, with a staged Korean
message when names or shapes differ), and compares outputs or trained weights.

Library objects the student's code needs (an optimizer over the student's parameters, a
``DataLoader``, a loss) are built where the module lives with ``new``.
"""
from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import torch

from deepgrade.sandbox.inside import module_ops
from deepgrade.sandbox.client.handles import Handle


@dataclass(frozen=True)
class ParameterInfo:
    name: str
    shape: tuple[int, ...]
    requires_grad: bool

    @property
    def count(self) -> int:
        return math.prod(self.shape)


def _run(module: Any, op: str, *args: Any) -> Any:
    """``module_ops`` op ``op`` on ``module``: in its sandbox for a Handle, here otherwise."""
    if isinstance(module, Handle):
        return module._dg_sandbox._call(op, module, *args)
    return module_ops.GRADER_OPS[op](module, *args)


def _where(path: str, name: str) -> str:
    return f"{name}.{path}" if path else name


def _no_module(path: str, name: str) -> AssertionError:
    if path:
        return AssertionError(f"{name}에 nn.Module인 `{path}` 속성이 없습니다 "
                              f"(과제 설명대로 self.{path}를 만드세요)")
    return AssertionError(f"{name}이(가) torch.nn.Module이 아닙니다 (nn.Module을 상속하세요)")


def layout(module: Any, *, into: str = "", name: str = "모델") -> OrderedDict[str, tuple[tuple[int, ...], str]]:
    """state_dict key -> (shape, dtype name), in order, of ``module`` (or its submodule ``into``)."""
    found = _run(module, "dg_module_layout", into)
    if found is None:
        raise _no_module(into, name)
    return OrderedDict((key, (tuple(shape), dtype)) for key, shape, dtype, _ in found)


def parameters(module: Any, *, into: str = "", name: str = "모델") -> list[ParameterInfo]:
    """Each parameter's name, shape and ``requires_grad`` (``named_parameters`` order)."""
    found = _run(module, "dg_module_parameters", into)
    if found is None:
        raise _no_module(into, name)
    return [ParameterInfo(str(n), tuple(s), bool(g)) for n, s, g in found]


def parameter_count(module: Any, *, trainable_only: bool = False, into: str = "", name: str = "모델") -> int:
    """The number of parameter elements (buffers never count)."""
    return sum(p.count for p in parameters(module, into=into, name=name) if p.requires_grad or not trainable_only)


def random_weights(module: Any, generator: torch.Generator, *, into: str = "") -> OrderedDict[str, torch.Tensor]:
    """Seeded weights in ``module``'s state_dict layout (usually the reference's module).

    Floating parameters are uniform in ±1/sqrt(fan_in) (torch's own ``Linear``/``Conv`` scale,
    so activations neither vanish nor explode); floating buffers keep their value except
    running variances, drawn in [0.5, 1.5]; integer buffers (``num_batches_tracked``) stay.
    """
    state = state_dict(module, into=into)
    kinds = {key: is_param for key, _, _, is_param in _run(module, "dg_module_layout", into) or ()}
    weights: OrderedDict[str, torch.Tensor] = OrderedDict()
    for key, value in state.items():
        if not value.is_floating_point():
            weights[key] = value.clone()
        elif kinds.get(key, False):
            fan_in = math.prod(value.shape[1:]) if value.dim() > 1 else value.shape[0]
            bound = 1.0 / math.sqrt(max(fan_in, 1))
            weights[key] = (torch.rand(value.shape, generator=generator, dtype=torch.float64) * 2 - 1).mul(bound).to(value.dtype)
        elif key.endswith("running_var"):
            weights[key] = (torch.rand(value.shape, generator=generator, dtype=torch.float64) + 0.5).to(value.dtype)
        else:
            weights[key] = value.clone()
    return weights


def twins(near: Any, build: Any, generator: torch.Generator) -> tuple[Any, Any]:
    """The same model twice, with the same seeded weights: ``(where near lives, here)``.

    ``build(where)`` makes the model with ``new(where, ...)`` (``where`` is ``near`` for the
    student's side, None for the trusted side); the weights are ``random_weights`` of the
    trusted copy, loaded strictly into both. For checking a student's training or evaluation
    loop on a model that is not the student's own."""
    here = build(None)
    weights = random_weights(here, generator)
    there = build(near)
    load_weights(there, weights)
    here.load_state_dict(weights)
    return there, here


def load_weights(module: Any, weights: dict[str, torch.Tensor], *, into: str = "", name: str = "모델") -> None:
    """Load ``weights`` strictly into ``module`` (or its submodule ``into``).

    Names and shapes are compared first, so a mismatch fails the test with a Korean message
    saying which keys are missing or extra and which shapes differ (never torch's long
    English error).
    """
    found = layout(module, into=into, name=name)
    where = _where(into, name)
    missing = [k for k in weights if k not in found]
    extra = [k for k in found if k not in weights]
    if missing or extra:
        parts = [f"{where}의 state_dict 키가 과제 설명과 다릅니다"]
        if missing:
            parts.append(f"없는 키: {', '.join(missing)}")
        if extra:
            parts.append(f"필요 없는 키: {', '.join(extra)}")
        raise AssertionError("; ".join(parts) + " (층의 이름, 순서, 개수를 과제 설명대로 만드세요)")
    for key, tensor in weights.items():
        shape = found[key][0]
        if tuple(shape) != tuple(tensor.shape):
            raise AssertionError(f"{where}의 `{key}` 형상이 {tuple(tensor.shape)}이어야 합니다 "
                                 f"(받은 형상: {tuple(shape)})")
    _run(module, "dg_module_load", into, OrderedDict(weights))


def state_dict(module: Any, *, into: str = "", name: str = "모델") -> OrderedDict[str, torch.Tensor]:
    """A detached copy of ``module``'s (or submodule ``into``'s) state_dict, as plain tensors."""
    found = _run(module, "dg_module_state", into)
    if found is None:
        raise _no_module(into, name)
    return OrderedDict(found)


def gradients(module: Any, *, into: str = "", name: str = "모델") -> dict[str, torch.Tensor | None]:
    """Each parameter's ``.grad`` by name (None where it has none), after a backward pass."""
    found = _run(module, "dg_module_grads", into)
    if found is None:
        raise _no_module(into, name)
    return dict(found)


def call_kept(func: Any, *args: Any, **kwargs: Any) -> Any:
    """``func(*args, **kwargs)`` with the result kept where ``func`` runs (a Handle for a
    sandboxed function, even for a tensor), e.g. to call ``.backward()`` on a student's loss."""
    if isinstance(func, Handle):
        return func._dg_sandbox._call("call", func, args, kwargs, keep_ref=True)
    return func(*args, **kwargs)


def set_training(module: Any, training: bool, *, into: str = "") -> None:
    """``module.train(training)`` with ``nn.Module``'s own method."""
    if _run(module, "dg_module_mode", into, training) is None:
        raise _no_module(into, "모델")


def is_training(module: Any, *, into: str = "") -> bool:
    """Whether ``module`` (or its submodule ``into``) is in train mode."""
    mode = _run(module, "dg_module_mode", into, None)
    if mode is None:
        raise _no_module(into, "모델")
    return bool(mode)


def _sandbox_of(near: Any) -> Any:
    """The sandbox ``near`` belongs to (a Handle's, or ``near`` itself), or None (in-process)."""
    if isinstance(near, Handle):
        return near._dg_sandbox
    from deepgrade.sandbox.client.proxy import Sandbox

    return near if isinstance(near, Sandbox) else None


def new(near: Any, cls: type, *args: Any, **kwargs: Any) -> Any:
    """``cls(*args, **kwargs)`` built where ``near`` lives (a library class: torch.optim.SGD,
    DataLoader, nn.CrossEntropyLoss). ``near``: a Handle or a Sandbox gives a Handle to the
    new object in that sandbox; anything else (a real object, an in-process session) the
    object itself. Arguments may be Handles of that sandbox."""
    sandbox = _sandbox_of(near)
    if sandbox is not None:
        remote_cls = sandbox._call("put", cls, keep_ref=True)
        return sandbox._call("call", remote_cls, args, kwargs, keep_ref=True)
    return cls(*args, **kwargs)


def params_of(module: Any) -> Any:
    """``module.parameters()`` as a list (nn.Module's own method), where ``module`` lives."""
    if isinstance(module, Handle):
        sandbox = module._dg_sandbox
        method = sandbox._call("put", torch.nn.Module, keep_ref=True)
        parameters_fn = sandbox._call("getattr", method, "parameters", keep_ref=True)
        generator = sandbox._call("call", parameters_fn, (module,), {}, keep_ref=True)
        return new(module, list, generator)
    return list(torch.nn.Module.parameters(module))


def loader(near: Any, inputs: torch.Tensor, targets: torch.Tensor, *, batch_size: int) -> Any:
    """An unshuffled ``DataLoader`` over ``TensorDataset(inputs, targets)`` where ``near`` lives."""
    from torch.utils.data import DataLoader, TensorDataset

    dataset = new(near, TensorDataset, inputs, targets)
    return new(near, DataLoader, dataset, batch_size=batch_size, shuffle=False)
