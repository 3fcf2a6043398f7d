"""Watching one call for forbidden torch functions ("implement it yourself" problems).

A ``TorchFunctionMode`` sees every torch function and Tensor method called while it is
active, also those reached through library code (``nn.Conv2d`` calls ``F.conv2d``). The
watch only records what it sees: the call runs to its end as usual, and the grader fails
the test afterwards, naming the forbidden functions. It runs wherever the student's code
runs: inside the sandbox (served by the worker) or in-process for author checks.

Forbidden functions are named by their dotted import path (``"torch.nn.functional.conv2d"``,
``"torch.Tensor.unfold"``, ``"torch.ops.aten.conv2d"``) and resolved here, in the process that
runs the student's code. Aliases are the same object (``F.conv2d`` is ``torch.conv2d``); an
``aten`` operator packet also covers its overloads (``aten.conv2d.default``).
"""
from __future__ import annotations

import importlib
from typing import Any, Callable, Sequence

from torch.overrides import TorchFunctionMode

MAX_NAMES = 64


def resolve(dotted: str) -> Any:
    """The object an import path names (longest importable module, then attributes); None if none."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for part in parts[cut:]:
                found = getattr(found, part)
        except AttributeError:
            return None
        return found
    return None


def _packet(func: Any) -> Any:
    """The operator packet of an ``OpOverload`` (``aten.conv2d.default`` -> ``aten.conv2d``)."""
    try:
        return object.__getattribute__(func, "_overloadpacket")
    except AttributeError:
        return None


class ForbiddenWatch(TorchFunctionMode):
    """Records, in call order, which of the named functions were called while active."""

    def __init__(self, names: Sequence[str]) -> None:
        super().__init__()
        self._by_id: dict[int, str] = {}
        self._keep: list[Any] = []  # keeps the resolved objects alive, so their ids stay theirs
        for name in list(names)[:MAX_NAMES]:
            found = resolve(name)
            if found is not None and id(found) not in self._by_id:
                self._by_id[id(found)] = name
                self._keep.append(found)
        self.seen: list[str] = []

    def _name_of(self, func: Any) -> str | None:
        name = self._by_id.get(id(func))
        if name is None:
            packet = _packet(func)
            if packet is not None:
                name = self._by_id.get(id(packet))
        return name

    def __torch_function__(self, func: Any, types: Any, args: tuple[Any, ...] = (),
                           kwargs: dict[str, Any] | None = None) -> Any:
        name = self._name_of(func)
        if name is not None and name not in self.seen:
            self.seen.append(name)
        return func(*args, **(kwargs or {}))


def call_watched(func: Callable[..., Any], args: Sequence[Any], kwargs: dict[str, Any],
                 names: Sequence[str]) -> dict[str, Any]:
    """``func(*args, **kwargs)`` under the watch: ``{"result", "forbidden", "function"}``."""
    watch = ForbiddenWatch(names)
    with watch:
        result = func(*args, **kwargs)
    function = getattr(func, "__name__", None)
    return {"result": result, "forbidden": list(watch.seen),
            "function": function if type(function) is str else None}
