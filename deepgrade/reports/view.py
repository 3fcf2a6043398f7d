"""What the reports show, as plain data read from a week's results.json.

The reports are built from the documented results.json shape (design.md), not
from the pipeline's Python classes, so `deepgrade report` can rebuild every page
from stored JSON and a report never depends on grading internals. Keys beyond
the documented ones (visibility, output, notes, overrides, ambiguous files,
isolation warnings) are optional: a page simply shows less when they are absent.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Iterable, Mapping, Protocol, Sequence
from zoneinfo import ZoneInfo



SUBMITTED_STATUSES = ("graded", "late")
_WEEK_PREFIX = re.compile(r"^\s*(?:제?\s*\d{1,2}\s*주\s*차|week\s*\d{1,2})\s*[:：·.\-–—)]?\s*", re.IGNORECASE)


class RosterEntry(Protocol):
    id: str
    name: str
    group: str
    role: str
    status: str
    dropped_on: date | None


class CourseLike(Protocol):
    """The part of `deepgrade.config.Course` the reports use."""

    language: str
    timezone: ZoneInfo
    roster: Sequence[RosterEntry]

    def deadline(self, week: int, student_id: str | None = None) -> datetime: ...


@dataclass(frozen=True)
class TestView:
    name: str
    outcome: str
    points: float
    max_points: float
    message: str
    description: str
    visibility: str  # visible | hidden | after_due
    location: str = ""  # the student's file:line to look at, when known


@dataclass(frozen=True)
class ProblemView:
    id: str
    title: str
    points: float
    max_points: float
    tests: tuple[TestView, ...]
    override_reason: str | None  # set when a TA override changed this problem's points


@dataclass(frozen=True)
class OverrideView:
    points: float | None  # the total the TA set, if any
    reason: str
    problems: Mapping[str, float]
    source: str = ""  # "overrides.yml:12", for staff


@dataclass(frozen=True)
class StudentView:
    id: str
    name: str
    group: str
    status: str
    submitted_at: datetime | None
    late_minutes: float
    raw_points: float
    penalty: float
    points: float
    problems: tuple[ProblemView, ...]
    output: str
    notes: tuple[str, ...]
    isolation_warnings: tuple[str, ...]
    overrides: tuple[OverrideView, ...]
    error: str | None
    source_files: tuple[str, ...]
    engine_error: bool = False  # `error` is the engine's (pytest log, grader bug): staff only
    hidden_output_spans: tuple[tuple[int, int], ...] = ()  # output printed during hidden tests

    @property
    def submitted(self) -> bool:
        """Handed in something that was graded (on time or late). An upload that could not be
        graded (status error: a refused zip, an engine failure) is no submission in the rates,
        averages and histogram, nor a missing one."""
        return self.status in SUBMITTED_STATUSES

    def problem(self, problem_id: str) -> ProblemView | None:
        return next((p for p in self.problems if p.id == problem_id), None)


@dataclass(frozen=True)
class AmbiguousFile:
    path: str
    candidates: tuple[str, ...]


@dataclass(frozen=True)
class WeekView:
    week: int
    assignment: str
    title: str
    max_points: float
    graded_at: datetime | None
    students: tuple[StudentView, ...]
    unmatched: tuple[str, ...]
    ambiguous: tuple[AmbiguousFile, ...]
    isolation_warnings: tuple[str, ...]
    collect_problems: tuple[str, ...]  # e.g. "manifest.csv:4: submitted_at: ..."
    deadline: datetime | None
    problem_ids: tuple[str, ...]  # column order for tables
    problem_titles: Mapping[str, str]
    problem_max: Mapping[str, float]
    override_warnings: tuple[str, ...] = ()  # overrides.yml entries that change nothing this week
    unisolated: bool = False  # graded with a required sandbox layer missing (--allow-unisolated)

    @property
    def week_label(self) -> str:
        return f"week{self.week:02d}"

    @property
    def topic(self) -> str:
        """The title without its "1주차:" / "Week 1 -" prefix: pages already say which week."""
        return _WEEK_PREFIX.sub("", self.title).strip() or self.title

    def student(self, student_id: str) -> StudentView | None:
        return next((s for s in self.students if s.id == student_id), None)


def course_groups(course: Any) -> tuple[str, ...]:
    """course.yml's `groups`, in the order written there (월1, 월2, 화1, …), if the course has one."""
    return tuple(str(g) for g in getattr(getattr(course, "config", None), "groups", None) or ())


