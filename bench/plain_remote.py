"""The graders' ``remote`` questions answered on plain objects, for the two unisolated graders.

deepgrade's ``deepgrade.sandbox.client.remote`` asks the sandbox about a Handle. In an nbgrader
notebook and in the in-process limit the student's objects are real objects, so the same
question is asked directly; the checks stay the same (same names, same meaning). The
benchmark swaps ``from deepgrade.sandbox import remote`` for this module in its copies of
the graders only.
"""
from __future__ import annotations

import copy
import types
from typing import Any

IMPORT_LINE = "from deepgrade.sandbox import remote"
REPLACEMENT = "import plain_remote as remote  # bench: the same questions on plain objects"


def type_name(h: Any) -> str:
    kind = type(h)
    return f"{kind.__module__}.{kind.__qualname__}"


def is_subclass(a: Any, b: Any) -> bool:
    return isinstance(a, type) and isinstance(b, type) and issubclass(a, b)


def is_instance(h: Any, cls: Any) -> bool:
    return isinstance(h, cls)


def defines(cls: Any, name: str) -> bool:
    return name in vars(cls)


def attr(h: Any, name: str) -> Any:
    return getattr(h, name)


def _names(code: types.CodeType) -> set[str]:
    found = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            found |= _names(const)
    return found


def code_names(func: Any, method: str | None = None) -> tuple[str, ...]:
    target = getattr(func, method) if method is not None else func
    code = getattr(getattr(target, "__func__", target), "__code__", None)
    return tuple(sorted(_names(code))) if code is not None else ()


def same(a: Any, b: Any) -> bool:
    return a is b


def ref_call(func: Any, *args: Any, **kwargs: Any) -> Any:
    return func(*args, **kwargs)


def put(target: Any, value: Any) -> Any:
    return copy.deepcopy(value)


def fetch(h: Any) -> Any:
    return h


def rewrite_import(source: str) -> str:
    return source.replace(IMPORT_LINE, REPLACEMENT)
