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

    def __init__(self, name: str, message: str, suggestion: str | None = None) -> None:
        self.name = name
        self.suggestion = suggestion
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


class ProtocolError(SandboxCrashed):
    """The sandbox sent something unreadable or out of order (treated as a crash)."""
