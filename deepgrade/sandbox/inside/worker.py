"""Sandbox side: the forked child's main loop. Serves requests from the trusted side.

Everything here runs with student code in the same process, so nothing here is trusted by
the other side: replies are decoded there by a whitelist. This module only has to be
correct for honest students and to turn every fault into a reply when it can.
"""
from __future__ import annotations

import collections
import os
import socket
import sys
import traceback
import types
from typing import Any, Callable

import torch

from deepgrade.sandbox.inside import isolation
from deepgrade.sandbox.inside.module_ops import GRADER_OPS, seed_all
from deepgrade.sandbox.inside.plain import HandleTable, to_plain, type_name
from deepgrade.sandbox.inside.questions import code_names, real_instance, real_subclass
from deepgrade.sandbox.inside.student_methods import student_methods
from deepgrade.sandbox.inside.units_runner import StudentUnits
from deepgrade.sandbox.shared.isolation_config import IsolationConfig
from deepgrade.sandbox.shared.wire import (LibraryClass, PeerClosed, RemoteRef, decode_request, encode_reply,
                                           recv_frame, send_frame)
from deepgrade.submission.units import CodeUnit

MESSAGE_CAP = 4000
RECEIVER_OPS = frozenset({"getattr", "call_method"})  # replies carry the receiver's methods
TRACEBACK_HEAD, TRACEBACK_TAIL = 3, 12


def _safe_text(value: Any) -> str:
    try:
        text = str(value)
        text = str.__str__(text) if isinstance(text, str) else "<unprintable>"
    except BaseException:
        text = "<unprintable>"
    return text if len(text) <= MESSAGE_CAP else text[:MESSAGE_CAP] + "…"


def _exit_call(exc: SystemExit) -> str:
    """How the student's code ended the run, as they would write it: ``sys.exit(3)``."""
    code = exc.code
    shown = repr(code) if type(code) in (int, str, type(None)) else type_name(code)
    return f"sys.exit({'' if code is None else shown})"


