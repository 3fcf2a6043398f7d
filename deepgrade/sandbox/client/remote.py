"""Questions about remote objects, as functions (never Handle methods, so they cannot collide
with the student's attribute names). Every answer is computed inside the sandbox and comes
back as plain data.

Given a real object instead of a Handle (the in-process backend, where student code runs in
the grader's own process), each question is answered the same way, here."""
from __future__ import annotations

import copy
from typing import Any

from deepgrade.sandbox.inside import questions
from deepgrade.sandbox.client.handles import Handle
from deepgrade.sandbox.inside.plain import type_name as _local_type_name
from deepgrade.sandbox.client.proxy import Sandbox


def _sandbox_of(*values: Any) -> Sandbox:
    for value in values:
        if isinstance(value, Handle):
            return value._dg_sandbox
    raise TypeError("expected a Handle (a remote object from student code)")


def type_name(h: Handle) -> str:
    """Qualified name of the remote object's real type, e.g. "fourcal.Fourcal"."""
    if not isinstance(h, Handle):
        return _local_type_name(h)
    return _sandbox_of(h)._call("type_name", h)


def is_subclass(a: Handle, b: Handle | Any) -> bool:
    """Remote ``issubclass(a, b)``; ``b`` a Handle, or a library class such as ``torch.nn.Module``
    (or a tuple of them), which the sandbox looks up by name in its own copy of the library."""
    if not isinstance(a, Handle):
        return questions.real_subclass(a, b)
    return _sandbox_of(a)._call("is_subclass", a, b)


def is_instance(h: Handle, cls: Handle | Any) -> bool:
    """Remote ``isinstance(h, cls)``; ``cls`` as for ``is_subclass``."""
    if not isinstance(h, Handle):
        return questions.real_instance(h, cls)
    return _sandbox_of(h)._call("is_instance", h, cls)


def defines(cls: Handle, name: str) -> bool:
    """Whether the class defines ``name`` in its own ``__dict__`` (not inherited)."""
    if not isinstance(cls, Handle):
        return name in (type.__dict__["__dict__"].__get__(cls) if isinstance(cls, type) else vars(cls))
    return _sandbox_of(cls)._call("defines", cls, name)


def attr(h: Handle, name: str) -> Any:
    """Remote ``getattr(h, name)``, also for names a Handle itself defines (``__init__``, ``__len__``)."""
    if not isinstance(h, Handle):
        return getattr(h, name)
    return _sandbox_of(h)._call("getattr", h, name)


def code_names(func: Handle, method: str | None = None) -> tuple[str, ...]:
    """Names used by a function's code (``co_names``, nested code included), or by
    ``func.<method>`` when ``method`` is given: "super" in code_names(student.Child, "__init__")
    shows that super() is really called."""
    target = attr(func, method) if method is not None else func
    if not isinstance(target, Handle):
        return tuple(questions.code_names(target))
    return tuple(_sandbox_of(func)._call("code_names", target))


def same(a: Handle, b: Handle) -> bool:
    """Remote identity (``a is b`` inside the sandbox)."""
    if not isinstance(a, Handle) and not isinstance(b, Handle):
        return a is b
    return _sandbox_of(a, b)._call("same", a, b)


def ref_call(func: Handle, *args: Any, **kwargs: Any) -> Handle:
    """Call ``func`` and keep the result remote as a Handle, even if it is plain data."""
    if not isinstance(func, Handle):
        return func(*args, **kwargs)
    return _sandbox_of(func)._call("call", func, args, kwargs, keep_ref=True)


def put(target: Sandbox | Handle, value: Any) -> Handle:
    """A remote copy of ``value`` (plain data) inside the sandbox, as a Handle (in-process: a copy)."""
    if not isinstance(target, (Sandbox, Handle)):
        return copy.deepcopy(value)
    sandbox = target if isinstance(target, Sandbox) else _sandbox_of(target)
    return sandbox._call("put", value, keep_ref=True)


def fetch(h: Handle | Any) -> Any:
    """The value of a remote object if it is plain data (else StudentError(TypeError)).

    A value that already came back as plain data (a call's int, a state_dict) is returned as
    it is: a grader need not know which results the sandbox could send back by value."""
    if not isinstance(h, Handle):
        return h
    return _sandbox_of(h)._call("fetch", h)
