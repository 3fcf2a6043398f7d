"""What one grade run knows about one week: the data the reports are rendered from.

The reports engineer builds HTML/CSV/PNG from these records; `to_results_json()` is the
`<export>/staff/weekNN/results.json` contract of design.md. Every key the design lists is
always present with the listed meaning; a few extra keys (marked "extra" below) carry what
the staff summary also needs (overrides, notes, ambiguous uploads, isolation warnings).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Mapping

from deepgrade.results import SubmissionResult

Status = Literal["graded", "missing", "late", "error"]


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(timespec="seconds")


@dataclass(frozen=True)
class OverrideInfo:
    """A TA's manual change from overrides.yml, shown as such on every report."""

    reason: str
    source: str                                 # "overrides.yml:12", where the TA wrote it
    points: float | None = None                 # the total, replacing everything (penalty included)
    problems: Mapping[str, float] = field(default_factory=dict)  # problem id -> points

    def to_dict(self) -> dict[str, Any]:
        return {"reason": self.reason, "source": self.source, "points": self.points,
                "problems": dict(self.problems)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "OverrideInfo":
        return cls(reason=data["reason"], source=data.get("source", ""), points=data.get("points"),
                   problems=dict(data.get("problems") or {}))


@dataclass(frozen=True)
class StudentWeekRecord:
    """One roster member (not staff) in one week, after lateness and overrides."""

    id: str
    name: str
    group: str
    status: Status
    submitted_at: datetime | None = None        # aware, course timezone; None when missing
    late_minutes: int = 0                       # after the deadline (grace not subtracted); 0 on time
    raw_points: float = 0.0                     # the engine's points (problem overrides applied)
    penalty: float = 0.0                        # points taken off for lateness
    points: float = 0.0                         # final: what the gradebook shows
    override: OverrideInfo | None = None
    result: SubmissionResult | None = None      # None when missing (or nothing gradable was found)
    source_files: tuple[str, ...] = ()          # inbox paths of the chosen upload, relative to weekNN/
    notes: tuple[str, ...] = ()                 # for staff and student: renamed files, cut-off, ...
    cached: bool = False                        # result came from the store, not a fresh grading
    error: str | None = None                    # why the upload itself could not be graded (refused zip)

    def problem_points(self) -> dict[str, float]:
        """Problem id -> points shown for it (a problem override replaces the engine's)."""
        shown = {p.id: p.points for p in self.result.problems} if self.result else {}
        if self.override:
            shown.update(self.override.problems)
        return shown

    def to_json(self) -> dict[str, Any]:
        overridden = dict(self.override.problems) if self.override else {}
        problems = []
        for problem in self.result.problems if self.result else ():
            problems.append({
                "id": problem.id,
                "title": problem.title,                                  # extra
                "points": overridden.get(problem.id, problem.points),
                "max_points": problem.total_max,
                "overridden": problem.id in overridden,                  # extra
                "tests": [{"name": t.name, "outcome": t.outcome, "points": t.points,
                           "max_points": t.max_points, "message": t.message,
                           "visibility": t.visibility,                   # visibility, location: extra
                           "location": t.location}
                          for t in problem.tests],
            })
        return {
            "id": self.id, "name": self.name, "group": self.group, "status": self.status,
            "submitted_at": _iso(self.submitted_at), "late_minutes": self.late_minutes,
            "raw_points": self.raw_points, "penalty": self.penalty, "points": self.points,
            "problems": problems,
            "override": self.override.to_dict() if self.override else None,   # extra
            "notes": list(self.notes),                                        # extra
            "source_files": list(self.source_files),                          # extra
            "error": self.error or (self.result.error if self.result else None),  # extra
            # extra: the engine (host, graders) failed, not the upload; its text is for staff only
            "engine_error": self.error is None and bool(self.result and self.result.error),
        }


@dataclass(frozen=True)
class AmbiguousUpload:
    """An inbox file that names several students (or a name two students share): never guessed."""

    path: str                        # relative to weekNN/
    candidates: tuple[str, ...]      # student ids it could belong to
    reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "candidates": list(self.candidates), "reason": self.reason}


@dataclass(frozen=True)
class WeekRecords:
    week: int
    assignment: str                  # "week01"
    max_points: float
    graded_at: datetime
    students: tuple[StudentWeekRecord, ...]
    unmatched: tuple[str, ...] = ()                 # inbox paths matching no student
    ambiguous: tuple[AmbiguousUpload, ...] = ()
    isolation_warnings: tuple[str, ...] = ()        # sandbox layers that could not be applied
    deadline: datetime | None = None                # the course rule's deadline (before extensions)
    title: str = ""
    problems: tuple[tuple[str, str, float], ...] = ()   # (id, title, max points) from assignment.yml
    collect_problems: tuple[str, ...] = ()          # "manifest.csv:4: submitted_at: ..." and the like
    override_warnings: tuple[str, ...] = ()         # overrides.yml entries that change nothing this week
    similarity: Mapping[str, Any] | None = None     # staff only: similarity.SimilarityReport as a dict;
                                                    # never in results.json
    unisolated: bool = False                        # a required sandbox layer was missing (--allow-unisolated)

    def to_results_json(self) -> dict[str, Any]:
        return {
            "week": self.week,
            "assignment": self.assignment,
            "max_points": self.max_points,
            "graded_at": _iso(self.graded_at),
            "students": [s.to_json() for s in self.students],
            "unmatched": list(self.unmatched),
            # extras, for the staff summary
            "ambiguous": [a.to_json() for a in self.ambiguous],
            "isolation_warnings": list(self.isolation_warnings),
            "deadline": _iso(self.deadline),
            "title": self.title,
            "problem_specs": [{"id": i, "title": t, "max_points": m} for i, t, m in self.problems],
            "collect_problems": list(self.collect_problems),
            "override_warnings": list(self.override_warnings),
            "unisolated": self.unisolated,
        }