class Worker:
    def __init__(self, sock: socket.socket, config: IsolationConfig, workdir: str, layers: dict[str, str]) -> None:
        self.sock = sock
        self.config = config
        self.workdir = workdir
        self.layers = layers
        self.shims_installed = False
        self.table = HandleTable(methods_of=self.methods_of)
        self.units: StudentUnits | None = None
        self.seq = 0  # of the request being served (progress frames carry it)
        self.ops: dict[str, Callable[..., Any]] = {
            "hello": self.op_hello, "load_units": self.op_load_units, "run_unit": self.op_run_unit,
            "lookup": self.op_lookup, "getattr": lambda o, n: getattr(o, n), "call_method": self.op_call_method,
            "setattr": lambda o, n, v: setattr(o, n, v), "call": lambda f, a, k: f(*a, **k),
            "len": len, "iter": iter, "next": next, "bool": bool,
            "getitem": lambda o, k: o[k], "setitem": lambda o, k, v: o.__setitem__(k, v),
            "repr": self.op_repr, "type_name": type_name, "is_subclass": real_subclass,
            "is_instance": real_instance, "defines": self.op_defines, "code_names": self.op_code_names,
            "same": lambda a, b: a is b, "fetch": self.op_fetch, "put": lambda v: v,
        }
        self.ops.update(GRADER_OPS)  # modules behind handles, the forbidden-call watch, seeding

    # ------------------------------------------------------------------ ops
    def op_hello(self) -> dict[str, Any]:
        # A self-test before any student code runs: the reply takes the tensor path of the
        # wire (torch.save, which imports lazily), and the runtime folders must be readable
        # by this uid. A sandbox that fails here is broken by its host, not by the student.
        unreadable = [p for p in self.config.runtime_paths if not os.access(p, os.R_OK | os.X_OK)]
        probe = (torch.zeros(2), torch.float32, torch.device("cpu"), torch.Size([2]))
        return {"pid": os.getpid(), "layers": dict(self.layers), "probe": probe, "unreadable": unreadable,
                "workdir": os.getcwd()}

    def op_load_units(self, units: list[tuple[str, str, str, str]], skip: list[int],
                      stops: dict[int, int] | None = None) -> None:
        self.units = StudentUnits([CodeUnit(*u) for u in units], self.workdir)
        self.units.skipped = set(skip)
        self.units.stops = {int(k): int(v) for k, v in (stops or {}).items()}
        self.units.install()

    def send_progress(self, index: int, line: int) -> None:
        """Before each top-level statement of a unit being run: a frame the trusted side keeps
        as the last one reached (the reply to run_unit comes after)."""
        send_frame(self.sock, encode_reply({"seq": self.seq, "kind": "progress", "unit": index, "line": line}))

    def op_run_unit(self, index: int) -> str | None:
        assert self.units is not None
        if not self.shims_installed:
            self.shims_installed = True
            shims = sys.modules.get("deepgrade.sandbox.inside.shims")
            if shims is not None:
                shims.install_shims(self.workdir)
        self.units.progress = self.send_progress
        try:
            self.units.run(index)
        finally:
            self.units.progress = None  # only while a unit runs: no other reply is preceded by progress
        return "shadowing" if index in self.units.shadowing else None

    def op_call_method(self, obj: Any, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """``getattr(obj, name)(*args, **kwargs)`` as one request. The trusted side had an
        attribute a Handle would be made for (a method); one that is plain data by now would
        have been called there, and fails as it would have."""
        attribute = getattr(obj, name)
        if type(attribute) is not types.MethodType:
            plain = to_plain(attribute, HandleTable())
            if type(plain) is not RemoteRef:
                raise _NotCallable(f"'{type(plain).__name__}' object is not callable")
        return attribute(*args, **kwargs)

    def methods_of(self, obj: Any) -> tuple[str, ...]:
        """The names of ``obj``'s methods written by the student (see student_methods)."""
        return student_methods(obj, self.units.filenames) if self.units is not None else ()

    def op_lookup(self, name: str, prefer: str | None) -> Any:
        assert self.units is not None
        found, value = self.units.lookup(name, prefer)
        if not found:
            raise _Missing(self.units.defined_names())
        return value

    def op_repr(self, obj: Any, cap: int) -> str:
        text = repr(obj)
        text = str.__str__(text) if isinstance(text, str) else "<bad repr>"
        return text if len(text) <= cap else text[:cap] + "…"

    def op_defines(self, cls: Any, name: str) -> bool:
        namespace = type.__dict__["__dict__"].__get__(cls) if isinstance(cls, type) else vars(cls)
        return name in namespace

    def op_code_names(self, func: Any) -> list[str]:
        return code_names(func)

    def op_fetch(self, obj: Any) -> Any:
        plain = to_plain(obj, self.table)
        if isinstance(plain, RemoteRef):
            raise TypeError(f"{type_name(obj)} is not plain data")
        return plain

    # ------------------------------------------------------------------ plumbing
    def resolve(self, value: Any) -> Any:
        kind = type(value)
        if kind is RemoteRef:
            return self.table.get(value.ref_id)
        if kind in (list, tuple, set, frozenset):
            return kind(self.resolve(v) for v in value)
        if kind is dict:
            return {self.resolve(k): self.resolve(v) for k, v in value.items()}
        if kind is collections.OrderedDict:
            return collections.OrderedDict((self.resolve(k), self.resolve(v)) for k, v in value.items())
        if kind is LibraryClass:
            return value.load()
        if kind is slice:
            return slice(self.resolve(value.start), self.resolve(value.stop), self.resolve(value.step))
        return value

    def student_traceback(self, exc: BaseException) -> list[str]:
        filenames = self.units.filenames if self.units else set()
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in filenames]
        lines = [f"{f.filename}:{f.lineno} in {f.name}: {(f.line or '').strip()}" for f in frames]
        if isinstance(exc, SyntaxError) and exc.filename in filenames:
            lines.append(f"{exc.filename}:{exc.lineno}: {(exc.text or '').strip()}")
        if len(lines) > TRACEBACK_HEAD + TRACEBACK_TAIL:
            hidden = len(lines) - TRACEBACK_HEAD - TRACEBACK_TAIL
            lines = lines[:TRACEBACK_HEAD] + [f"… {hidden} more frames …"] + lines[-TRACEBACK_TAIL:]
        return lines

    def handle(self, op: str, args: tuple[Any, ...], keep_ref: bool, seed: int | None = None) -> dict[str, Any]:
        try:
            if seed is not None:  # a test's seed_globals, sent with its first call
                seed_all(seed)
            resolved = self.resolve(args)
            result = self.ops[op](*resolved)
            reply = {"kind": "value", "value": self.table.add(result) if keep_ref else to_plain(result, self.table)}
            if op in RECEIVER_OPS:  # what the receiver's methods are now, after the student code ran
                methods = self.methods_of(resolved[0])
                if methods:
                    reply["methods"] = methods
            return reply
        except _Missing as missing:
            return {"kind": "missing", "names": missing.names}
        except _NotCallable as wrong:
            return {"kind": "not_callable", "message": str(wrong)}
        except StopIteration:
            return {"kind": "stop"}
        except SystemExit as exc:
            return {"kind": "crash", "cause": "exit_called", "detail": _exit_call(exc)}
        except Exception as exc:
            return {"kind": "error", "type": type_name(exc), "message": _safe_text(exc),
                    "traceback": self.student_traceback(exc)}
        except BaseException as exc:  # KeyboardInterrupt, GeneratorExit, ...
            return {"kind": "crash", "cause": "base_exception", "detail": type_name(exc)}

    def serve(self) -> None:
        while True:
            try:
                seq, op, args, keep_ref, release, seed = decode_request(recv_frame(self.sock))
            except PeerClosed:
                return
            self.table.release(release)
            self.seq = seq
            reply = self.handle(op, args, keep_ref, seed)
            reply["seq"] = seq
            for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
                try:
                    stream.flush()
                except BaseException:
                    pass
            try:
                payload = encode_reply(reply)
            except BaseException as exc:
                payload = encode_reply({"seq": seq, "kind": "error", "type": "EncodingError",
                                        "message": f"result could not be sent: {type_name(exc)}",
                                        "traceback": []})
            send_frame(self.sock, payload)


class _NotCallable(Exception):
    """``call_method`` on an attribute that the trusted side would have received as plain data."""


class _Missing(Exception):
    def __init__(self, names: list[str]) -> None:
        self.names = names


def child_main(config: dict[str, Any], rpc_fd: int, out_fd: int, layout: Any = None) -> None:
    """Entry point in the zygote's forked child, with the fork request's ``IsolationConfig``
    as JSON data. Never returns: always ends with os._exit. ``layout``: the host's part of the
    root (``rootfs.HostLayout``), read once by the zygote."""
    try:
        torch.set_num_threads(1)  # before anything else: fork after a parallel op hangs (pytorch #41197)
        isolation_config = IsolationConfig.from_dict(config)

        def serve(workdir: str, layers: dict[str, str]) -> None:
            Worker(socket.socket(fileno=rpc_fd), isolation_config, workdir, layers).serve()

        isolation.run(isolation_config, out_fd, rpc_fd, serve, layout)  # the worker process serves; never returns
    finally:
        os._exit(70)