def group_key(order: Sequence[str]) -> Any:
    """Sort key for group names: course.yml's order first (Unicode order puts 금 before 월),
    then any other group by name."""
    rank = {name: i for i, name in enumerate(order)}
    return lambda group: (rank.get(group, len(rank)), group)


def percent(part: float, whole: float) -> int:
    """A whole percent rounded half up, as Excel and people do (Python's round(12.5) is 12)."""
    return math.floor(100 * part / whole + 0.5) if whole else 0


def results_dict(records: Any) -> dict[str, Any]:
    """A week's results.json as a dict, from WeekRecords, a dict or JSON text."""
    if isinstance(records, Mapping):
        return dict(records)
    if isinstance(records, (str, bytes)):
        return json.loads(records)
    data = records.to_results_json()
    return json.loads(data) if isinstance(data, (str, bytes)) else dict(data)


def _report_dict(records: Any) -> dict[str, Any]:
    """results.json plus what only the live records hold (output excerpt, engine notes,
    test descriptions); those stay out of results.json to keep it small."""
    data = results_dict(records)
    live_students = getattr(records, "students", None)
    if not live_students or isinstance(records, Mapping):
        return data
    for entry, record in zip(data.get("students", ()), live_students):
        result = getattr(record, "result", None)
        if result is None:
            continue
        entry.setdefault("output", result.output)
        entry.setdefault("hidden_output_spans", [list(span) for span in result.hidden_output_spans])
        entry["notes"] = [*entry.get("notes", ()), *(n for n in result.notes if n not in entry.get("notes", ()))]
        entry.setdefault("isolation_warnings", list(result.isolation_warnings))
        descriptions = {(t.problem, t.name): t.description for t in result.tests()}
        for problem in entry.get("problems", ()):
            for test in problem.get("tests", ()):
                test.setdefault("description", descriptions.get((problem.get("id"), test.get("name")), ""))
    return data


def week_view(records: Any) -> WeekView:
    """The report data of one week, from WeekRecords (preferred) or a results.json dict."""
    data = _report_dict(records)
    students = tuple(_student(s) for s in data.get("students", ()))
    problem_ids, titles, maxima = _problem_columns(data, students)
    max_points = _float(data.get("max_points"), sum(maxima.values()))
    return WeekView(
        week=int(data.get("week", 0)),
        assignment=str(data.get("assignment", "")),
        title=str(data.get("title", "")),
        max_points=max_points,
        graded_at=parse_time(data.get("graded_at")),
        students=students,
        unmatched=tuple(_unmatched_path(u) for u in data.get("unmatched", ())),
        ambiguous=tuple(_ambiguous(a) for a in data.get("ambiguous", ())),
        isolation_warnings=tuple(str(w) for w in data.get("isolation_warnings", ())),
        collect_problems=tuple(str(p) for p in data.get("collect_problems", ())),
        deadline=parse_time(data.get("deadline")),
        problem_ids=problem_ids,
        problem_titles=titles,
        problem_max=maxima,
        override_warnings=tuple(str(w) for w in data.get("override_warnings", ())),
        unisolated=bool(data.get("unisolated")),
    )


def parse_time(value: Any) -> datetime | None:
    if not value:
        return None
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def _float(value: Any, default: float = 0.0) -> float:
    try:
        return float(value) if value is not None else default
    except (TypeError, ValueError):
        return default


def _test(data: Mapping[str, Any]) -> TestView:
    return TestView(
        name=str(data.get("name", "")),
        outcome=str(data.get("outcome", "error")),
        points=_float(data.get("points")),
        max_points=_float(data.get("max_points")),
        message=str(data.get("message") or ""),
        description=str(data.get("description") or ""),
        visibility=str(data.get("visibility") or "visible"),
        location=str(data.get("location") or ""),
    )


