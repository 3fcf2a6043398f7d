"""Sandbox side: turn any student value into plain data plus RemoteRefs before sending.

Runs inside the sandbox. Types are read with ``type()`` (never ``__class__``, which a student
can fake) and containers are walked with the base class's own methods, so a student's
``__iter__``/``items`` overrides cannot change what is sent. Whatever this produces is
checked again by the trusted side's whitelist decoder: this step is for fidelity, not trust.
"""
from __future__ import annotations

import sys
from typing import Any, Callable

import torch

from deepgrade.sandbox.shared.wire import RemoteRef

MAX_DEPTH = 100
_QUALNAME = type.__dict__["__qualname__"]
_MODULE = type.__dict__["__module__"]


def type_name(obj: Any) -> str:
    """The real type's qualified name (a metaclass cannot override it here)."""
    kind = type(obj)
    try:
        name = _QUALNAME.__get__(kind)
        module = _MODULE.__get__(kind)
    except Exception:
        return "?"
    name = name if type(name) is str else "?"
    if type(module) is str and module not in ("builtins", "__main__"):
        return f"{module}.{name}"
    return name


class HandleTable:
    """Objects kept alive in the sandbox because a Handle on the trusted side refers to them.

    ``methods_of(obj)``: the method names a new reference carries (see ``RemoteRef``)."""

    def __init__(self, methods_of: Callable[[Any], tuple[str, ...]] | None = None) -> None:
        self._objects: dict[int, Any] = {}
        self._next_id = 1
        self._methods_of = methods_of

    def add(self, obj: Any) -> RemoteRef:
        ref_id = self._next_id
        self._next_id += 1
        self._objects[ref_id] = obj
        return RemoteRef(ref_id, type_name(obj), self._methods_of(obj) if self._methods_of else ())

    def get(self, ref_id: int) -> Any:
        try:
            return self._objects[ref_id]
        except KeyError:
            raise LookupError(f"remote object #{ref_id} no longer exists") from None

    def release(self, ref_ids: list[int]) -> None:
        for ref_id in ref_ids:
            self._objects.pop(ref_id, None)

    def __len__(self) -> int:
        return len(self._objects)


def _plain_tensor(value: torch.Tensor) -> torch.Tensor | None:
    """A plain CPU tensor with the same data, or None when it cannot be sent by value."""
    try:
        with torch._C.DisableTorchFunction():
            tensor = torch.Tensor.as_subclass(value, torch.Tensor)
            if tensor.layout != torch.strided or tensor.is_quantized:
                return None
            requires_grad = tensor.requires_grad
            tensor = tensor.detach()
            if tensor.device.type != "cpu":
                tensor = tensor.cpu()
            # torch.save writes the whole storage: a small view of a big tensor is copied.
            if (tensor.storage_offset() != 0 or not tensor.is_contiguous()
                    or tensor.untyped_storage().nbytes() > tensor.numel() * tensor.element_size()):
                tensor = tensor.clone(memory_format=torch.contiguous_format)
            if requires_grad and (tensor.is_floating_point() or tensor.is_complex()):
                tensor.requires_grad_(True)
            return tensor
    except Exception:
        return None


def to_plain(value: Any, table: HandleTable, _depth: int = 0, _path: frozenset[int] = frozenset()) -> Any:
    """Plain data where possible, RemoteRef for everything else (see module docstring)."""
    kind = type(value)
    if value is None or kind is bool or kind is int or kind is float or kind is str or kind is bytes \
            or kind is complex or kind is torch.dtype or kind is torch.device:
        return value
    if issubclass(kind, bool):
        return bool(int.__int__(value))
    if issubclass(kind, int):
        return int.__int__(value)
    if issubclass(kind, float):
        return float.__float__(value)
    if issubclass(kind, complex):
        return complex(complex.__dict__["real"].__get__(value), complex.__dict__["imag"].__get__(value))
    if issubclass(kind, str):
        return str.__str__(value)
    if issubclass(kind, (bytes, bytearray)):
        return bytes(memoryview(value))
    if issubclass(kind, torch.Tensor):
        tensor = _plain_tensor(value)
        return tensor if tensor is not None else table.add(value)
    numpy = sys.modules.get("numpy")
    if numpy is not None and kind.__module__ == "numpy" and issubclass(kind, numpy.generic):
        try:
            return to_plain(numpy.generic.item(value), table, _depth + 1, _path)
        except Exception:
            return table.add(value)
    if _depth >= MAX_DEPTH or id(value) in _path:
        return table.add(value)
    path = _path | {id(value)}
    if issubclass(kind, torch.Size):
        return torch.Size([int.__int__(v) if issubclass(type(v), int) else 0 for v in tuple.__iter__(value)])
    if issubclass(kind, tuple):  # namedtuples and other subclasses arrive as plain tuples
        return tuple(to_plain(v, table, _depth + 1, path) for v in tuple.__iter__(value))
    if issubclass(kind, list):
        return [to_plain(v, table, _depth + 1, path) for v in list.__iter__(value)]
    if issubclass(kind, dict):  # OrderedDict (state_dict), defaultdict -> dict
        return {_key(k, table, _depth, path): to_plain(v, table, _depth + 1, path)
                for k, v in dict.items(value)}
    if issubclass(kind, frozenset):
        return frozenset(_key(v, table, _depth, path) for v in frozenset.__iter__(value))
    if issubclass(kind, set):
        return {_key(v, table, _depth, path) for v in set.__iter__(value)}
    return table.add(value)


def _key(value: Any, table: HandleTable, depth: int, path: frozenset[int]) -> Any:
    """Dict keys and set members: plain when hashable after conversion, else a RemoteRef."""
    plain = to_plain(value, table, depth + 1, path)
    try:
        hash(plain)
    except TypeError:
        return table.add(value)
    return plain
