"""Write a week's reports, and the term overview, into the export folder.

The pages of the export (the "pages" exporter; CSV and results.json are exporters of their own):
  students/<id>/weekNN.html            one student's feedback, nobody else's data
  groups/<group>/weekNN.html           a study leader's page
  staff/weekNN/{summary.html,histogram.png,similarity.html}
  staff/standings.html, index.html
  groups/<group>/index.html, students/<id>/index.html   across the weeks
Every file is written atomically (Drive syncs the folder while we write).
"""
from __future__ import annotations

import base64
import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any, Sequence

from deepgrade.reports import html, progress
from deepgrade.reports.atomic import write_bytes_atomic, write_text_atomic
from deepgrade.reports.charts import progress_svg
from deepgrade.reports.histogram_reuse import reuse_or_draw
from deepgrade.reports.html import safe_component
from deepgrade.reports.labels import translator
from deepgrade.reports.overview_pages import audit_status, deadlines_ahead, group_overview_page, student_index_page
from deepgrade.reports.plots import histogram_png
from deepgrade.reports.similarity_page import similarity_page
from deepgrade.reports.summary_page import submitted_points, summary_page
from deepgrade.rules.reveal import reveal_time
from deepgrade.record import WeekRecord
from deepgrade.reports.course_view import CourseLike, course_groups, group_key


def _deadline(course: CourseLike, week: int, student_id: str | None = None) -> dt.datetime | None:
    try:
        return course.deadline(week, student_id)
    except (KeyError, ValueError):
        return None  # a week outside the schedule: show no deadline rather than fail the report


def after_due_reveal(course: CourseLike, week: int) -> dt.datetime | None:
    """The week's reveal point (``rules.reveal``): the latest deadline plus the late cut-off."""
    deadlines = [_deadline(course, week, s.id) for s in course.roster] + [_deadline(course, week)]
    policy = getattr(getattr(course, "config", None), "late_policy", None)
    return reveal_time(deadlines, getattr(policy, "cutoff_days", 0) or 0)


def write_week(week: WeekRecord, course: CourseLike, export: Path, *,
               now: dt.datetime | None = None) -> list[Path]:
    """Every report of one week; returns the paths written. ``now`` decides whether after_due
    tests are shown yet (default: the current time)."""
    export = Path(export)
    now = now or dt.datetime.now(course.timezone)
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
    if week.similarity is not None:  # staff only
        written.append(write_text_atomic(staff / "similarity.html", similarity_page(
            week, week.similarity, language=language, timezone=timezone, graded_at=week.graded_at)))
    png = reuse_or_draw(staff / "histogram.png", submitted_points(week), week.max_points, language=language,
                        draw=histogram_png)
    written.append(write_bytes_atomic(staff / "histogram.png", png))
    data_uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    written.append(write_text_atomic(staff / "summary.html", summary_page(
        week, language=language, timezone=timezone, histogram_data_uri=data_uri, group_order=groups,
        similarity_link=(staff / "similarity.html").is_file())))
    return written


def remove_stale_pages(week: WeekRecord, export: Path) -> None:
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


def _groups(week: WeekRecord) -> dict[str, list]:
    groups: dict[str, list] = {}
    for student in sorted(week.students, key=lambda s: (s.name, s.id)):
        groups.setdefault(student.group or "-", []).append(student)
    return dict(sorted(groups.items()))


def write_overview(weeks: Sequence[WeekRecord], course: CourseLike, export: Path, *,
                   now: dt.datetime | None = None) -> list[Path]:
    """Across the weeks: the gradebook, the standings (with the progress chart), each group's
    overview, each student's index and the export's index.html. ``now`` decides which
    deadlines are still ahead on the student indexes (default: the current time)."""
    export = Path(export)
    now = now or dt.datetime.now(course.timezone)
    views = sorted(weeks, key=lambda v: v.week)
    for view in views:  # also the weeks not regraded in this run (`grade --week 3`)
        remove_stale_pages(view, export)
    order = course_groups(course)
    persons = progress.ranked(progress.people(views, course))
    trends = progress.trend(views, course)
    graded_at = max((v.graded_at for v in views if v.graded_at), default=None)
    language, timezone = course.language, course.timezone
    t = translator(language)
    chart = progress_svg(trends, week_label=t("week_n"), submitted_label=t("chart_submitted"),
                         mean_label=t("chart_mean"), audit_label=t("audit_period"),
                         title=t("progress_chart")) if views else None
    written = [
        write_text_atomic(export / "staff" / "standings.html", html.standings_page(
            persons, views, language=language, timezone=timezone, graded_at=graded_at, chart=chart)),
    ]
    written += _write_group_overviews(views, trends, persons, course, export, now=now)
    written += _write_student_indexes(views, persons, course, export, now=now)
    group_weeks: dict[str, list[WeekRecord]] = {}
    by_group = group_key(order)
    for view in views:
        for group in _groups(view):
            group_weeks.setdefault(group, []).append(view)
    written.append(write_text_atomic(export / "index.html", html.index_page(
        views, dict(sorted(group_weeks.items(), key=lambda item: by_group(item[0]))), language=language, timezone=timezone, graded_at=graded_at)))
    return written


def _write_group_overviews(views: Sequence[WeekRecord], trends: Sequence[progress.WeekTrend],
                           persons: Sequence[progress.Person], course: CourseLike, export: Path, *,
                           now: dt.datetime) -> list[Path]:
    leaders = {s.id for s in course.roster if s.role == "leader"}
    audit = audit_status(course, now)
    written, keep = [], set()
    for group in sorted({g for view in views for g in _groups(view)}):
        in_group = [i for i, view in enumerate(views) if group in _groups(view)]
        members = sorted((p for p in persons if p.group == group and any(p.cells[i].listed for i in in_group)),
                         key=lambda p: (p.name, p.id))
        members = [dataclasses.replace(p, cells=tuple(p.cells[i] for i in in_group)) for p in members]
        page = group_overview_page(group, members, [views[i] for i in in_group], [trends[i] for i in in_group],
                                   leaders=leaders, audit=audit, language=course.language,
                                   timezone=course.timezone, graded_at=max(views[i].graded_at for i in in_group))
        path = export / "groups" / safe_component(group) / "index.html"
        keep.add(path)
        written.append(write_text_atomic(path, page))
    _remove_stale(export / "groups", "index", keep)
    return written


def _write_student_indexes(views: Sequence[WeekRecord], persons: Sequence[progress.Person], course: CourseLike,
                           export: Path, *, now: dt.datetime) -> list[Path]:
    written, keep = [], set()
    for person in persons:
        listed = [i for i, cell in enumerate(person.cells) if cell.listed]
        if not listed:
            continue  # no week page to lead to yet
        page = student_index_page(person, views, deadlines=deadlines_ahead(course, person.id, now),
                                  language=course.language, timezone=course.timezone,
                                  graded_at=max(views[i].graded_at for i in listed))
        path = export / "students" / safe_component(person.id) / "index.html"
        keep.add(path)
        written.append(write_text_atomic(path, page))
    _remove_stale(export / "students", "index", keep)
    return written
