"""Sandbox side: answers to the graders' questions about classes that student code cannot bend.

``issubclass``/``isinstance`` ask the class's metaclass (``__subclasscheck__``,
``__instancecheck__``) and an object's ``__class__``, all of which a student can define to say
"yes" to anything. Here inheritance is read from the real MRO, compared by identity, and an
object's class is its real type; a function's names come from its real code object, not
from whatever a callable object's ``__code__`` attribute says. Only the standard ABCs of ``collections.abc`` and ``numbers``
keep their virtual subclasses (``list`` is a ``Sequence``): their checks are library code.
"""
from __future__ import annotations

import collections.abc
import functools
import numbers
import types
from typing import Any

_REAL_MRO = type.__dict__["__mro__"]
_FUNCTION_CODE = types.FunctionType.__dict__["__code__"]
_METHOD_FUNCTION = types.MethodType.__dict__["__func__"]


@functools.lru_cache(maxsize=1)  # the same every call: read the modules once
def _standard_abcs() -> tuple[type, ...]:
    found = []
    for module in (collections.abc, numbers):
        for name in dir(module):
            value = getattr(module, name)
            if isinstance(value, type) and value.__module__ in ("collections.abc", "_collections_abc", "numbers"):
                found.append(value)
    return tuple(found)


def _wanted(classinfo: Any) -> tuple[type, ...]:
    wanted = classinfo if type(classinfo) is tuple else (classinfo,)
    if not wanted or not all(isinstance(c, type) for c in wanted):
        raise TypeError("expected a class or a tuple of classes")
    return wanted


def real_subclass(cls: Any, classinfo: Any) -> bool:
    """``issubclass(cls, classinfo)`` by the real MRO (by identity)."""
    if not isinstance(cls, type):
        raise TypeError("expected a class")
    wanted = _wanted(classinfo)
    mro = _REAL_MRO.__get__(cls)
    if any(base is c for base in mro for c in wanted):
        return True
    standard = _standard_abcs()
    virtual = tuple(c for c in wanted if any(c is abc for abc in standard))
    return bool(virtual) and issubclass(cls, virtual)


def real_instance(obj: Any, classinfo: Any) -> bool:
    """``isinstance(obj, classinfo)`` for the object's real type (never its ``__class__``)."""
    return real_subclass(type(obj), classinfo)


def code_names(func: Any) -> list[str]:
    """The names a real function's code uses (``co_names``, nested code included)."""
    if type(func) is types.MethodType:
        func = _METHOD_FUNCTION.__get__(func)
    if type(func) is not types.FunctionType:
        raise TypeError("expected a function or a method")
    code = _FUNCTION_CODE.__get__(func)
    names: set[str] = set()
    stack = [code]
    while stack:  # include nested code (comprehensions, inner functions)
        current = stack.pop()
        names.update(current.co_names)
        stack.extend(c for c in current.co_consts if type(c) is types.CodeType)
    return sorted(names)
