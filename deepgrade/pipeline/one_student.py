"""`deepgrade grade --student ID`: grade a few students without touching anyone else.

Everyone else keeps the week's stored result, so the week must have been graded once before
(otherwise their pages would say 미제출). The console then shows the selected students'
results (status, points per problem, the tests that did not pass) instead of the week's
attention list.
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

from rich.markup import escape

from deepgrade.errors import ConfigError, Problem
from deepgrade.messages import say
from deepgrade.record import WeekRecord


def check_students(course: Any, ids: Iterable[str]) -> frozenset[str]:
    """The ids as given, each a non-staff roster member; ConfigError (exit 2) otherwise."""
    problems = []
    chosen = []
    for student_id in ids:
        student = course.student(student_id.strip())
        if student is None:
            problems.append(Problem("--student", None, None, f"{student_id!r} is not in the roster "
                                                             "(expected a student id, e.g. 202210001)"))
        elif student.role == "staff":
            problems.append(Problem("--student", None, None, f"{student_id} is staff, who are never graded"))
        else:
            chosen.append(student.id)
    if problems:
        raise ConfigError(problems)
    return frozenset(chosen)


def require_stored_weeks(store: Any, weeks: Sequence[int]) -> None:
    missing = [w for w in weeks if store.load_week(w) is None]
    if missing:
        shown = ", ".join(map(str, missing))
        raise ConfigError(Problem("--student", None, None,
                                  f"week {shown} has not been graded yet, so the other students have no result to "
                                  f"keep (expected a full run first: deepgrade grade --week {missing[0]})"))


def print_students(records: WeekRecord, only: frozenset[str], console: Any, language: str) -> None:
    for record in records.students:
        if record.id not in only:
            continue
        status = say(language, f"console.status.{record.status}")
        console.print(f"[bold]week{records.week:02d} {escape(record.name)} ({record.id})[/]: {status}, "
                      f"{record.points:g} / {records.max_points:g}"
                      + (f" ({say(language, 'console.late_penalty')} {record.penalty:g})" if record.penalty else ""))
        for problem in record.problems:
            failing = [t.name for t in problem.tests if t.outcome != "passed"]
            line = f"  {problem.id}: {problem.points:g} / {problem.max_points:g}"
            if failing:
                line += say(language, "console.not_passed") + ", ".join(failing)
            console.print(escape(line))
        reason = record.error_text
        if reason:
            console.print(f"  [red]{escape(reason.strip().splitlines()[0][:300])}[/]")
