"""Trusted side: ``Sandbox``, one submission's sandbox process and the calls into it.

Lifecycle: fork from the zygote, isolate, load and run the units (a unit that hangs or kills
the process is recorded, the sandbox re-forked and the units run again without it). After a
crash or timeout in a call, the next call re-forks a fresh sandbox transparently; Handles
from before then raise SandboxCrashed("sandbox was restarted").
"""
from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import threading
import time
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Iterator

import torch

from deepgrade.sandbox.client import messages
from deepgrade.sandbox.client.errors import (MissingName, ProtocolError, SandboxCrashed, SandboxError,
                                             SandboxSetupError, SandboxTimeout, StudentError, student_error)
from deepgrade.sandbox.client.handles import Handle, StudentProxy, check_handle
from deepgrade.sandbox.client.monitor import Monitor, OutputBuffer, anon_memory_kb, sandbox_pids
from deepgrade.sandbox.client.refusal import unisolated_refusal
from deepgrade.sandbox.client.workspace import SandboxFolder, UidSlot, acquire_uid, processes_of_uid
from deepgrade.sandbox.client.zygote import Zygote
from deepgrade.sandbox.shared import wire
from deepgrade.sandbox.shared.isolation_config import PIDS, IsolationConfig, missing_required
from deepgrade.sandbox.shared.spec import SandboxSpec
from deepgrade.submission.names import close_spelling, definitions

HELLO_TIMEOUT_S = 30.0
MAX_HUNG_UNITS = 3
TEXT_CAP = 20_000  # a reply's message/traceback line; the worker caps at 4000


# Real type names (plain.type_name) of the top-level objects whose lookups may be remembered.
_STABLE_LOOKUPS = frozenset({"function", "type", "abc.ABCMeta"})


@dataclass(frozen=True)
class UnitReport:
    name: str
    filename: str
    status: str          # ok | error | timeout | crashed
    message: str = ""


@dataclass
class _Child:
    pid: int
    sock: socket.socket
    out_fd: int
    monitor: Monitor
    generation: int


