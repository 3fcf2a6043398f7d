"""A week's record: the facts one grade run found (each student's attempts, the inbox's
leftovers), and the record every report reads, assessed from those facts with the current
roster, the late policy and overrides.yml (again on every run: `deepgrade report` too)."""
from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any, Mapping, Sequence

from deepgrade.collect.week_folders import unread_entries
from deepgrade.pipeline.assess import build_student_week, engine_points
from deepgrade.messages import say
from deepgrade.pipeline.override_effects import ineffective_overrides
from deepgrade.record import Attempt, ProblemColumn, StudentWeek, WeekRecord
from deepgrade.rules.late_policy import Graded, late_policy
from deepgrade.rules.lateness import copied_times_warning


def graded_students(course: Any, week: int) -> list[Any]:
    """Who is graded this week: not staff, and not dropped before the week's deadline."""
    chosen = []
    for student in course.roster:
        if student.role == "staff":
            continue
        if student.status == "dropped" and student.dropped_on is not None \
                and student.dropped_on < course.deadline(week).date():
            continue
        chosen.append(student)
    return chosen


def week_facts(course: Any, week: int, graded_at: datetime, scan: Any,
               attempts: Mapping[str, Sequence[Attempt]], similarity: Mapping[str, Any] | None = None) -> WeekRecord:
    """What this run found of the week, before any rule is applied (``assess_week`` does that)."""
    return WeekRecord(
        week=week, assignment=course.assignments[week].id, graded_at=graded_at,
        students=tuple(StudentWeek(sid, "", "", "missing", attempts=tuple(found)) for sid, found in attempts.items()),
        unmatched=tuple(scan.unmatched) if scan else (),
        ambiguous=tuple(scan.ambiguous) if scan else (),
        collect_problems=tuple((list(scan.problems) if scan else []) + inbox_unread(course)
                               + not_graded_uploads(course, week, scan) + copied_times(course, week, scan)),
        similarity=similarity,
    )


def inbox_unread(course: Any) -> list[str]:
    """What in the inbox no week with an assignment reads (folders, stray uploads)."""
    return unread_entries(course.inbox, {w: a.config.inbox_folder for w, a in course.assignments.items()})


def copied_times(course: Any, week: int, scan: Any) -> list[str]:
    times = [u.submitted_at for u in scan.uploads if u.time_source == "mtime"] if scan else []
    warning = copied_times_warning(times, course.deadline(week), language=course.language)
    return [warning] if warning else []


def keep_graded_at_if_unchanged(record: WeekRecord, previous: WeekRecord | None) -> WeekRecord:
    """A run that changed nothing of a week keeps the week's grading time: every page shows
    it, and a new time on every page would make Drive sync the whole export again."""
    def comparable(week: WeekRecord) -> dict[str, Any]:
        """What grading found, without how it was obtained (cached, how long it took)."""
        data = week.to_json()
        found = {}
        for student in data["students"]:
            for attempt in student["attempts"]:
                attempt.pop("cached")
                if attempt["result"] is not None:
                    attempt["result"].pop("duration_s")
            if student["attempts"]:
                found[student["id"]] = student["attempts"]
        return {"students": found, **{k: data[k] for k in ("week", "assignment", "unmatched", "ambiguous",
                                                           "collect_problems", "similarity")}}

    if previous is not None and comparable(previous) == comparable(record):
        return dataclasses.replace(record, graded_at=previous.graded_at)
    return record


def not_graded_uploads(course: Any, week: int, scan: Any) -> list[str]:
    """Uploads of roster people who are not graded this week (staff, dropped before the
    deadline): matched, so not "unmatched", but said to staff rather than passed over."""
    if not scan:
        return []
    graded = {s.id for s in graded_students(course, week)}
    lines = []
    for student_id in sorted({u.student_id for u in scan.uploads} - graded):
        student = course.student(student_id)
        paths = sorted({path for u in scan.uploads if u.student_id == student_id for path in u.sources})
        if student is None or not paths:
            continue
        if student.role == "staff":
            why = say(course.language, "console.staff_not_graded")
        else:
            why = say(course.language, "console.dropped_not_graded", date=student.dropped_on)
        lines.append(f"{student.name} ({student.id}): {why}: {', '.join(paths)}")
    return lines


def assess_week(facts: WeekRecord, course: Any, overrides: dict[tuple[str, int], Any]) -> WeekRecord:
    """The week's record from what grading found, with the current roster, rules and overrides."""
    week = facts.week
    config = course.assignments[week].config
    policy = course.config.late_policy
    rule = late_policy(policy)
    max_points = float(config.total_points)
    found = {s.id: s for s in facts.students}
    students = []
    warnings: list[str] = []
    for student in graded_students(course, week):
        previous = found.get(student.id)
        attempts = previous.attempts if previous else ()
        for attempt in attempts:
            if attempt.result:
                warnings += [w for w in attempt.result.isolation_warnings if w not in warnings]
        deadline = course.deadline(week, student.id)
        counted = rule.counted([Graded(a.upload.submitted_at, engine_points(a)) for a in attempts], deadline,
                               max_points) if attempts else None
        students.append(build_student_week(
            student, attempts, deadline=deadline, policy=policy, max_points=max_points,
            override=overrides.get((student.id, week)), language=course.language, counted=counted))
    return dataclasses.replace(
        facts, students=tuple(students), title=config.title, max_points=max_points, deadline=course.deadline(week),
        problems=tuple(ProblemColumn(p.id, p.title, float(p.points)) for p in config.problems),
        override_warnings=tuple(ineffective_overrides(week, overrides, students, course.roster, language=course.language)),
        isolation_warnings=tuple(warnings), unisolated=graded_unisolated(warnings),
    )


def graded_unisolated(warnings: list[str]) -> bool:
    """A required sandbox layer was missing (``grade --allow-unisolated``): staff pages say so."""
    from deepgrade.sandbox.shared.isolation_config import REQUIRED

    return any(w.startswith(tuple(f"{name}:" for name in REQUIRED)) for w in warnings)
