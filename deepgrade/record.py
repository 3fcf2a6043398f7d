"""The week record: one student-week in one shape, from grading to every report.

The pipeline builds a ``WeekRecord`` once per week (``pipeline/assess.py``: what grading found,
with the roster, the late policy and overrides.yml), stores it as JSON in the state, and every
report and exporter reads it: pages, CSV, gradebook, standings, ``results.json`` and Gradescope's
files. ``results.json`` is written from it and never read back. A report column is a property
here (or a field the assessment fills) and the one file that shows it.

What grading found about a student is their ``attempts`` (an upload and its result); everything
else of a ``StudentWeek`` is derived from them by the rules and re-derived on every run, so an
edited overrides.yml or roster reaches the pages through ``deepgrade report`` without grading.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Mapping

from deepgrade.results import SubmissionResult, TestResult

SCHEMA_VERSION = 2
Status = Literal["graded", "missing", "late", "error"]
SUBMITTED_STATUSES = ("graded", "late")


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(timespec="seconds")


def _time(text: str | None) -> datetime | None:
    return None if not text else datetime.fromisoformat(text)


@dataclass(frozen=True)
class OverrideInfo:
    """A TA's manual change from overrides.yml, shown as such on every report."""

    reason: str
    source: str                                 # "overrides.yml:12", where the TA wrote it
    points: float | None = None                 # the total, replacing everything (penalty included)
    problems: Mapping[str, float] = field(default_factory=dict)  # problem id -> points

    def to_json(self) -> dict[str, Any]:
        return {"reason": self.reason, "source": self.source, "points": self.points,
                "problems": dict(self.problems)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "OverrideInfo":
        return cls(reason=data["reason"], source=data["source"], points=data["points"],
                   problems=dict(data["problems"]))


@dataclass(frozen=True)
class AmbiguousUpload:
    """An inbox file that names several students (or a name two students share): never guessed."""

    path: str                        # relative to weekNN/
    candidates: tuple[str, ...]      # student ids it could belong to
    reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "candidates": list(self.candidates), "reason": self.reason}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "AmbiguousUpload":
        return cls(data["path"], tuple(data["candidates"]), data["reason"])


@dataclass(frozen=True)
class GradedUpload:
    """An upload that was (or was to be) graded, without its file contents."""

    submitted_at: datetime
    sources: tuple[str, ...]         # inbox paths, relative to weekNN/
    notes: tuple[str, ...] = ()      # renamed files, files left out, ...
    problem: str | None = None       # nothing gradable in it (a refused zip): why
    content_hash: str = ""
    time_source: str = "mtime"       # "manifest" | "mtime"

    def to_json(self) -> dict[str, Any]:
        return {"submitted_at": self.submitted_at.isoformat(), "sources": list(self.sources),
                "notes": list(self.notes), "problem": self.problem, "content_hash": self.content_hash,
                "time_source": self.time_source}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "GradedUpload":
        return cls(datetime.fromisoformat(data["submitted_at"]), tuple(data["sources"]), tuple(data["notes"]),
                   data["problem"], data["content_hash"], data["time_source"])


@dataclass(frozen=True)
class Attempt:
    """One graded upload of a student's week and what the engine said about it."""

    upload: GradedUpload
    result: SubmissionResult | None = None   # None: nothing gradable, or not graded yet
    cached: bool = False                     # the result came from the store, not this run

    def to_json(self) -> dict[str, Any]:
        return {"upload": self.upload.to_json(), "result": self.result.to_dict() if self.result else None,
                "cached": self.cached}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Attempt":
        result = data["result"]
        return cls(GradedUpload.from_json(data["upload"]),
                   SubmissionResult.from_dict(result) if result is not None else None, bool(data["cached"]))


@dataclass(frozen=True)
class ProblemRow:
    """One problem of a student's week as every report shows it (a TA's override applied)."""

    id: str
    title: str
    points: float
    max_points: float
    tests: tuple[TestResult, ...]
    override_reason: str | None = None       # set when a TA override changed this problem's points


@dataclass(frozen=True)
class ProblemColumn:
    """One problem of the week as assignment.yml declares it: the reports' columns."""

    id: str
    title: str
    max_points: float


