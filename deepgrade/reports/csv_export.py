"""CSV exports for staff: one week's summary and the term's gradebook.

Written as UTF-8 *with* BOM (encoding "utf-8-sig") because Excel otherwise reads
Korean names as mojibake. Text cells that Excel would run as a formula
(=, +, -, @, tab, CR at the start) get a leading apostrophe: names and file names
come from students.
"""
from __future__ import annotations

import csv
import io
import re
from typing import Any, Iterable, Sequence

from deepgrade.reports.progress import Person
from deepgrade.record import StudentWeek, WeekRecord
from deepgrade.reports.course_view import group_key, percent

CSV_ENCODING = "utf-8-sig"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Ids Excel would turn into something else: "0123" -> 123, "2022-1" -> a date, "1e5" -> 100000,
# 16+ digits -> rounded. A plain 1..15-digit number without a leading zero survives as it is.
_NUMBER_LIKE = re.compile(r"[0-9][0-9eE-]*")
_EXACT_NUMBER = re.compile(r"[1-9][0-9]{0,14}")


def _id_cell(student_id: str) -> str:
    """An id Excel keeps as typed: `="0123"` is text in Excel and Google Sheets alike."""
    if _NUMBER_LIKE.fullmatch(student_id) and not _EXACT_NUMBER.fullmatch(student_id):
        return '="' + student_id + '"'
    return _cell(student_id)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    if isinstance(value, float):
        # Six decimals like results.json's totals, never an exponent ("1e+06") Excel shows oddly.
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text
    return value


def _to_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Rows whose first cell is the student id (kept as text for Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180 line ends, what Excel writes
    writer.writerow(header)
    for row in rows:
        first, *rest = row
        writer.writerow([_id_cell(str(first)), *(_cell(v) for v in rest)])
    return buffer.getvalue()


def summary_csv(week: WeekRecord, group_order: Sequence[str] = ()) -> str:
    """One row per student: status, timing, points per problem, penalty, total, override."""
    header = ["id", "name", "group", "status", "submitted_at", "late_minutes",
              *[f"{pid}" for pid in week.problem_ids], "raw_points", "penalty", "points",
              "max_points", "percent_of_max", "override", "files"]
    rows = []
    by_group = group_key(group_order)
    for student in sorted(week.students, key=lambda s: (by_group(s.group), s.id)):
        problem_points = [_problem_points(student, pid) for pid in week.problem_ids]
        rows.append([
            student.id, student.name, student.group, student.status,
            student.submitted_at.isoformat(timespec="seconds") if student.submitted_at else "",
            int(student.late_minutes), *problem_points, student.raw_points, student.penalty,
            student.points, week.max_points, percent(student.points, week.max_points),
            student.override.reason if student.override else "", "; ".join(student.source_files),
        ])
    return _to_text(header, rows)


def _problem_points(student: StudentWeek, problem_id: str) -> float | None:
    problem = student.problem(problem_id)
    return problem.points if problem else None


def gradebook_csv(people: Sequence[Person], weeks: Sequence[WeekRecord], *, max_label: str = "(만점)") -> str:
    """All students × weeks, by group then id (the order a TA filters and sorts in Excel): each
    week's points, then its status (a 0 for a missing upload differs from a graded 0); points
    are empty where a student was not on that week's list. The first row holds the maximum
    points. `weeks_submitted` and the completion count graded and late weeks only."""
    header = ["id", "name", "group", "role", "status", "dropped_on"]
    for week in weeks:
        header += [week.week_label, f"{week.week_label}_status"]
    header += ["total", "percent_of_max", "weeks_submitted", "completion_percent", "rank"]
    maximum = ["", max_label, "", "", "", ""]
    for week in weeks:
        maximum += [week.max_points, ""]
    most = round(sum(w.max_points for w in weeks), 6)
    maximum += [most, 100, len(weeks), 100, ""]
    body: list[list[Any]] = [maximum]
    for person in people:
        row: list[Any] = [person.id, person.name, person.group, person.role, person.status, person.dropped_on or ""]
        for cell in person.cells:
            row += [cell.points, cell.status]
        row += [person.total, percent(person.total, most), person.submitted, person.completion, person.rank]
        body.append(row)
    return _to_text(header, body)