class Sandbox:
    def __init__(self, spec: SandboxSpec, zygote: Zygote) -> None:
        self.spec = spec
        self.zygote = zygote
        self.student = StudentProxy(self)
        self.import_report: tuple[UnitReport, ...] = ()
        self.isolation_warnings: tuple[str, ...] = ()   # layers that could not be applied, as text
        self.layers: dict[str, str] = {}                # layer -> "" (applied) or why not (isolation)
        self.generation = 0
        self._outputs = OutputBuffer(spec.limits.output_bytes)
        self._lock = threading.RLock()
        self._child: _Child | None = None
        self._kill_reason: str | None = None
        self._seq = 0
        self._released: list[int] = []
        self._deadlines: list[list[float]] = []   # [end, seconds] of active deadline() blocks
        self._bad_units: set[int] = set()
        self._stops: dict[int, int] = {}     # unit -> top-level line it hung or died at: run up to it
        self._reached: dict[int, int] = {}   # unit -> last top-level line it started (progress frames)
        self._slot: UidSlot | None = None
        self._folder: SandboxFolder | None = None
        self._workdir_inside = ""
        self._oom_kills = 0
        self._closed = False
        self._last_lookup = ""
        self._lookup_cache: dict[str, Handle] = {}  # student.<name> -> its function/class Handle
        self._pending_seed: int | None = None       # seed_globals(): sent with the next call

    # ------------------------------------------------------------------ public API
    def __enter__(self) -> "Sandbox":
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @property
    def uid(self) -> int | None:
        return self._slot.uid if self._slot else None

    @property
    def workdir(self) -> str:
        """Where student code runs, as it sees it (``/home/student`` when isolated)."""
        assert self._folder is not None
        return self._workdir_inside or self._folder.stage

    @property
    def stage_dir(self) -> str:
        """The host folder holding the submission's files as staged for this sandbox."""
        assert self._folder is not None
        return self._folder.stage

    @property
    def pid(self) -> int | None:
        return self._child.pid if self._child else None

    @property
    def output(self) -> str:
        if self._child is not None:
            self._outputs.drain(self._child.out_fd)
        return self._outputs.text()

    @property
    def output_bytes(self) -> int:
        return self._outputs.total

    def start(self) -> None:
        if self.zygote.dedicated_uids:
            self._slot = acquire_uid()
            for _ in range(3):  # leftovers of a run that died without cleaning up
                if not processes_of_uid(self._slot.uid):
                    break
                self.zygote.kill_uid(self._slot.uid)
        self._folder = SandboxFolder(self.spec, self.uid)
        if self.zygote.cgroup is not None:
            self.zygote.cgroup.set_limit(self._backstop_bytes())
        self.import_report = self._load_units(record=True)

    def restart(self) -> None:
        """Re-fork a fresh sandbox now and run the units again (old Handles become unusable)."""
        with self._lock:
            self._stop_child()
            self._load_units(record=False)

    @contextlib.contextmanager
    def deadline(self, seconds: float) -> Iterator[None]:
        """Remote calls inside share one wall-clock budget of ``seconds``."""
        entry = [time.monotonic() + seconds, float(seconds)]
        self._deadlines.append(entry)
        try:
            yield
        finally:
            self._deadlines.remove(entry)

    def seed_globals(self, seed: int) -> None:
        """Seed the global random sources where student code runs (torch, random, numpy).

        The seed travels with the next call instead of making a round trip of its own (one
        per test, a tenth of a week-1 submission's round trips): no student code runs in the
        sandbox between now and that call, so it sees the same random state either way. A
        seed that fails (student code broke torch's seeding) fails that call."""
        self._pending_seed = int(seed)

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._stop_child(wait=False)
            if self._folder is not None:
                self._folder.remove()
            if self._slot is not None:
                self._slot.release()
                self._slot = None

    # ------------------------------------------------------------------ helpers for handles
    def _message(self, key: str, **values: Any) -> str:
        return messages.text(self.spec.language, key, **values)

    def _current(self, generation: int) -> bool:
        return generation == self.generation

    def _usable(self, generation: int) -> bool:
        return self._child is not None and generation == self.generation and not self._closed

    def _fresh(self, handle: Handle) -> bool:
        """Whether no request was sent since the reply that told ``handle``'s methods."""
        return handle._dg_fresh == self._seq and self._usable(handle._dg_generation)

    def _forget(self, ref_id: int, generation: int) -> None:
        if generation == self.generation:
            self._released.append(ref_id)

    # ------------------------------------------------------------------ child lifecycle
    def _backstop_bytes(self) -> int:
        """The memory cgroup's hard limit: the watchdog's limit plus what it cannot see (the
        sandbox's tmpfs folders, copy-on-write copies of the zygote's pages) and a margin."""
        limits = self.spec.limits
        if limits.memory_backstop_mb is not None:
            return limits.memory_backstop_mb << 20
        from deepgrade.sandbox.inside.rootfs import TMP_SIZE_MB
        zygote_mb = self.zygote.anon_kb >> 10
        return (limits.memory_mb + limits.disk_mb + 3 * TMP_SIZE_MB + zygote_mb + 256) << 20

    def _isolation(self) -> IsolationConfig:
        assert self._folder is not None
        return IsolationConfig.for_sandbox(self.spec, stage_dir=self._folder.stage, root_dir=self._folder.root,
                                           uid=self.uid, runtime_paths=tuple(self.zygote.runtime_paths),
                                           init_program=self.zygote.init_program)

    def _spawn(self) -> None:
        """Fork a fresh child (the old one must be stopped) and say hello."""
        self._stop_child()
        parent_sock, child_sock = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        out_read, out_write = os.pipe()
        os.set_blocking(out_read, False)
        self._oom_kills = self.zygote.cgroup.oom_kills() if self.zygote.cgroup is not None else 0
        isolation = self._isolation()
        try:
            pid = self.zygote.fork(isolation.to_dict(), child_sock.fileno(), out_write)
        finally:
            child_sock.close()
            os.close(out_write)
        self.generation += 1
        self._kill_reason = None
        baseline = anon_memory_kb(pid)
        monitor = Monitor(out_fd=out_read, output=self._outputs, pid=pid, uid=self.uid,
                          baseline_kb=baseline, limit_kb=self.spec.limits.memory_mb * 1024,
                          on_excess=self._memory_exceeded)
        self._child = _Child(pid, parent_sock, out_read, monitor, self.generation)
        monitor.start()
        self._released = []
        try:
            hello = self._raw_call("hello", (), deadline=time.monotonic() + HELLO_TIMEOUT_S,
                                   seconds=HELLO_TIMEOUT_S)
        except SandboxError as exc:
            tail = "\n".join(self.output.strip().splitlines()[-8:])
            raise SandboxSetupError(f"the sandbox failed its self-test before running student code: "
                                    f"{exc}" + (f"\n{tail}" if tail else "")) from None
        if not isinstance(hello, dict) or not isinstance(hello.get("probe"), tuple):
            raise SandboxSetupError("the sandbox failed its self-test: no readable hello")
        if hello.get("unreadable"):
            raise SandboxSetupError("student code could not read the Python runtime: "
                                    + ", ".join(map(str, hello["unreadable"])))
        self.layers = {str(k): str(v) for k, v in dict(hello["layers"]).items()}
        self._workdir_inside = str(hello["workdir"])
        self._child.monitor.contained = self.layers.get(PIDS) == ""
        missing = missing_required(self.layers, isolation.required)
        if missing and not self.spec.allow_unisolated:
            self._stop_child()  # before any student code runs
            raise SandboxSetupError(unisolated_refusal(missing))
        warnings = tuple(f"{name}: {why}" for name, why in self.layers.items() if why)
        self.isolation_warnings = tuple(dict.fromkeys(self.isolation_warnings + warnings))

    def _memory_exceeded(self, used_kb: int) -> None:
        if self._kill_reason is None:
            self._kill_reason = self._message("memory", mb=self.spec.limits.memory_mb)
            child = self._child
            if child is not None:
                self._kill_processes(child.pid)

    def _kill_processes(self, pid: int) -> None:
        """SIGKILL the sandbox's process group. In its own PID namespace that is all: the
        namespace's init dies with the group, and the kernel kills whatever student code left
        in it (a process that left the group with setsid() too). Without one: every process
        of its dedicated uid, or of its process tree."""
        contained = self.layers.get(PIDS) == ""
        pids = [] if self.uid is not None or contained else sandbox_pids(pid, None)
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)
        for other in pids:
            with contextlib.suppress(OSError):
                os.kill(other, signal.SIGKILL)
        if self.uid is not None and not contained:
            # The child itself is dead or dying (SIGKILL above). Anything else of its uid,
            # e.g. a grandchild that left the group with setsid(), is killed by the zygote;
            # when there is none, the ~25 ms round trip is skipped.
            if not [other for other in processes_of_uid(self.uid) if other != pid]:
                return
            try:
                self.zygote.kill_uid(self.uid)
            except SandboxCrashed:  # the zygote is gone: kill what we can see, as root
                for other in processes_of_uid(self.uid):
                    with contextlib.suppress(OSError):
                        os.kill(other, signal.SIGKILL)

    def _stop_child(self, *, wait: bool = True) -> None:
        """Kill the sandbox's processes. ``wait``: until they are gone and reaped (a restart
        and a death's reason need that); else the zygote reaps them in the background (the
        kernel takes tens of milliseconds to take the namespaces down, nobody need wait)."""
        child, self._child = self._child, None
        if child is None:
            return
        with contextlib.suppress(OSError):
            child.sock.close()
        self._kill_processes(child.pid)
        with contextlib.suppress(SandboxCrashed):
            if wait or self.layers.get(PIDS) != "":
                self.zygote.wait(child.pid, timeout_s=5.0)
            else:
                self.zygote.release(child.pid)
        child.monitor.stop()
        self._outputs.drain(child.out_fd)
        os.close(child.out_fd)

    def _death_reason(self, pid: int) -> str:
        if self._kill_reason is not None:
            return self._kill_reason
        state = self.zygote.wait(pid, timeout_s=3.0)
        if self._kill_reason is not None:
            return self._kill_reason
        if self.zygote.cgroup is not None and self.zygote.cgroup.oom_kills() > self._oom_kills:
            return self._message("memory", mb=self.spec.limits.memory_mb)
        if state["state"] == "signaled":
            return messages.signal_reason(self.spec.language, int(state["signal"]))
        if state["state"] == "exited":
            return self._message("exited", code=state["code"])
        return self._message("exited", code="?")

    # ------------------------------------------------------------------ units
    def _load_units(self, *, record: bool) -> tuple[UnitReport, ...]:
        units = self.spec.units
        reports: dict[int, UnitReport] = {}
        hung = 0
        while True:
            self._spawn()
            wire_units = [(u.name, u.filename, u.source, u.kind) for u in units]
            # never carrying a test's seed: the units' top-level code runs before the seeding
            self._call("load_units", wire_units, sorted(self._bad_units), dict(self._stops), seeded=False)
            self._reached = {}
            end = time.monotonic() + self.spec.limits.import_timeout_s
            dead = False
            for index, unit in enumerate(units):
                if index in self._bad_units:
                    continue
                if hung >= MAX_HUNG_UNITS:
                    self._bad_units.add(index)
                    reports[index] = UnitReport(unit.name, unit.filename, "error", self._message("not_run"))
                    continue
                status, message = "ok", ""
                try:
                    note = self._raw_call("run_unit", (index,), deadline=end,
                                          seconds=self.spec.limits.import_timeout_s)
                    if note == "shadowing":
                        message = self._message("shadowing", file=unit.filename)
                except SandboxTimeout as exc:
                    status, message = "timeout", self._message("import_timeout", seconds=exc.seconds)
                    hung += 1
                except SandboxCrashed as exc:
                    status, message = "crashed", exc.reason
                except StudentError as exc:
                    status, message = "error", exc.describe()
                if self._child is None:  # it hung or the process died: next time, stop before that line
                    message += self._stop_before_reached(index)
                    dead = True
                reports.setdefault(index, UnitReport(unit.name, unit.filename, status, message))
                if dead:
                    break
            if not dead:
                break
        return tuple(reports[i] for i in sorted(reports)) if record else self.import_report

    def _stop_before_reached(self, index: int) -> str:
        """After unit ``index`` hung or killed its process: rerun it only up to the top-level
        statement it had reached (once; a unit that fails again is skipped whole). The note
        for its report ("" when it is skipped whole)."""
        line = self._reached.get(index)
        if line is None or index in self._stops:
            self._bad_units.add(index)
            return ""
        self._stops[index] = line
        unit = self.spec.units[index]
        lines = unit.source.splitlines()
        code = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        return self._message("stopped_at", file=unit.filename, line=line,
                             code=code if len(code) <= 60 else code[:60] + "…")

    def _lookup(self, name: str) -> Any:
        # A grader names student.Fourcal or student.add in almost every test, a quarter of all
        # round trips. A function or a class found at the top level of the student's code is
        # remembered for this sandbox process: student code that rebinds its own top-level
        # functions or classes after import is vanishingly rare, and data (plain values and
        # other objects) is always looked up afresh.
        cached = self._lookup_cache.get(name)
        if cached is not None and self._child is not None and self._current(cached._dg_generation):
            return cached
        prefer = self.spec.provides.get(name)
        self._last_lookup = name
        found = self._call("lookup", name, prefer)
        if isinstance(found, Handle) and found._dg_ref.type_name in _STABLE_LOOKUPS:
            self._lookup_cache[name] = found
        return found

    def _missing(self, name: str, names: list[str]) -> MissingName:
        expected = self.spec.provides.get(name)
        unit_index = next((i for i, u in enumerate(self.spec.units) if expected in (u.name, u.filename)), None)
        # a hint names a close spelling only; otherwise the message lists what the file defines
        suggestion = close_spelling(name, names)
        report = None
        if unit_index is not None and unit_index < len(self.import_report):
            report = self.import_report[unit_index]
        location = expected_file = ""
        if unit_index is not None:
            location = expected_file = self.spec.units[unit_index].filename
        cells = [u for u in self.spec.units if u.kind == "cell"]
        notebook = cells[0].filename.partition(" (")[0] if cells else None
        if notebook is not None and unit_index is None:
            # a notebook stands in for every file: nothing "was not submitted"
            message = self._message("not_in_notebook", notebook=notebook, name=name)
            message += self._hint(suggestion, [n for u in cells for n in definitions(u.source)])
        elif expected is not None and unit_index is None:
            message = self._message("not_submitted", file=expected, name=name)
        elif report is not None and report.status != "ok":
            first = report.message.splitlines()[0] if report.message else ""
            line = self._stops.get(unit_index) or stopped_at(report.filename, report.message)
            if line is not None and name in definitions(self.spec.units[unit_index].source):
                # a leftover demo line: the names before it are graded, the later ones are missing
                message = self._message("unit_stopped", file=report.filename, line=line, name=name,
                                        status=report.status, message=first)
                location = f"{expected_file}:{line}"
            else:
                message = self._message("unit_failed", file=report.filename, name=name,
                                        status=report.status, message=first)
        else:
            unit = self.spec.units[unit_index] if unit_index is not None else None
            message = (self._message("no_name", file=unit.filename, name=name) if unit
                       else self._message("no_name_anywhere", name=name))
            message += self._hint(suggestion, definitions(unit.source) if unit else [])
        return MissingName(name, message, suggestion, location)

    def _hint(self, suggestion: str | None, defined: list[str]) -> str:
        """"; did you mean X?" for a close spelling, else what the file does define."""
        if suggestion:
            return self._message("did_you_mean", suggestion=suggestion)
        shown = list(dict.fromkeys(defined))
        if not shown:
            return self._message("defines_nothing")
        more = f" …(+{len(shown) - 12})" if len(shown) > 12 else ""
        return self._message("defines", names=", ".join(shown[:12]) + more)

    # ------------------------------------------------------------------ calls
    def _call(self, op: str, *args: Any, keep_ref: bool = False, seeded: bool = True) -> Any:
        """One request on behalf of a test (``seeded``: carrying a pending ``seed_globals``)."""
        with self._lock:
            if self._closed:
                raise SandboxCrashed("sandbox is closed")
            if self._child is None:
                started = time.monotonic()
                self.restart()
                for entry in self._deadlines:  # re-forking is not the student's time
                    entry[0] += time.monotonic() - started
            if self._deadlines:
                end, seconds = min(self._deadlines)
            else:
                seconds = self.spec.limits.test_timeout_s
                end = time.monotonic() + seconds
            seed = None
            if seeded:
                seed, self._pending_seed = self._pending_seed, None
            return self._raw_call(op, args, deadline=end, seconds=seconds, keep_ref=keep_ref, seed=seed)

    def _to_ref(self, value: Any) -> wire.RemoteRef | None:
        return check_handle(value, self) if isinstance(value, Handle) else None

    def _raw_call(self, op: str, args: tuple[Any, ...], *, deadline: float, seconds: float,
                  keep_ref: bool = False, seed: int | None = None) -> Any:
        child = self._child
        if child is None:
            raise SandboxCrashed(self._kill_reason or "sandbox is not running")
        if time.monotonic() >= deadline:
            raise SandboxTimeout(seconds)
        outgoing = wire.check_outgoing(args, self._to_ref)
        self._seq += 1
        released, self._released = self._released, []
        payload = wire.encode_request((self._seq, op, outgoing, keep_ref, released, seed))
        try:
            wire.send_frame(child.sock, payload, deadline)
            reply_bytes = wire.recv_frame(child.sock, deadline)
            while op == "run_unit" and self._is_progress(reply_bytes):
                reply_bytes = wire.recv_frame(child.sock, deadline)
        except wire.WireTimeout:
            self._kill_reason = self._message("timeout", seconds=seconds)
            self._stop_child()
            raise SandboxTimeout(seconds) from None
        except (wire.PeerClosed, OSError):
            reason = self._death_reason(child.pid)
            self._stop_child()
            raise SandboxCrashed(reason) from None
        except wire.FrameTooLarge:
            self._stop_child()
            raise SandboxCrashed(self._message("too_large", mb=wire.MAX_MESSAGE_BYTES >> 20)) from None
        self._outputs.drain(child.out_fd)
        try:
            reply = wire.decode_reply(reply_bytes)
            if type(reply) is not dict or reply.get("seq") != self._seq:
                raise ValueError("reply out of order")
            # Tensor data is no nodes: the pickled part (capped by decode_reply) bounds an honest walk.
            outcome = self._interpret(reply, budget=[min(len(reply_bytes), wire.MAX_PICKLE_BYTES) + 64])
            if "methods" in reply and outgoing and type(outgoing[0]) is wire.RemoteRef:  # the receiver's, now
                methods = wire.method_names(reply["methods"])
                if isinstance(args[0], Handle):
                    args[0]._dg_refresh(methods, self._seq)
        except wire.PickleTooLarge:  # refused unread; the child is still in step, so it lives on
            raise SandboxCrashed(self._message("too_much_data", mb=wire.MAX_PICKLE_BYTES >> 20)) from None
        except (ValueError, TypeError, KeyError, RecursionError):
            self._stop_child()
            raise ProtocolError(self._message("unreadable")) from None
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def _is_progress(self, frame: bytes) -> bool:
        """A unit's "next top-level statement" frame (recorded in ``_reached``), or not."""
        try:
            reply = wire.decode_reply(frame)
        except Exception:  # noqa: BLE001 - not progress; the caller decodes it again and says why
            return False
        if type(reply) is not dict or reply.get("kind") != "progress" or reply.get("seq") != self._seq:
            return False
        unit, line = reply.get("unit"), reply.get("line")
        if type(unit) is int and type(line) is int and 0 <= unit < len(self.spec.units) and line > 0:
            self._reached[unit] = line
        return True

    def _interpret(self, reply: dict[str, Any], *, budget: list[int]) -> Any:
        """The value of a reply, or the exception to raise for it (malformed: ValueError etc.).

        The reply comes from student-controlled memory, not necessarily from our encoder: text
        fields must be real strs (a list here could be a shared-reference bomb for ``str()``)
        and values are walked within ``budget`` nodes (see ``_adopt``).
        """
        kind = reply["kind"]
        if kind == "value":
            return self._adopt(reply["value"], budget)
        if kind == "error":
            lines = tuple(_text(line) for line in _list(reply["traceback"]))
            return student_error(_text(reply["type"]), _text(reply["message"]), lines)
        if kind == "missing":
            return self._missing_from(reply)
        if kind == "stop":
            return StopIteration()
        if kind == "not_callable":  # call_method on what is plain data by now: as calling it here
            return TypeError(_text(reply["message"]))
        if kind == "crash":
            cause = reply.get("cause")
            if cause not in ("exit_called", "base_exception"):
                raise ValueError(f"unknown crash cause {cause!r}")
            return SandboxCrashed(self._message(cause, detail=_text(reply["detail"])))
        raise ValueError(f"unknown reply kind {kind!r}")

    def _missing_from(self, reply: dict[str, Any]) -> MissingName:
        # The name asked for travels back implicitly: it is the argument of the lookup.
        return self._missing(self._last_lookup, [_text(n) for n in _list(reply["names"])])

    def _adopt(self, value: Any, budget: list[int], depth: int = 0) -> Any:
        """Replace RemoteRefs by Handles (the value is already whitelisted plain data).

        ``budget`` holds how many nodes may still be visited. Every node of an honest reply
        costs at least one byte of its pickle, so the pickle's size bounds an honest walk;
        a pickle that references one list from many places (2**60 nodes from a few hundred
        bytes) runs out of budget instead of holding the grader forever.
        """
        budget[0] -= 1
        if depth > 500 or budget[0] < 0:
            raise ValueError("reply too deeply nested or too large once expanded")
        kind = type(value)
        if kind is wire.RemoteRef:
            return Handle(self, value, self.generation, fresh=self._seq)
        if kind in (list, tuple, set, frozenset):
            return kind(self._adopt(v, budget, depth + 1) for v in value)
        if kind is dict:
            return {self._adopt(k, budget, depth + 1): self._adopt(v, budget, depth + 1)
                    for k, v in value.items()}
        if isinstance(value, torch.Tensor) and value.numel() * value.element_size() > wire.MAX_MESSAGE_BYTES:
            # Only a view over a smaller storage can be this big (stride 0: a 10**12-element
            # "tensor" from 8 bytes); a grader's .sum() on it would run for an hour here.
            raise ValueError("tensor view larger than any reply")
        return value


def stopped_at(filename: str, message: str) -> int | None:
    """The line of ``filename``'s top level where its import stopped, from a unit report's traceback."""
    lines = re.findall(rf"^\s*{re.escape(filename)}:(\d+) in <module>", message, flags=re.M)
    return int(lines[-1]) if lines else None


def _text(value: Any) -> str:
    """A text field of a reply: a real str (capped), never anything str() would have to walk."""
    if type(value) is not str:
        raise ValueError("reply text field is not a string")
    return utf8_safe(value if len(value) <= TEXT_CAP else value[:TEXT_CAP] + "…")


def utf8_safe(text: str) -> str:
    """``text`` with lone surrogates (``b"\\xff".decode(errors="surrogateescape")``) written as
    escapes: such a str cannot be encoded, so it would break the store and the reports."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _list(value: Any) -> list[Any]:
    if type(value) is not list:  # of strs, each checked by _text: a flat walk
        raise ValueError("reply list field is malformed")
    return value
