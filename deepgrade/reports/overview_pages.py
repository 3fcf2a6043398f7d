"""Pages across weeks: a study group's overview and a student's own index.

`groups/<group>/index.html`: points per week for each member (weeks down, members across, so
it fits a 390 px phone for a group of four to six), who is behind two weeks running, the
audit period and who dropped in it. `students/<id>/index.html`: that student's weeks (points,
status, a link to each week's page) and the deadlines still ahead; nobody else's data.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Sequence
from zoneinfo import ZoneInfo

from deepgrade.reports.html import render
from deepgrade.reports.progress import Person, WeekTrend, audit_end, audit_weeks
from deepgrade.record import WeekRecord
from deepgrade.reports.course_view import CourseLike, percent


@dataclass(frozen=True)
class Deadline:
    week: int
    topic: str
    due: dt.datetime
    extended: bool   # the student's own extension, later than the course's deadline


@dataclass(frozen=True)
class AuditStatus:
    weeks: tuple[int, ...]
    ends: dt.date | None      # the first session after it
    over: bool


def audit_status(course: CourseLike, now: dt.datetime) -> AuditStatus | None:
    weeks = tuple(sorted(audit_weeks(course)))
    if not weeks:
        return None
    ends = audit_end(course)
    return AuditStatus(weeks, ends, bool(ends and now.date() >= ends))


def deadlines_ahead(course: CourseLike, student_id: str, now: dt.datetime) -> list[Deadline]:
    """Every scheduled week whose deadline (with the student's extension) is still to come."""
    ahead = []
    for session in getattr(getattr(course, "config", None), "sessions", ()) or ():
        try:
            due = course.deadline(session.week, student_id)
            usual = course.deadline(session.week)
        except (KeyError, ValueError):
            continue
        if due > now:
            ahead.append(Deadline(session.week, str(getattr(session, "topic", "") or ""), due, due > usual))
    return sorted(ahead, key=lambda d: d.due)


def group_overview_page(group: str, members: Sequence[Person], weeks: Sequence[WeekRecord],
                        trends: Sequence[WeekTrend], *, leaders: set[str], audit: AuditStatus | None,
                        language: str, timezone: ZoneInfo, graded_at: dt.datetime | None) -> str:
    """``weeks``: the graded weeks this group appears in, in order; ``members`` in page order."""
    columns = [w.week for w in weeks]
    week_rows = []
    for week, week_trend in zip(weeks, trends):
        cells = [next((c for c in m.cells if c.week == week.week), None) for m in members]
        listed = [c for c in cells if c is not None and c.listed]
        week_rows.append({"week": week, "cells": cells, "in_audit": week_trend.in_audit,
                          "submitted": sum(c.submitted for c in listed), "listed": len(listed)})
    behind = [m for m in members if m.behind]
    return render(
        "group_overview.html.j2", language=language, timezone=timezone, group=group, members=members,
        week_rows=week_rows, columns=columns, behind=behind, leaders=leaders, audit=audit, graded_at=graded_at,
        max_total=round(sum(w.max_points for w in weeks), 6),
        dropped_in_audit=[m for m in members if m.dropped_in_audit],
    )


def student_index_page(person: Person, weeks: Sequence[WeekRecord], *, deadlines: Sequence[Deadline],
                       language: str, timezone: ZoneInfo, graded_at: dt.datetime | None) -> str:
    rows: list[dict[str, Any]] = []
    for week, cell in zip(weeks, person.cells):
        if cell.listed:
            rows.append({"week": week, "cell": cell})
    max_total = round(sum(r["week"].max_points for r in rows), 6)
    return render(
        "student_index.html.j2", language=language, timezone=timezone, person=person, rows=rows,
        deadlines=deadlines, graded_at=graded_at, max_total=max_total,
        percent_of_max=percent(person.total, max_total) if max_total else None,
    )
