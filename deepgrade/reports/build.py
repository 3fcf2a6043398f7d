"""Write a week's reports, and the term overview, into the export folder.

Layout (design.md, the export contract):
  students/<id>/weekNN.html            one student's feedback, nobody else's data
  groups/<group>/weekNN.html           a study leader's page
  staff/weekNN/{summary.html,summary.csv,results.json,histogram.png}
  staff/gradebook.csv, staff/standings.html, index.html
Every file is written atomically (Drive syncs the folder while we write).
"""
from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path
from typing import Any, Sequence

from deepgrade.reports import html
from deepgrade.reports.atomic import write_bytes_atomic, write_text_atomic
from deepgrade.reports.csv_export import CSV_ENCODING, gradebook_csv, summary_csv
from deepgrade.reports.html import safe_component
from deepgrade.reports.plots import histogram_png
from deepgrade.reports.summary_page import submitted_points, summary_page
from deepgrade.reports.view import (CourseLike, WeekView, course_groups, group_key, percent, results_dict,
                                    week_view)


def _deadline(course: CourseLike, week: int, student_id: str | None = None) -> dt.datetime | None:
    try:
        return course.deadline(week, student_id)
    except (KeyError, ValueError):
        return None  # a week outside the schedule: show no deadline rather than fail the report


def after_due_reveal(course: CourseLike, week: int) -> dt.datetime | None:
    """When ``after_due`` tests are shown: once no upload of the week can still count, i.e. the
    latest deadline of anyone on the roster (extensions included) plus the late cut-off.
    Shown at each student's own deadline, a classmate could pass them to someone still working."""
    deadlines = [d for d in (_deadline(course, week, s.id) for s in course.roster) if d is not None]
    deadlines.append(_deadline(course, week))
    known = [d for d in deadlines if d is not None]
    if not known:
        return None
    policy = getattr(getattr(course, "config", None), "late_policy", None)
    cutoff_days = getattr(policy, "cutoff_days", 0) or 0
    return max(known) + dt.timedelta(days=cutoff_days)


def write_week(records: Any, course: CourseLike, export: Path, *,
               now: dt.datetime | None = None) -> list[Path]:
    """Every report of one week; returns the paths written.

    ``records`` is a ``WeekRecords`` (or its results.json dict, e.g. when rebuilding).
    ``now`` decides whether after_due tests are shown yet (default: the current time).
    """
    export = Path(export)
    now = now or dt.datetime.now(course.timezone)
    week = week_view(records)
    language, timezone = course.language, course.timezone
    written: list[Path] = []

    reveal_at = after_due_reveal(course, week.week)
    for student in week.students:
        page = html.student_page(week, student, language=language, timezone=timezone,
                                 deadline=_deadline(course, week.week, student.id), now=now,
                                 reveal_at=reveal_at)
        path = export / "students" / safe_component(student.id) / f"{week.week_label}.html"
        written.append(write_text_atomic(path, page))

    leaders = {s.id for s in course.roster if s.role == "leader"}
    for group, members in _groups(week).items():
        page = html.group_page(week, group, members, leaders=leaders, language=language,
                               timezone=timezone, deadline=_deadline(course, week.week))
        path = export / "groups" / safe_component(group) / f"{week.week_label}.html"
        written.append(write_text_atomic(path, page))

    # A student who left the roster (or dropped before this week) or a renamed group must not
    # keep an old page that still looks current in the shared folder.
    remove_stale_pages(week, export)

    staff = export / "staff" / week.week_label
    groups = course_groups(course)
    png = histogram_png(submitted_points(week), week.max_points, language=language)
    written.append(write_bytes_atomic(staff / "histogram.png", png))
    data_uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    written.append(write_text_atomic(staff / "summary.html", summary_page(
        week, language=language, timezone=timezone, histogram_data_uri=data_uri, group_order=groups)))
    written.append(write_text_atomic(staff / "summary.csv", summary_csv(week, groups), encoding=CSV_ENCODING))
    results = json.dumps(results_dict(records), ensure_ascii=False, indent=2, default=str) + "\n"
    written.append(write_text_atomic(staff / "results.json", results))
    return written


def remove_stale_pages(week: WeekView, export: Path) -> None:
    """Remove this week's student and group pages of people and groups no longer in it."""
    keep = {export / "students" / safe_component(s.id) / f"{week.week_label}.html" for s in week.students}
    keep |= {export / "groups" / safe_component(g) / f"{week.week_label}.html" for g in _groups(week)}
    _remove_stale(export / "students", week.week_label, keep)
    _remove_stale(export / "groups", week.week_label, keep)


