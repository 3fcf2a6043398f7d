"""Trusted side: Handles (remote objects) and the ``student`` proxy.

A Handle forwards attribute access, calls, len/iter/next/getitem/bool/repr to the sandbox.
Equality is identity only: a student's ``__eq__`` never runs on this side, so an object
claiming to equal everything equals nothing here.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from deepgrade.sandbox.client.errors import SandboxCrashed, SandboxError
from deepgrade.sandbox.shared.wire import RemoteRef

if TYPE_CHECKING:
    from deepgrade.sandbox.client.proxy import Sandbox

REPR_CAP = 300
REPR_TIMEOUT_S = 2.0
# Dunder names that are forwarded; other dunders are looked up by Python machinery
# (pytest, copy, numpy, torch) and must not turn into remote calls.
FORWARDED_DUNDERS = frozenset({"__name__", "__qualname__", "__module__", "__doc__", "__wrapped__",
                               "__annotations__", "__version__"})


def _is_dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


class Handle:
    """A reference to an object living in a sandbox.

    ``_dg_methods``: the names of its methods the student wrote, as the sandbox saw them in
    the reply of request number ``_dg_fresh`` (see ``RemoteRef.methods``). While no other
    request has been sent since, ``h.name`` for such a name is a ``MethodHandle`` made here,
    and ``h.name(...)`` one request instead of two."""

    __slots__ = ("_dg_sandbox", "_dg_ref", "_dg_generation", "_dg_methods", "_dg_fresh", "__weakref__")

    def __init__(self, sandbox: "Sandbox", ref: RemoteRef, generation: int, fresh: int = -1) -> None:
        object.__setattr__(self, "_dg_sandbox", sandbox)
        object.__setattr__(self, "_dg_ref", ref)
        object.__setattr__(self, "_dg_generation", generation)
        object.__setattr__(self, "_dg_methods", ref.methods)
        object.__setattr__(self, "_dg_fresh", fresh)

    def _dg_refresh(self, methods: tuple[str, ...], fresh: int) -> None:
        object.__setattr__(self, "_dg_methods", methods)
        object.__setattr__(self, "_dg_fresh", fresh)

    def __del__(self) -> None:
        try:
            self._dg_sandbox._forget(self._dg_ref.ref_id, self._dg_generation)
        except Exception:
            pass

    def _dg_call(self, op: str, *args: Any, keep_ref: bool = False) -> Any:
        return self._dg_sandbox._call(op, self, *args, keep_ref=keep_ref)

    def __getattr__(self, name: str) -> Any:
        if _is_dunder(name) and name not in FORWARDED_DUNDERS:
            raise AttributeError(name)
        if name in self._dg_methods and self._dg_sandbox._fresh(self):
            return MethodHandle(self, name)
        return self._dg_call("getattr", name)

    def __setattr__(self, name: str, value: Any) -> None:
        self._dg_call("setattr", name, value)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._dg_call("call", args, kwargs)

    def __len__(self) -> int:
        return self._dg_call("len")

    def __iter__(self) -> "Handle":
        return self._dg_call("iter", keep_ref=True)

    def __next__(self) -> Any:
        return self._dg_call("next")

    def __getitem__(self, key: Any) -> Any:
        return self._dg_call("getitem", key)

    def __setitem__(self, key: Any, value: Any) -> None:
        self._dg_call("setitem", key, value)

    def __bool__(self) -> bool:
        return self._dg_call("bool")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Handle):
            return other._dg_sandbox is self._dg_sandbox and other._dg_ref.ref_id == self._dg_ref.ref_id
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return True if result is NotImplemented else not result

    def __hash__(self) -> int:
        return hash((id(self._dg_sandbox), self._dg_ref.ref_id))

    def __repr__(self) -> str:
        # Both the type name and the repr text are the student's: they end up in assertion
        # messages, so they must be encodable (see proxy.utf8_safe) and plain str.
        name = _safe_name(self._dg_ref.type_name)
        sandbox = self._dg_sandbox
        if not sandbox._usable(self._dg_generation):
            return f"<remote {name} (gone)>"
        try:
            with sandbox.deadline(REPR_TIMEOUT_S):
                text = sandbox._call("repr", self, REPR_CAP)
        except SandboxError:
            return f"<remote {name}>"
        if type(text) is not str:
            return f"<remote {name}>"
        return f"<remote {name}: {_safe_name(text)}>"

    def __reduce__(self) -> Any:
        raise TypeError("a Handle cannot be pickled or copied; use remote.fetch() for its value")

    def __dir__(self) -> list[str]:
        return []


_REF_SLOT = Handle.__dict__["_dg_ref"]  # a MethodHandle keeps its looked-up reference here


class MethodHandle(Handle):
    """``owner.name``, a method the student wrote, made without a request (see Handle).

    Called, it is one request: the sandbox looks the attribute up and calls it, exactly as
    the two requests would have (an attribute that turned into plain data fails as calling
    that data here would). Any other use (repr, an attribute of it, sending it) looks it up
    first, as ``owner.name`` would have."""

    __slots__ = ("_dg_owner", "_dg_name")

    def __init__(self, owner: Handle, name: str) -> None:  # no RemoteRef yet: _dg_ref is looked up
        object.__setattr__(self, "_dg_sandbox", owner._dg_sandbox)
        object.__setattr__(self, "_dg_generation", owner._dg_generation)
        object.__setattr__(self, "_dg_methods", ())
        object.__setattr__(self, "_dg_fresh", -1)
        object.__setattr__(self, "_dg_owner", owner)
        object.__setattr__(self, "_dg_name", name)

    def _dg_looked_up(self) -> RemoteRef | None:
        try:
            return _REF_SLOT.__get__(self)
        except AttributeError:
            return None

    @property
    def _dg_ref(self) -> RemoteRef:  # type: ignore[override]
        ref = self._dg_looked_up()
        if ref is None:
            try:
                found = self._dg_owner._dg_call("getattr", self._dg_name, keep_ref=True)
            except AttributeError as exc:  # gone since; a property must not raise AttributeError
                raise TypeError(f"{self._dg_name}: {exc}") from None
            ref = found._dg_ref
            object.__setattr__(found, "_dg_generation", -1)  # this Handle owns the reference now
            _REF_SLOT.__set__(self, ref)
        return ref

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._dg_looked_up() is not None:
            return super().__call__(*args, **kwargs)
        return self._dg_sandbox._call("call_method", self._dg_owner, self._dg_name, args, kwargs)

    def __del__(self) -> None:
        ref = self._dg_looked_up()  # never a request while being collected
        if ref is not None:
            try:
                self._dg_sandbox._forget(ref.ref_id, self._dg_generation)
            except Exception:
                pass


def _safe_name(text: object) -> str:
    if type(text) is not str:
        return "?"
    return text[:REPR_CAP].encode("utf-8", "backslashreplace").decode("utf-8")


class StudentProxy:
    """``student.Name`` looks ``Name`` up in the student's units (inside the sandbox)."""

    __slots__ = ("_dg_sandbox",)

    def __init__(self, sandbox: "Sandbox") -> None:
        object.__setattr__(self, "_dg_sandbox", sandbox)

    def __getattr__(self, name: str) -> Any:
        if _is_dunder(name):
            raise AttributeError(name)
        return self._dg_sandbox._lookup(name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("the student proxy is read-only")

    def __repr__(self) -> str:
        return "<student code (sandboxed)>"


def check_handle(handle: Handle, sandbox: "Sandbox") -> RemoteRef:
    """The wire reference of ``handle``, refusing handles of another or a restarted sandbox."""
    if handle._dg_sandbox is not sandbox:
        raise TypeError("a Handle from another sandbox cannot be used here")
    if not sandbox._current(handle._dg_generation):
        raise SandboxCrashed(sandbox._message("restarted"))
    return handle._dg_ref
