"""Pure scoring: raw test records + the assignment's problems -> ProblemResults.

No pytest here: the plugin produces ``TestRecord``s, this module only adds them up, so it
can be tested (and reused by validate) without running anything.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from deepgrade.results import ProblemResult, TestResult


@dataclass(frozen=True)
class ProblemSpec:
    """One problem of an assignment, as assignment.yml declares it."""

    id: str
    title: str = ""
    points: float | None = None  # None: the sum of its tests' points


@dataclass(frozen=True)
class TestRecord:
    """What the plugin saw for one grader test, before scoring."""

    __test__ = False  # not a pytest test class

    nodeid: str
    name: str
    problem: str
    outcome: str          # passed | failed | error | timeout | crashed | skipped
    max_points: float
    message: str = ""
    description: str = ""
    visibility: str = "visible"
    location: str = ""    # the student's file:line to look at, when known


def _to_result(record: TestRecord) -> TestResult:
    earned = record.max_points if record.outcome == "passed" else 0.0
    return TestResult(
        name=record.name,
        problem=record.problem,
        outcome=record.outcome,  # type: ignore[arg-type]
        points=float(earned),
        max_points=float(record.max_points),
        message=record.message,
        description=record.description,
        visibility=record.visibility,  # type: ignore[arg-type]
        location=record.location,
    )


def unknown_problems(records: Iterable[TestRecord], problems: Sequence[ProblemSpec]) -> tuple[str, ...]:
    """Problem ids used by tests but not declared (a grader/assignment.yml mismatch)."""
    known = {p.id for p in problems}
    found: list[str] = []
    for record in records:
        if record.problem not in known and record.problem not in found:
            found.append(record.problem)
    return tuple(found)


def score_tests(records: Sequence[TestRecord], problems: Sequence[ProblemSpec],
                deductions: Mapping[str, float] | None = None) -> tuple[ProblemResult, ...]:
    """Group test records by problem, in the declared order; a problem's max comes from its spec.

    With no declared problems (a self-check without assignment.yml) the problems are the
    tests' own ids, in order of first appearance. Tests of undeclared problems are left out
    of the score; ``unknown_problems`` names them so they are reported, never counted.
    ``deductions``: problem id -> points taken off besides the tests (never below 0).
    """
    specs = list(problems) or [ProblemSpec(id=pid) for pid in dict.fromkeys(r.problem for r in records)]
    results = []
    for spec in specs:
        tests = tuple(_to_result(r) for r in records if r.problem == spec.id)
        max_points = None if spec.points is None else float(spec.points)
        results.append(ProblemResult(id=spec.id, title=spec.title, tests=tests, max_points=max_points,
                                     deduction=float((deductions or {}).get(spec.id, 0.0))))
    return tuple(results)
