"""The operations graders need on a student's ``nn.Module``, run where the module lives.

Served by the sandbox's worker (and called directly by the in-process backend and on the
trusted side for reference modules), so the grader-facing helpers in
``deepgrade.grading.models`` behave the same on a Handle and on a real module. Each uses
``torch.nn.Module``'s own methods (never the student's overrides of ``state_dict`` or
``named_parameters``) and answers in plain data.

``path`` names a submodule (``"layers"``, ``"encoder.0"``; ``""``: the module itself).
"""
from __future__ import annotations

import random
import sys
from typing import Any, Callable

import torch

from deepgrade.sandbox.inside.questions import real_instance
from deepgrade.sandbox.inside.watch import call_watched

_MODULE = torch.nn.Module


def _target(module: Any, path: str) -> Any:
    """The submodule at ``path``, or None when there is no ``nn.Module`` there."""
    current = module
    for part in [p for p in path.split(".") if p]:
        if not real_instance(current, _MODULE):
            return None
        children = _MODULE.__getattribute__(current, "_modules")
        if type(children) is not dict or part not in children:
            return None
        current = children[part]
    return current if real_instance(current, _MODULE) else None


def module_layout(module: Any, path: str) -> list[tuple[str, tuple[int, ...], str, bool]] | None:
    """``(key, shape, dtype, is_parameter)`` for each state_dict entry, in order; None: no module."""
    target = _target(module, path)
    if target is None:
        return None
    parameter_ids = {id(p) for _, p in _MODULE.named_parameters(target)}
    state = _MODULE.state_dict(target, keep_vars=True)
    layout = []
    for key, value in state.items():
        if isinstance(value, torch.Tensor):
            layout.append((str(key), tuple(int(s) for s in value.shape), str(value.dtype).removeprefix("torch."),
                           id(value) in parameter_ids))
    return layout


def module_parameters(module: Any, path: str) -> list[tuple[str, tuple[int, ...], bool]] | None:
    """``(name, shape, requires_grad)`` for each parameter (shared ones once); None: no module."""
    target = _target(module, path)
    if target is None:
        return None
    return [(str(name), tuple(int(s) for s in p.shape), bool(p.requires_grad))
            for name, p in _MODULE.named_parameters(target)]


def module_load(module: Any, path: str, state_dict: dict[str, Any]) -> None:
    """``load_state_dict(strict=True)`` into the submodule at ``path``."""
    target = _target(module, path)
    if target is None:
        raise TypeError(f"no nn.Module at {path or 'the top level'}")
    _MODULE.load_state_dict(target, state_dict, strict=True)


def module_state(module: Any, path: str) -> dict[str, torch.Tensor] | None:
    """A detached copy of the submodule's state_dict; None: no module."""
    target = _target(module, path)
    if target is None:
        return None
    return {str(k): v.detach().clone() for k, v in _MODULE.state_dict(target).items() if isinstance(v, torch.Tensor)}


def module_grads(module: Any, path: str) -> dict[str, torch.Tensor | None] | None:
    """Each parameter's ``.grad`` (a copy, or None when it has none); None: no module."""
    target = _target(module, path)
    if target is None:
        return None
    return {str(name): None if p.grad is None else p.grad.detach().clone()
            for name, p in _MODULE.named_parameters(target)}


def module_mode(module: Any, path: str, training: bool | None) -> bool | None:
    """Set train (True) or eval (False) mode when ``training`` is given; the mode after."""
    target = _target(module, path)
    if target is None:
        return None
    if training is not None:
        _MODULE.train(target, training)
    return bool(_MODULE.__getattribute__(target, "training"))


def _accelerators() -> bool:
    """Whether this process could ever use an accelerator torch seeds lazily (CUDA, XPU, MTIA,
    MPS). Fixed for the life of a process; asked once per seeding (microseconds)."""
    modules = (getattr(torch, "cuda", None), getattr(torch, "xpu", None), getattr(torch, "mtia", None),
               getattr(torch.backends, "mps", None))
    return any(module is not None and module.is_available() for module in modules)


def seed_all(seed: int) -> None:
    """Seed the global random sources student code may use without a generator.

    Without an accelerator only the CPU generator exists, and it is seeded directly:
    ``torch.manual_seed`` would also queue a seed for each accelerator that is not started,
    recording the caller's stack every time, and inside the sandbox, where the engine's own
    source files are not visible, reading that stack costs ~2 ms (a tenth of a week-1
    submission's time, at one seeding per test)."""
    if _accelerators():
        torch.manual_seed(seed)
    else:
        torch.random.default_generator.manual_seed(int(seed))
    random.seed(seed)
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed(seed % 2**32)


# Worker op names (prefixed: the worker's own ops keep their short names).
GRADER_OPS: dict[str, Callable[..., Any]] = {
    "dg_module_layout": module_layout,
    "dg_module_parameters": module_parameters,
    "dg_module_load": module_load,
    "dg_module_state": module_state,
    "dg_module_grads": module_grads,
    "dg_module_mode": module_mode,
    "dg_seed_all": seed_all,
    "dg_call_watched": call_watched,
}
