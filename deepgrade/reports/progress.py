"""Each person across the graded weeks, and each week across the cohort, as plain data.

Read by the standings, the gradebook, the group overview, the student index and the progress
chart. Submitted means graded or late (`view.SUBMITTED_STATUSES`): an upload that could not be
graded is not a submission in a rate or an average. *Behind* is a week on a member's list with
nothing graded that is their own doing: missing, or an upload refused (an engine failure is not
the student's, and is retried). Two or more such weeks in a row up to the latest graded week
is what a study leader is asked to follow up.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
from dataclasses import dataclass
from typing import Any, Sequence

from deepgrade.record import StudentWeek, WeekRecord
from deepgrade.reports.course_view import CourseLike, group_key, percent, topic

BEHIND_RUN = 2  # weeks in a row


@dataclass(frozen=True)
class WeekCell:
    week: int
    label: str                 # "week01": the page name
    max_points: float
    points: float | None       # None: not on that week's list (not yet joined, dropped before it)
    status: str                # "" when not on the list
    behind: bool = False

    @property
    def listed(self) -> bool:
        return self.points is not None

    @property
    def submitted(self) -> bool:
        return self.status in ("graded", "late")


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    group: str
    role: str
    status: str                # roster status: active | dropped
    dropped_on: dt.date | None
    cells: tuple[WeekCell, ...]
    dropped_in_audit: bool = False
    rank: int | None = None

    @property
    def dropped(self) -> bool:
        return self.status == "dropped"

    @property
    def total(self) -> float:
        return round(sum(c.points for c in self.cells if c.points is not None), 6)

    @property
    def submitted(self) -> int:
        return sum(c.submitted for c in self.cells)

    @property
    def counted(self) -> int:
        return sum(c.listed for c in self.cells)

    @property
    def completion(self) -> int:
        return percent(self.submitted, self.counted)

    @property
    def behind_run(self) -> int:
        """Weeks in a row, up to their latest listed week, with nothing graded of their doing."""
        run = 0
        for cell in reversed([c for c in self.cells if c.listed]):
            if not cell.behind:
                break
            run += 1
        return run

    @property
    def behind(self) -> bool:
        return not self.dropped and self.behind_run >= BEHIND_RUN


@dataclass(frozen=True)
class WeekTrend:
    week: int
    label: str
    topic: str
    max_points: float
    listed: int
    submitted: int
    mean: float | None         # over submitted points
    in_audit: bool

    @property
    def submission_percent(self) -> int:
        return percent(self.submitted, self.listed)

    @property
    def mean_percent(self) -> float | None:
        return None if self.mean is None or not self.max_points else 100 * self.mean / self.max_points


def _is_behind(student: StudentWeek) -> bool:
    return student.status == "missing" or (student.status == "error" and not student.engine_error)


def audit_weeks(course: CourseLike) -> set[int]:
    """The weeks of the audit period (청강 기간): the first ``audit_weeks`` sessions."""
    config = getattr(course, "config", None)
    sessions = sorted(getattr(config, "sessions", ()) or (), key=lambda s: s.date)
    return {s.week for s in sessions[: getattr(config, "audit_weeks", 0) or 0]}


def audit_end(course: CourseLike) -> dt.date | None:
    """The first session after the audit period (청강 기간: 3/10 ~ 3/31 for three audit weeks)."""
    config = getattr(course, "config", None)
    sessions = list(getattr(config, "sessions", ()) or ())
    audit = getattr(config, "audit_weeks", 0) or 0
    if not sessions or audit <= 0:
        return None
    return sessions[min(audit, len(sessions) - 1)].date


def people(weeks: Sequence[WeekRecord], course: CourseLike) -> list[Person]:
    """Every non-staff person of the roster (in roster order), then anyone graded but no longer
    on it, with one cell per week."""
    audit_until = audit_end(course)
    found: dict[str, dict[str, Any]] = {}
    for entry in course.roster:
        if entry.role != "staff":
            found[entry.id] = {"id": entry.id, "name": entry.name, "group": entry.group or "", "role": entry.role,
                               "status": entry.status, "dropped_on": entry.dropped_on}
    for week in weeks:
        for student in week.students:
            found.setdefault(student.id, {"id": student.id, "name": student.name, "group": student.group,
                                          "role": "member", "status": "active", "dropped_on": None})
    result = []
    for info in found.values():
        cells = []
        for week in weeks:
            student = week.student(info["id"])
            cells.append(WeekCell(week.week, week.week_label, week.max_points,
                                  None if student is None else student.points,
                                  "" if student is None else student.status,
                                  student is not None and _is_behind(student)))
        in_audit = bool(info["status"] == "dropped" and info["dropped_on"] and audit_until
                        and info["dropped_on"] <= audit_until)
        result.append(Person(**info, cells=tuple(cells), dropped_in_audit=in_audit))
    return result


def ranked(persons: Sequence[Person]) -> list[Person]:
    """Active people by cumulative points (ties share a rank: 1, 2, 2, 4), then the dropped."""
    active = sorted((p for p in persons if not p.dropped), key=lambda p: (-p.total, -p.completion, p.id))
    out, previous, rank = [], None, 0
    for position, person in enumerate(active, start=1):
        key = (person.total, person.completion)
        rank = rank if key == previous else position
        previous = key
        out.append(dataclasses.replace(person, rank=rank))
    return out + sorted((p for p in persons if p.dropped), key=lambda p: p.id)


def by_group_then_id(persons: Sequence[Person], group_order: Sequence[str]) -> list[Person]:
    key = group_key(group_order)
    return sorted(persons, key=lambda p: (key(p.group), p.id))


def trend(weeks: Sequence[WeekRecord], course: CourseLike) -> list[WeekTrend]:
    audit = audit_weeks(course)
    out = []
    for week in weeks:
        scores = [s.points for s in week.students if s.submitted]
        out.append(WeekTrend(week.week, week.week_label, topic(week.title), week.max_points, len(week.students),
                             len(scores), statistics.fmean(scores) if scores else None, week.week in audit))
    return out
