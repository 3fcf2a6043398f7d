"""Errors a user can fix: bad configuration, bad command-line input.

Every such error carries the file and line it came from, so the CLI can print
``file:line: field: what is wrong (what was expected)`` and exit with code 2.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input file."""

    path: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {what}"


class ConfigError(Exception):
    """One or more problems in user-edited input; the CLI prints them and exits 2."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, path: str | Path, line: int | None, field: str | None, message: str) -> "ConfigError":
        return cls(Problem(str(path), line, field, message))


class MachineRefused(Exception):
    """This machine cannot do what was asked safely (isolate student code): nothing was done.
    The CLI prints the message, which says why and what to do, and exits 1."""
