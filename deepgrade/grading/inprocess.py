"""The in-process backend: student units imported straight into the grading process.

NO ISOLATION. Used only by ``make bench``'s "limit" run and by authors checking their
graders quickly; never for grading students. It offers the same surface as
``deepgrade.sandbox.Sandbox`` (``student``, ``deadline``, ``import_report``, ``output``,
``isolation_warnings``) so graders and the plugin cannot tell the two apart, except that
objects are the real objects instead of handles.
"""
from __future__ import annotations

import linecache
import sys
import traceback
import types
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator

from deepgrade.grading.alarm import raise_after
from deepgrade.sandbox.client.errors import MissingName, SandboxTimeout
from deepgrade.sandbox.inside.module_ops import seed_all
from deepgrade.sandbox.shared.spec import SandboxSpec
from deepgrade.submission.names import close_spelling
from deepgrade.submission.units import CodeUnit

NOTEBOOK_MODULE = "__deepgrade_notebook__"


@dataclass(frozen=True)
class UnitReport:
    """How importing one unit went: ok | error | crashed | timeout, with a message."""

    unit: str
    filename: str
    status: str
    message: str = ""


class InProcessTimeout(BaseException):
    """The test's time budget ran out (BaseException: student ``except Exception`` can't eat it)."""

    def __init__(self, seconds: float):
        super().__init__(f"{seconds:g}s")
        self.seconds = seconds


@dataclass(frozen=True)
class StudentFault:
    """A fault traced to student code: what the plugin turns into an outcome."""

    outcome: str          # error | crashed
    type_name: str
    message: str
    traceback: tuple[str, ...]


class StudentNamespace:
    """``student.X``: looks X up in the submission's units (the expected unit first)."""

    def __init__(self, session: "InProcessSession"):
        object.__setattr__(self, "_session", session)

    def __getattr__(self, name: str) -> Any:
        return self._session.lookup(name)

    def __dir__(self) -> list[str]:
        return sorted(self._session.defined_names())


class InProcessSession:
    """Imports ``spec.units`` on enter; the caller restores ``sys.modules`` afterwards."""

    def __init__(self, spec: SandboxSpec):
        self.spec = spec
        self.import_report: tuple[UnitReport, ...] = ()
        self.output = ""  # not captured in-process: pytest's own capture has it
        self.isolation_warnings = ("in-process backend: student code runs unisolated in the grader",)
        self._namespaces: dict[str, dict[str, Any]] = {}
        self._student_files = {u.filename for u in spec.units}
        self.student = StudentNamespace(self)
        self._threads: int | None = None

    def __enter__(self) -> "InProcessSession":
        # One torch thread, as in a sandbox: on a busy 2-core machine a second thread makes a
        # small CNN's training tens of times slower, and a training test would time out here only.
        torch = sys.modules.get("torch")
        if torch is not None:
            self._threads = torch.get_num_threads()
            torch.set_num_threads(1)
        reports = []
        notebook = types.ModuleType(NOTEBOOK_MODULE)
        for unit in self.spec.units:
            linecache.cache[unit.filename] = (len(unit.source), None, unit.source.splitlines(True), unit.filename)
            if unit.kind == "cell":
                module = notebook
                self._namespaces.setdefault(NOTEBOOK_MODULE, notebook.__dict__)
            else:
                module = types.ModuleType(unit.name)
                module.__file__ = unit.filename
                sys.modules[unit.name] = module  # so units can import each other
                self._namespaces[unit.name] = module.__dict__
            reports.append(self._run_unit(unit, module))
        self.import_report = tuple(reports)
        return self

    def __exit__(self, *exc_info: object) -> None:
        for unit in self.spec.units:
            linecache.cache.pop(unit.filename, None)
        torch = sys.modules.get("torch")
        if torch is not None and self._threads is not None:
            torch.set_num_threads(self._threads)

    def _run_unit(self, unit: CodeUnit, module: types.ModuleType) -> UnitReport:
        try:
            with self.deadline(self.spec.limits.import_timeout_s):
                exec(compile(unit.source, unit.filename, "exec"), module.__dict__)
        except SandboxTimeout as exc:
            return UnitReport(unit.name, unit.filename, "timeout", str(exc))
        except BaseException as exc:  # noqa: BLE001 - any student fault is reported, not raised
            fault = self.explain_exception(exc)
            text = f"{type(exc).__name__}: {exc}" if fault is None else fault.message
            status = "crashed" if isinstance(exc, SystemExit) else "error"
            return UnitReport(unit.name, unit.filename, status, text)
        return UnitReport(unit.name, unit.filename, "ok")

    def defined_names(self) -> set[str]:
        return {n for ns in self._namespaces.values() for n in ns if not n.startswith("__")}

    def lookup(self, name: str) -> Any:
        preferred = self.spec.provides.get(name)
        order = ([preferred] if preferred in self._namespaces else []) + list(self._namespaces)
        for unit_name in order:
            namespace = self._namespaces[unit_name]
            if name in namespace:
                return namespace[name]
        close = close_spelling(name, sorted(self.defined_names()))
        where = f"{preferred}.py" if preferred else "제출한 코드"
        hint = f" (혹시 {close}?)" if close else ""
        raise MissingName(name, f"{where}에 {name}이(가) 없습니다{hint}", close)

    def seed_globals(self, seed: int) -> None:
        """Seed the global random sources (student code shares this process's)."""
        seed_all(seed)

    @contextmanager
    def deadline(self, seconds: float) -> Iterator[None]:
        """A wall-clock budget via SIGALRM (main thread only; elsewhere: no limit)."""
        try:
            with raise_after(seconds, lambda: InProcessTimeout(seconds)):
                yield
        except InProcessTimeout:
            raise SandboxTimeout(seconds) from None  # what the real sandbox raises

    def explain_exception(self, exc: BaseException) -> StudentFault | None:
        """A fault that passed through student code, with the student's frames only; else None."""
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in self._student_files]
        if not frames:
            return None
        lines = tuple(line.rstrip("\n") for line in traceback.format_list(frames))
        outcome = "crashed" if isinstance(exc, SystemExit) else "error"
        text = f"{type(exc).__name__}: {exc}".rstrip(": ")
        return StudentFault(outcome, type(exc).__name__, text, lines)
