"""Telling a grader's own bug apart from a student's wrong answer, and bounding a hung grader.

A grader bug (a fixture that raises, a scope mismatch, a typo'd name, ``reference.X`` for a
name the solution lacks, a grader that loops in pure Python) must never become a student's
zero that is then cached: it is an engine failure of the whole submission, named by grader
``file:line`` so the TA can fix it, and retried on the next run.
"""
from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from deepgrade.grading.alarm import raise_after

# How long past a test's own budget the trusted side waits before calling the grader hung:
# remote calls end themselves at the budget (the sandbox is killed), so only grader code
# running on this side can still be going by then.
HANG_MARGIN_S = 10.0


class GraderHang(BaseException):
    """The grader itself ran past its test's budget on the trusted side (a BaseException:
    a grader's ``except Exception`` must not swallow it)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the grader ran longer than {seconds:g} s on the trusted side (a loop in grader code?)")
        self.seconds = seconds


class ReferenceMissing(AttributeError):
    """``reference.X`` for a name the reference solution does not define (an AttributeError,
    so ``hasattr(reference, "X")`` still answers False)."""


# Exceptions that trusted-side grader code raises only through its own mistakes: a student's
# value can make a grader's ``x.shape`` fail (AttributeError) but never a NameError.
_GRADER_ONLY = (NameError, ImportError, SyntaxError, ReferenceMissing, GraderHang)


def is_grader_only(exc: BaseException) -> bool:
    """An exception only the grader's own code can cause (never a student's value)."""
    return isinstance(exc, _GRADER_ONLY)


def fixture_name(excinfo: pytest.ExceptionInfo[BaseException] | None) -> str | None:
    """The grader fixture (function) whose code raised: the deepest frame of a ``conftest.py`` or
    ``test_*.py`` file in the traceback."""
    if excinfo is None:
        return None
    for entry in reversed(excinfo.traceback):
        name = Path(str(entry.path)).name
        if name == "conftest.py" or name.startswith("test_"):
            return entry.name
    return None


def _is_student_side(exc: BaseException) -> bool:
    try:
        from deepgrade.sandbox.client.errors import SandboxError
    except ImportError:  # a checkout without the sandbox package grades in-process only
        return False
    return isinstance(exc, SandboxError)


def where(item: pytest.Item, excinfo: pytest.ExceptionInfo[BaseException] | None) -> str:
    """``graders/week01/test_x.py:12``: the deepest grader frame of the traceback, else the test."""
    root = Path(str(item.config.rootpath))
    test_file = Path(str(item.path)).resolve()
    folder = test_file.parent
    if excinfo is not None:
        for entry in reversed(excinfo.traceback):
            path = Path(str(entry.path)).resolve()
            if path == test_file or path.parent == folder:  # the test file or its conftest.py
                return f"{_relative(path, root)}:{entry.lineno + 1}"
    _, line, _ = item.location
    return f"{_relative(test_file, root)}:{(line or 0) + 1}"


def _relative(path: Path, root: Path) -> str:
    try:
        return os.path.relpath(path, root) if path.is_relative_to(root) else str(path)
    except ValueError:
        return str(path)


def grader_fault(item: pytest.Item, when: str, excinfo: pytest.ExceptionInfo[BaseException] | None,
                 student_caused: bool) -> str | None:
    """A ``file:line: test: what`` message when this failure is the grader's bug, else None.

    ``student_caused``: the outcome classifier traced the exception to the student (a
    StudentError, a timeout, a crash, a fault in in-process student frames).
    """
    if excinfo is None or student_caused or _is_student_side(excinfo.value):
        return None
    exc = excinfo.value
    if when == "setup" or isinstance(exc, _GRADER_ONLY):
        # setup: a fixture broke before the test ran; nothing the student returned was checked
        detail = "\n".join(f"{type(exc).__name__}: {exc}".rstrip(": ").splitlines()[:2])
        phase = "fixture" if when == "setup" else "grader"
        return f"{where(item, excinfo)}: {item.name}: {phase} error: {detail}"
    return None


def collect_fault(report: pytest.CollectReport, rootpath: Path,
                  excinfo: pytest.ExceptionInfo[BaseException] | None = None) -> str:
    """``graders/week01/test_x.py:3: SyntaxError: …`` for a grader file pytest could not import."""
    path = Path(str(report.fspath)).resolve() if report.fspath else None
    text = str(report.longreprtext or "")
    lines = [ln for ln in text.splitlines() if ln.strip()]
    # "E " lines hold the exception; a SyntaxError's caret line says nothing in one line.
    errors = [ln[1:].strip() for ln in lines if ln.startswith("E ") and ln[1:].strip(" ^")]
    line = _line_in(text, path) or _line_in_traceback(excinfo, path)
    shown = _relative(path, rootpath) if path else (report.nodeid or "?")
    summary = errors[-1] if errors else (lines[-1] if lines else "could not be collected")
    return f"{shown}:{line}: {summary}" if line else f"{shown}: {summary}"


def _line_in_traceback(excinfo: pytest.ExceptionInfo[BaseException] | None, path: Path | None) -> int | None:
    if excinfo is None or path is None:
        return None
    lines = [e.lineno + 1 for e in excinfo.traceback if Path(str(e.path)).resolve() == path]
    return lines[-1] if lines else None


def _line_in(text: str, path: Path | None) -> int | None:
    """The last line number the collection traceback gives for ``path`` itself."""
    if path is None:
        return None
    name = re.escape(path.name)
    hits = re.findall(rf'{name}", line (\d+)', text) + re.findall(rf"{name}:(\d+)", text)
    return int(hits[-1]) if hits else None


@contextmanager
def hang_guard(seconds: float) -> Iterator[None]:
    """Raise GraderHang in this thread after ``seconds`` (main thread only; else no guard).

    Only the trusted side is guarded: the sandbox bounds student code itself. An inner
    SIGALRM user (the in-process backend's own deadline) replaces this guard while it runs.
    """
    with raise_after(seconds, lambda: GraderHang(seconds)):
        yield