@dataclass(frozen=True)
class StudentWeek:
    """One roster member (not staff) in one week, after lateness and overrides."""

    id: str
    name: str
    group: str
    status: Status
    submitted_at: datetime | None = None     # of the attempt that counts; None when missing
    late_minutes: int = 0                    # after the deadline (grace not subtracted); 0 on time
    raw_points: float = 0.0                  # the engine's points (problem overrides applied)
    penalty: float = 0.0                     # points taken off for lateness
    points: float = 0.0                      # final: what the gradebook shows
    override: OverrideInfo | None = None
    attempts: tuple[Attempt, ...] = ()       # what grading found (one, or two for best_of)
    counted: int | None = None               # index of the attempt that counts
    notes: tuple[str, ...] = ()              # for staff and student: renamed files, cut-off, engine notes
    error: str | None = None                 # why the upload itself could not be graded (refused zip)

    @property
    def attempt(self) -> Attempt | None:
        return self.attempts[self.counted] if self.counted is not None else None

    @property
    def result(self) -> SubmissionResult | None:
        return self.attempt.result if self.attempt else None

    @property
    def cached(self) -> bool:
        return bool(self.attempt and self.attempt.cached)

    @property
    def source_files(self) -> tuple[str, ...]:
        return self.attempt.upload.sources if self.attempt else ()

    @property
    def engine_error(self) -> bool:
        """The engine (host, graders) failed, not the upload: its text is for staff only."""
        return self.error is None and bool(self.result and self.result.error)

    @property
    def error_text(self) -> str | None:
        """Why nothing was graded: the upload's problem, else the engine's message."""
        return self.error or (self.result.error if self.result else None)

    @property
    def submitted(self) -> bool:
        """Handed in something that was graded (on time or late). An upload that could not be
        graded (status error) is no submission in the rates, averages and histogram."""
        return self.status in SUBMITTED_STATUSES

    @property
    def output(self) -> str:
        return self.result.output if self.result else ""

    @property
    def hidden_output_spans(self) -> tuple[tuple[int, int], ...]:
        return self.result.hidden_output_spans if self.result else ()

    @property
    def isolation_warnings(self) -> tuple[str, ...]:
        return self.result.isolation_warnings if self.result else ()

    @property
    def overrides(self) -> tuple[OverrideInfo, ...]:
        return (self.override,) if self.override else ()

    @property
    def problems(self) -> tuple[ProblemRow, ...]:
        overridden = dict(self.override.problems) if self.override else {}
        reason = self.override.reason if self.override else None
        return tuple(ProblemRow(p.id, p.title, overridden.get(p.id, p.points), p.total_max, p.tests,
                                reason if p.id in overridden else None)
                     for p in (self.result.problems if self.result else ()))

    def problem(self, problem_id: str) -> ProblemRow | None:
        return next((p for p in self.problems if p.id == problem_id), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "group": self.group, "status": self.status,
            "submitted_at": _iso(self.submitted_at), "late_minutes": self.late_minutes,
            "raw_points": self.raw_points, "penalty": self.penalty, "points": self.points,
            "override": self.override.to_json() if self.override else None,
            "attempts": [a.to_json() for a in self.attempts], "counted": self.counted,
            "notes": list(self.notes), "error": self.error,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "StudentWeek":
        return cls(
            id=data["id"], name=data["name"], group=data["group"], status=data["status"],
            submitted_at=_time(data["submitted_at"]), late_minutes=data["late_minutes"],
            raw_points=data["raw_points"], penalty=data["penalty"], points=data["points"],
            override=OverrideInfo.from_json(data["override"]) if data["override"] else None,
            attempts=tuple(Attempt.from_json(a) for a in data["attempts"]), counted=data["counted"],
            notes=tuple(data["notes"]), error=data["error"])


@dataclass(frozen=True)
class WeekRecord:
    week: int
    assignment: str                                 # "week01"
    graded_at: datetime
    students: tuple[StudentWeek, ...]
    title: str = ""
    max_points: float = 0.0
    deadline: datetime | None = None                # the course rule's deadline (before extensions)
    problems: tuple[ProblemColumn, ...] = ()        # from assignment.yml, in its order
    unmatched: tuple[str, ...] = ()                 # inbox paths matching no student
    ambiguous: tuple[AmbiguousUpload, ...] = ()
    collect_problems: tuple[str, ...] = ()          # "manifest.csv:4: submitted_at: ..." and the like
    override_warnings: tuple[str, ...] = ()         # overrides.yml entries that change nothing this week
    isolation_warnings: tuple[str, ...] = ()        # sandbox layers that could not be applied
    unisolated: bool = False                        # a required sandbox layer was missing (--allow-unisolated)
    similarity: Mapping[str, Any] | None = None     # staff only: similarity.SimilarityReport as a dict

    @property
    def week_label(self) -> str:
        return f"week{self.week:02d}"

    @property
    def problem_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.problems)

    @property
    def problem_titles(self) -> dict[str, str]:
        return {p.id: p.title or p.id for p in self.problems}

    @property
    def problem_max(self) -> dict[str, float]:
        return {p.id: p.max_points for p in self.problems}

    def student(self, student_id: str) -> StudentWeek | None:
        return next((s for s in self.students if s.id == student_id), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION, "week": self.week, "assignment": self.assignment,
            "graded_at": self.graded_at.isoformat(), "title": self.title, "max_points": self.max_points,
            "deadline": _iso(self.deadline),
            "problems": [{"id": p.id, "title": p.title, "max_points": p.max_points} for p in self.problems],
            "students": [s.to_json() for s in self.students],
            "unmatched": list(self.unmatched), "ambiguous": [a.to_json() for a in self.ambiguous],
            "collect_problems": list(self.collect_problems), "override_warnings": list(self.override_warnings),
            "isolation_warnings": list(self.isolation_warnings), "unisolated": self.unisolated,
            "similarity": dict(self.similarity) if self.similarity is not None else None,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "WeekRecord":
        if data.get("schema") != SCHEMA_VERSION:
            raise ValueError(f"week record schema {data.get('schema')!r} (expected {SCHEMA_VERSION})")
        return cls(
            week=data["week"], assignment=data["assignment"], graded_at=datetime.fromisoformat(data["graded_at"]),
            title=data["title"], max_points=data["max_points"], deadline=_time(data["deadline"]),
            problems=tuple(ProblemColumn(p["id"], p["title"], p["max_points"]) for p in data["problems"]),
            students=tuple(StudentWeek.from_json(s) for s in data["students"]),
            unmatched=tuple(data["unmatched"]), ambiguous=tuple(AmbiguousUpload.from_json(a) for a in data["ambiguous"]),
            collect_problems=tuple(data["collect_problems"]), override_warnings=tuple(data["override_warnings"]),
            isolation_warnings=tuple(data["isolation_warnings"]), unisolated=data["unisolated"],
            similarity=data["similarity"])


def from_version_1(snapshot: Mapping[str, Any]) -> WeekRecord:
    """A week snapshot stored before the week record (no ``schema``): what grading found, to be
    assessed again (names, statuses and points come from the roster and the rules)."""
    students = []
    for student_id, entry in snapshot["students"].items():
        chosen, result = entry.get("chosen"), entry.get("result")
        attempts = () if not chosen else (Attempt(
            GradedUpload(datetime.fromisoformat(chosen["submitted_at"]), tuple(chosen["sources"]),
                         tuple(chosen["notes"]), chosen.get("problem"), chosen["content_hash"],
                         chosen.get("time_source", "mtime")),
            SubmissionResult.from_dict(result) if result else None, bool(entry.get("cached"))),)
        students.append(StudentWeek(student_id, "", "", "missing", attempts=attempts,
                                    counted=0 if attempts else None))
    return WeekRecord(
        week=snapshot["week"], assignment=snapshot["assignment"],
        graded_at=datetime.fromisoformat(snapshot["graded_at"]), students=tuple(students),
        unmatched=tuple(snapshot.get("unmatched", ())),
        ambiguous=tuple(AmbiguousUpload(a["path"], tuple(a["candidates"]), a.get("reason", ""))
                        for a in snapshot.get("ambiguous", ())),
        collect_problems=tuple(snapshot.get("collect_problems", ())), similarity=snapshot.get("similarity"))


def week_record_from_json(data: Mapping[str, Any]) -> WeekRecord:
    """A stored week, of this schema or the one before it (read once, written back as this one)."""
    return WeekRecord.from_json(data) if "schema" in data else from_version_1(data)