def _problem(data: Mapping[str, Any], student_override: Any = None) -> ProblemView:
    tests = tuple(_test(t) for t in data.get("tests", ()))
    reason = None
    if data.get("overridden"):
        reason = str(student_override.get("reason", "")) if isinstance(student_override, Mapping) else ""
    return ProblemView(
        id=str(data.get("id", "")),
        title=str(data.get("title") or ""),
        points=_float(data.get("points"), sum(t.points for t in tests)),
        max_points=_float(data.get("max_points"), sum(t.max_points for t in tests)),
        tests=tests,
        override_reason=reason,
    )


def _overrides(data: Mapping[str, Any]) -> tuple[OverrideView, ...]:
    raw = data.get("overrides", data.get("override"))
    if not raw:
        return ()
    items: Iterable[Any] = raw if isinstance(raw, list) else [raw]
    views = []
    for item in items:
        if not isinstance(item, Mapping):
            views.append(OverrideView(points=None, reason=str(item), problems={}))
            continue
        problems = item.get("problems") or {}
        views.append(OverrideView(
            points=_float(item["points"]) if item.get("points") is not None else None,
            reason=str(item.get("reason", "")),
            problems={str(k): _float(v) for k, v in dict(problems).items()},
            source=str(item.get("source") or ""),
        ))
    return tuple(views)


def _student(data: Mapping[str, Any]) -> StudentView:
    problems = tuple(_problem(p, data.get("override")) for p in data.get("problems", ()))
    raw_points = _float(data.get("raw_points"), sum(p.points for p in problems))
    penalty = _float(data.get("penalty"))
    return StudentView(
        id=str(data.get("id", "")),
        name=str(data.get("name", "")),
        group=str(data.get("group") or ""),
        status=str(data.get("status", "graded")),
        submitted_at=parse_time(data.get("submitted_at")),
        late_minutes=_float(data.get("late_minutes")),
        raw_points=raw_points,
        penalty=penalty,
        points=_float(data.get("points"), raw_points - penalty),
        problems=problems,
        output=str(data.get("output") or ""),
        notes=tuple(str(n) for n in data.get("notes", ())),
        isolation_warnings=tuple(str(w) for w in data.get("isolation_warnings", ())),
        overrides=_overrides(data),
        error=str(data["error"]) if data.get("error") else None,
        source_files=tuple(str(f) for f in data.get("source_files", ())),
        engine_error=bool(data.get("engine_error")),
        hidden_output_spans=_spans(data.get("hidden_output_spans")),
    )


def _spans(raw: Any) -> tuple[tuple[int, int], ...]:
    spans = []
    for item in raw or ():
        try:
            start, end = (int(x) for x in item)
        except (TypeError, ValueError):
            continue
        spans.append((start, end))
    return tuple(spans)


def _problem_columns(
    data: Mapping[str, Any], students: Sequence[StudentView]
) -> tuple[tuple[str, ...], dict[str, str], dict[str, float]]:
    """Problem columns in assignment order: from a top-level list if given, else first seen."""
    ids: list[str] = []
    titles: dict[str, str] = {}
    maxima: dict[str, float] = {}
    declared = [ProblemView(str(p.get("id")), str(p.get("title") or ""), 0.0,
                            _float(p.get("max_points", p.get("points"))), (), None)
                for p in data.get("problem_specs", ())]
    for problem in [*declared, *(p for s in students for p in s.problems)]:
        if problem.id not in titles:
            ids.append(problem.id)
            titles[problem.id] = problem.title or problem.id
            maxima[problem.id] = problem.max_points
    return tuple(ids), titles, maxima


def _unmatched_path(item: Any) -> str:
    if isinstance(item, Mapping):
        return str(item.get("path") or item.get("file") or item)
    return str(item)


def _ambiguous(item: Any) -> AmbiguousFile:
    if isinstance(item, Mapping):
        candidates = item.get("candidates") or item.get("students") or ()
        return AmbiguousFile(str(item.get("path") or item.get("file") or ""),
                             tuple(str(c) for c in candidates))
    return AmbiguousFile(str(item), ())


def unisolated_weeks(weeks: Sequence["WeekView"]) -> list[int]:
    """Weeks graded with a required sandbox layer missing (``grade --allow-unisolated``): every
    staff page says so in its footer."""
    return [w.week for w in weeks if w.unisolated]
