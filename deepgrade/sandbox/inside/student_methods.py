"""Sandbox side: the names under which an object's attribute lookup finds a method the student
wrote, sent with its reference so the trusted side may send ``h.name(...)`` as one request.

A name qualifies when the first class of the object's MRO that defines it holds a plain
function compiled from one of the student's files, and the instance's own ``__dict__`` does
not hold it: ``getattr`` then returns that function bound to the object. Read through
``type``'s own descriptors, never the object's attributes. Anything unusual (a metaclass, a
``__getattribute__`` of its own, a ``__dict__`` that is not the builtin one) gives no names:
each lookup then makes its own request, as always.
"""
from __future__ import annotations

import types
from typing import Any, Collection

from deepgrade.sandbox.shared.wire import MAX_METHOD_NAMES, MAX_NAME_CHARS

_MRO = type.__dict__["__mro__"]
_CLASS_DICT = type.__dict__["__dict__"]
_CODE = types.FunctionType.__dict__["__code__"]
_OBJECT_GETATTRIBUTE = object.__dict__["__getattribute__"]


def _first_in_mro(mro: tuple[type, ...], name: str) -> Any:
    for cls in mro:
        namespace = _CLASS_DICT.__get__(cls)
        if name in namespace:
            return namespace[name]
    return None


def student_methods(obj: Any, filenames: Collection[str]) -> tuple[str, ...]:
    """The method names of ``obj`` written in ``filenames`` (dunder names left out)."""
    kind = type(obj)
    if type(kind) is not type:
        return ()
    mro = _MRO.__get__(kind)
    if _first_in_mro(mro, "__getattribute__") is not _OBJECT_GETATTRIBUTE:
        return ()
    dict_descriptor = _first_in_mro(mro, "__dict__")
    if dict_descriptor is None:
        own: dict[str, Any] = {}
    elif type(dict_descriptor) is types.GetSetDescriptorType:
        own = dict_descriptor.__get__(obj, kind)
        if type(own) is not dict:
            return ()
    else:
        return ()
    names: list[str] = []
    seen: set[str] = set()
    for cls in mro:
        for name, value in _CLASS_DICT.__get__(cls).items():
            if type(name) is not str or name in seen:
                continue
            seen.add(name)
            if (type(value) is types.FunctionType and _CODE.__get__(value).co_filename in filenames
                    and not (name.startswith("__") and name.endswith("__")) and name.isidentifier()
                    and len(name) <= MAX_NAME_CHARS and name not in own):
                names.append(name)
    return tuple(names[:MAX_METHOD_NAMES])
