"""The "gradescope" exporter: each graded student's week in the format of Gradescope's
autograder (`/autograder/results/results.json`), so the same graders serve a course on that
platform (`deepgrade gradescope` writes one inside its container) and a course can import
deepgrade's results there.

    {"score": 85.0, "execution_time": 3, "output": "...", "visibility": "visible",
     "tests": [{"name": ..., "number": "fourcal.1", "score": 2.0, "max_score": 2.0,
                "status": "passed", "output": ..., "visibility": "visible", "tags": ["fourcal"]}]}

Gradescope shows a test whole or not at all: a hidden test (deepgrade shows its title and outcome
at once and its message from the reveal point) and an after_due test become ``after_due_date``,
so no hidden message reaches a student before the deadline. ``score`` is the week's points (late
penalty and overrides included; a test's scores add up to the engine's points). A student with
nothing graded (missing, or an engine error that the next run retries) gets no file.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Sequence

from deepgrade.record import StudentWeek, WeekRecord
from deepgrade.reports.atomic import write_text_atomic
from deepgrade.reports.html import safe_component

VISIBILITY = {"visible": "visible", "hidden": "after_due_date", "after_due": "after_due_date"}


def gradescope_results(student: StudentWeek) -> dict[str, Any]:
    tests = []
    for problem in student.problems:
        for number, test in enumerate(problem.tests, start=1):
            title = test.description or test.name
            tests.append({
                "name": f"{title} ({test.name})" if test.description else test.name,
                "number": f"{problem.id}.{number}",
                "score": test.points,
                "max_score": test.max_points,
                "status": "passed" if test.outcome == "passed" else "failed",
                "output": test.message,
                "visibility": VISIBILITY.get(test.visibility, "after_due_date"),
                "tags": [problem.id],
            })
    result = student.result
    return {
        "score": student.points,
        "execution_time": round(result.duration_s) if result else 0,
        "output": "\n".join(student.notes),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


class GradescopeExporter:
    name = "gradescope"

    def write_week(self, record: WeekRecord, course: Any, export: Path, *, now: dt.datetime) -> list[Path]:
        written = []
        for student in record.students:
            if student.status == "missing" or student.engine_error:
                continue
            path = export / "gradescope" / record.week_label / safe_component(student.id) / "results.json"
            text = json.dumps(gradescope_results(student), ensure_ascii=False, indent=2) + "\n"
            written.append(write_text_atomic(path, text))
        return written

    def write_overview(self, records: Sequence[WeekRecord], course: Any, export: Path, *,
                       now: dt.datetime) -> list[Path]:
        return []
