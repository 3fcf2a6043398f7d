"""Exceptions the trusted side raises for faults in student code.

None of these carry student objects: only strings, so a grader can show them safely.
"""
from __future__ import annotations


class SandboxError(Exception):
    """Base of everything the sandbox raises on the trusted side."""


class StudentError(SandboxError):
    """An exception raised by student code inside the sandbox.

    ``traceback_lines`` holds only frames from the student's own units
    (``"fourcal.py:12 in add: return self.a + b"``), never engine or grader frames.
    """

    def __init__(self, exc_type: str, message: str, traceback_lines: tuple[str, ...] = ()) -> None:
        self.exc_type = exc_type
        self.message = message
        self.traceback_lines = tuple(traceback_lines)
        super().__init__(self.describe())

    def describe(self) -> str:
        head = f"{self.exc_type}: {self.message}" if self.message else self.exc_type
        if not self.traceback_lines:
            return head
        return head + "\n" + "\n".join(f"  {line}" for line in self.traceback_lines)


class MissingName(StudentError):
    """A name the grader asked for is not defined by any student unit."""

    def __init__(self, name: str, message: str, suggestion: str | None = None, location: str = "") -> None:
        self.name = name
        self.suggestion = suggestion
        self.location = location  # the student's file (and line) to look at: "fourcal.py:45"
        super().__init__("MissingName", message)

    def describe(self) -> str:
        return self.message


class SandboxCrashed(SandboxError):
    """The sandbox stopped abnormally: sys.exit, os._exit, a signal, a resource limit."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class SandboxTimeout(SandboxError):
    """A remote call (or the units' import) ran past its wall-clock budget."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"time limit of {seconds:g} s exceeded")


class SandboxSetupError(RuntimeError):
    """The sandbox could not be set up on this machine before any student code ran: an engine
    or host problem (never the student's fault), so the submission is not scored at all."""


class ProtocolError(SandboxCrashed):
    """The sandbox sent something unreadable or out of order (treated as a crash)."""


def _mirror(builtin: type[Exception]) -> type[StudentError]:
    return type(f"Student{builtin.__name__}", (StudentError, builtin), {"__module__": __name__})


# A student exception of these builtin types is raised here as a StudentError that is also an
# instance of that builtin, so ``pytest.raises(ValueError)`` in a grader and Python's own
# protocols (``hasattr``, ``list()``'s length hint) work. AssertionError is deliberately absent:
# a student's assert must not read as a grader's failed check.
MIRRORED: dict[str, type[StudentError]] = {
    b.__name__: _mirror(b) for b in (
        TypeError, ValueError, IndexError, KeyError, AttributeError, ZeroDivisionError,
        ArithmeticError, OverflowError, LookupError, NotImplementedError, RuntimeError,
        NameError, ImportError, ModuleNotFoundError, FileNotFoundError, OSError, RecursionError,
        UnboundLocalError, MemoryError)
}


def student_error(exc_type: str, message: str, traceback_lines: tuple[str, ...] = ()) -> StudentError:
    """The StudentError for a remote exception named ``exc_type`` (builtin names mirrored)."""
    return MIRRORED.get(exc_type, StudentError)(exc_type, message, traceback_lines)