def _remove_stale(folder: Path, week_label: str, keep: set[Path]) -> None:
    """Delete `<folder>/<x>/<week_label>.html` pages this run did not write (only our own page
    name, one level down: nothing else in the shared folder is touched), and a folder that
    this leaves empty."""
    if not folder.is_dir():
        return
    for page in folder.glob(f"*/{week_label}.html"):
        # A linked folder (students/x -> somewhere else) is not ours: glob follows it, and
        # the page behind it lies outside the export.
        if page in keep or page.is_symlink() or page.parent.is_symlink() or not page.is_file():
            continue
        page.unlink()
        try:
            page.parent.rmdir()  # only when nothing else is left in it
        except OSError:
            pass


def _groups(week: WeekView) -> dict[str, list]:
    groups: dict[str, list] = {}
    for student in sorted(week.students, key=lambda s: (s.name, s.id)):
        groups.setdefault(student.group or "-", []).append(student)
    return dict(sorted(groups.items()))


def audit_end(course: CourseLike) -> dt.date | None:
    """The first session after the audit period (청강 기간: 3/10 ~ 3/31 for three audit weeks)."""
    config = getattr(course, "config", None)
    sessions = list(getattr(config, "sessions", ()) or ())
    audit_weeks = getattr(config, "audit_weeks", 0) or 0
    if not sessions or audit_weeks <= 0:
        return None
    return sessions[min(audit_weeks, len(sessions) - 1)].date


def standings_rows(weeks: Sequence[WeekView], course: CourseLike) -> list[dict[str, Any]]:
    """One row per non-staff student (roster order, plus anyone graded but not on the roster),
    ranked by cumulative points; dropped students are listed unranked at the end."""
    audit_until = audit_end(course)
    people: dict[str, dict[str, Any]] = {}
    for entry in course.roster:
        if entry.role == "staff":
            continue
        people[entry.id] = {"id": entry.id, "name": entry.name, "group": entry.group, "role": entry.role,
                            "status": entry.status, "dropped_on": entry.dropped_on}
    for week in weeks:
        for student in week.students:
            people.setdefault(student.id, {"id": student.id, "name": student.name, "group": student.group,
                                           "role": "member", "status": "active", "dropped_on": None})
    rows = []
    for person in people.values():
        cells, total, submitted, counted = [], 0.0, 0, 0
        for week in weeks:
            student = week.student(person["id"])
            if student is None:
                cells.append({"points": None, "status": ""})
                continue
            counted += 1
            submitted += student.submitted
            total += student.points
            cells.append({"points": student.points, "status": student.status})
        dropped = person["status"] == "dropped"
        rows.append({
            **person, "cells": cells, "total": round(total, 6), "submitted": submitted, "counted": counted,
            "completion": percent(submitted, counted),
            "dropped": dropped,
            "dropped_in_audit": bool(dropped and person["dropped_on"] and audit_until
                                     and person["dropped_on"] <= audit_until),
            "rank": None,
        })
    active = sorted((r for r in rows if not r["dropped"]), key=lambda r: (-r["total"], -r["completion"], r["id"]))
    previous, rank = None, 0
    for position, row in enumerate(active, start=1):
        key = (row["total"], row["completion"])
        rank = rank if key == previous else position  # ties share a rank (1, 2, 2, 4)
        row["rank"], previous = rank, key
    dropped_rows = sorted((r for r in rows if r["dropped"]), key=lambda r: r["id"])
    return active + dropped_rows


def write_overview(weeks: Sequence[Any], course: CourseLike, export: Path) -> list[Path]:
    """The term's gradebook.csv, standings.html and the export's index.html."""
    export = Path(export)
    views = sorted((week_view(w) for w in weeks), key=lambda v: v.week)
    for view in views:  # also the weeks not regraded in this run (`grade --week 3`)
        remove_stale_pages(view, export)
    rows = standings_rows(views, course)
    graded_at = max((v.graded_at for v in views if v.graded_at), default=None)
    language, timezone = course.language, course.timezone
    written = [
        write_text_atomic(export / "staff" / "gradebook.csv", gradebook_csv(rows, views), encoding=CSV_ENCODING),
        write_text_atomic(export / "staff" / "standings.html", html.standings_page(
            rows, views, language=language, timezone=timezone, graded_at=graded_at)),
    ]
    group_weeks: dict[str, list[WeekView]] = {}
    by_group = group_key(course_groups(course))
    for view in views:
        for group in _groups(view):
            group_weeks.setdefault(group, []).append(view)
    written.append(write_text_atomic(export / "index.html", html.index_page(
        views, dict(sorted(group_weeks.items(), key=lambda item: by_group(item[0]))), language=language, timezone=timezone, graded_at=graded_at)))
    return written
