"""`staff/weekNN/results.json`: the week record in the documented shape (design.md), an output
for staff and other tools. Nothing in deepgrade reads it back: pages come from the record.

Every key the design lists is always present with the listed meaning; the extras (marked
below) carry what staff also want (overrides, notes, ambiguous uploads, isolation warnings)."""
from __future__ import annotations

import datetime as dt
import json
from datetime import datetime
from pathlib import Path
from typing import Any, Sequence

from deepgrade.record import StudentWeek, WeekRecord
from deepgrade.reports.atomic import write_text_atomic


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(timespec="seconds")


def _student(student: StudentWeek) -> dict[str, Any]:
    return {
        "id": student.id, "name": student.name, "group": student.group, "status": student.status,
        "submitted_at": _iso(student.submitted_at), "late_minutes": student.late_minutes,
        "raw_points": student.raw_points, "penalty": student.penalty, "points": student.points,
        "problems": [{
            "id": problem.id,
            "title": problem.title,                                       # extra
            "points": problem.points,
            "max_points": problem.max_points,
            "overridden": problem.override_reason is not None,            # extra
            "tests": [{"name": t.name, "outcome": t.outcome, "points": t.points, "max_points": t.max_points,
                       "message": t.message,
                       "visibility": t.visibility, "location": t.location}   # visibility, location: extra
                      for t in problem.tests],
        } for problem in student.problems],
        "override": student.override.to_json() if student.override else None,   # extra
        "notes": list(student.notes),                                             # extra
        "source_files": list(student.source_files),                               # extra
        "error": student.error_text,                                              # extra
        # extra: the engine (host, graders) failed, not the upload; its text is for staff only
        "engine_error": student.engine_error,
        "isolation_warnings": list(student.isolation_warnings),                   # extra
    }


def results_json(record: WeekRecord) -> dict[str, Any]:
    return {
        "week": record.week,
        "assignment": record.assignment,
        "max_points": record.max_points,
        "graded_at": _iso(record.graded_at),
        "students": [_student(s) for s in record.students],
        "unmatched": list(record.unmatched),
        # extras, for the staff summary's readers
        "ambiguous": [a.to_json() for a in record.ambiguous],
        "isolation_warnings": list(record.isolation_warnings),
        "deadline": _iso(record.deadline),
        "title": record.title,
        "problem_specs": [{"id": p.id, "title": p.title, "max_points": p.max_points} for p in record.problems],
        "collect_problems": list(record.collect_problems),
        "override_warnings": list(record.override_warnings),
        "unisolated": record.unisolated,
    }


class ResultsJsonExporter:
    name = "results_json"

    def write_week(self, record: WeekRecord, course: Any, export: Path, *, now: dt.datetime) -> list[Path]:
        text = json.dumps(results_json(record), ensure_ascii=False, indent=2) + "\n"
        return [write_text_atomic(export / "staff" / record.week_label / "results.json", text)]

    def write_overview(self, records: Sequence[WeekRecord], course: Any, export: Path, *,
                       now: dt.datetime) -> list[Path]:
        return []
