"""CSV exports for staff: one week's summary and the term's gradebook.

Written as UTF-8 *with* BOM (encoding "utf-8-sig") because Excel otherwise reads
Korean names as mojibake. Text cells that Excel would run as a formula
(=, +, -, @, tab, CR at the start) get a leading apostrophe: names and file names
come from students.
"""
from __future__ import annotations

import csv
import io
from typing import Any, Iterable, Sequence

from deepgrade.reports.view import StudentView, WeekView

CSV_ENCODING = "utf-8-sig"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    if isinstance(value, float):
        return f"{value:g}"
    return value


def _to_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180 line ends, what Excel writes
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue()


def summary_csv(week: WeekView) -> str:
    """One row per student: status, timing, points per problem, penalty, total, override."""
    header = ["id", "name", "group", "status", "submitted_at", "late_minutes",
              *[f"{pid}" for pid in week.problem_ids], "raw_points", "penalty", "points",
              "max_points", "override", "files"]
    rows = []
    for student in sorted(week.students, key=lambda s: (s.group, s.id)):
        problem_points = [_problem_points(student, pid) for pid in week.problem_ids]
        rows.append([
            student.id, student.name, student.group, student.status,
            student.submitted_at.isoformat(timespec="seconds") if student.submitted_at else "",
            int(student.late_minutes), *problem_points, student.raw_points, student.penalty,
            student.points, week.max_points,
            "; ".join(o.reason for o in student.overrides), "; ".join(student.source_files),
        ])
    return _to_text(header, rows)


def _problem_points(student: StudentView, problem_id: str) -> float | None:
    problem = student.problem(problem_id)
    return problem.points if problem else None


def gradebook_csv(rows: Sequence[dict[str, Any]], weeks: Sequence[WeekView]) -> str:
    """All students × weeks (points; empty where a student was not on that week's list)."""
    header = ["id", "name", "group", "role", "status", "dropped_on",
              *[w.week_label for w in weeks], "total", "weeks_submitted", "completion_percent"]
    body = []
    for row in rows:
        body.append([row["id"], row["name"], row["group"], row["role"], row["status"],
                     row["dropped_on"] or "", *[c["points"] for c in row["cells"]],
                     row["total"], row["submitted"], row["completion"]])
    return _to_text(header, body)
