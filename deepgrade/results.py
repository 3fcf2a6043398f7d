"""Grading results as plain data: test -> problem -> submission.

Totals are derived, never stored twice. Results travel as JSON (``to_dict`` /
``from_dict``), never as pickles: a result file must be safe to read back.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Outcome = Literal["passed", "failed", "error", "timeout", "crashed", "skipped"]
Visibility = Literal["visible", "hidden", "after_due"]
OUTCOMES: tuple[str, ...] = ("passed", "failed", "error", "timeout", "crashed", "skipped")


@dataclass(frozen=True)
class TestResult:
    """One grader test run against one submission."""

    __test__ = False  # not a pytest test class

    name: str
    problem: str
    outcome: Outcome
    points: float
    max_points: float
    message: str = ""
    description: str = ""
    visibility: Visibility = "visible"
    location: str = ""  # the student's file:line to look at ("fourcal.py:12"), when known

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "TestResult":
        return cls(**data)


@dataclass(frozen=True)
class ProblemResult:
    id: str
    tests: tuple[TestResult, ...]
    title: str = ""
    max_points: float | None = None  # from assignment.yml; None: sum of its tests
    deduction: float = 0.0  # points taken off besides the tests (a name in another letter case)

    @property
    def points(self) -> float:
        return round(max(0.0, sum(t.points for t in self.tests) - self.deduction), 6)

    @property
    def total_max(self) -> float:
        if self.max_points is not None:
            return self.max_points
        return round(sum(t.max_points for t in self.tests), 6)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "points": self.points,
            "max_points": self.total_max,
            "tests": [asdict(t) for t in self.tests],
            "deduction": self.deduction,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ProblemResult":
        return cls(
            id=data["id"],
            title=data.get("title", ""),
            max_points=data.get("max_points"),
            tests=tuple(TestResult.from_dict(t) for t in data["tests"]),
            deduction=float(data.get("deduction", 0.0)),
        )


@dataclass(frozen=True)
class SubmissionResult:
    """What the engine says about one submission (before lateness and overrides)."""

    assignment: str
    problems: tuple[ProblemResult, ...]
    output: str = ""  # capped excerpt of the student's stdout/stderr
    notes: tuple[str, ...] = ()  # e.g. import failures, "notebook graded top to bottom"
    isolation_warnings: tuple[str, ...] = ()
    duration_s: float = 0.0
    error: str | None = None  # the submission could not be graded at all (engine-level)
    # [start, end) character spans of ``output`` printed while a hidden or after_due test ran:
    # a student sees them only from the week's reveal point on
    hidden_output_spans: tuple[tuple[int, int], ...] = ()

    @property
    def points(self) -> float:
        return round(sum(p.points for p in self.problems), 6)

    @property
    def max_points(self) -> float:
        return round(sum(p.total_max for p in self.problems), 6)

    def tests(self) -> list[TestResult]:
        return [t for p in self.problems for t in p.tests]

    def to_dict(self) -> dict[str, Any]:
        return {
            "assignment": self.assignment,
            "points": self.points,
            "max_points": self.max_points,
            "problems": [p.to_dict() for p in self.problems],
            "output": self.output,
            "notes": list(self.notes),
            "isolation_warnings": list(self.isolation_warnings),
            "duration_s": self.duration_s,
            "error": self.error,
            "hidden_output_spans": [list(span) for span in self.hidden_output_spans],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "SubmissionResult":
        return cls(
            assignment=data["assignment"],
            problems=tuple(ProblemResult.from_dict(p) for p in data["problems"]),
            output=data.get("output", ""),
            notes=tuple(data.get("notes", ())),
            isolation_warnings=tuple(data.get("isolation_warnings", ())),
            duration_s=data.get("duration_s", 0.0),
            error=data.get("error"),
            hidden_output_spans=tuple((int(a), int(b)) for a, b in data.get("hidden_output_spans", ())),
        )
