"""A week's snapshot: what one grade run found and graded, stored as JSON, and the records
(with the current roster and overrides) that the reports are built from."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from deepgrade.collect.week_folders import unread_entries
from deepgrade.pipeline.console import korean
from deepgrade.rules.lateness import copied_times_warning
from deepgrade.pipeline.override_effects import ineffective_overrides
from deepgrade.record import AmbiguousUpload, WeekRecords
from deepgrade.pipeline.assess import ChosenUpload, build_record
from deepgrade.results import SubmissionResult


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


def week_snapshot(course: Any, week: int, assignment: Any, graded_at: datetime, scan: Any,
              entries: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "week": week, "assignment": assignment.id, "graded_at": graded_at.isoformat(),
        "unmatched": list(scan.unmatched) if scan else [],
        "ambiguous": [a.to_json() for a in scan.ambiguous] if scan else [],
        "collect_problems": ((list(scan.problems) if scan else []) + inbox_unread(course)
                             + not_graded_uploads(course, week, scan) + copied_times(course, week, scan)),
        "students": entries,
    }


def inbox_unread(course: Any) -> list[str]:
    """What in the inbox no week with an assignment reads (folders, stray uploads)."""
    return unread_entries(course.inbox, {w: a.config.inbox_folder for w, a in course.assignments.items()})


def copied_times(course: Any, week: int, scan: Any) -> list[str]:
    times = [u.submitted_at for u in scan.uploads if u.time_source == "mtime"] if scan else []
    warning = copied_times_warning(times, course.deadline(week), ko=korean(course))
    return [warning] if warning else []


def keep_graded_at_if_unchanged(snapshot: dict[str, Any], previous: dict[str, Any] | None) -> None:
    """A run that changed nothing of a week keeps the week's grading time: every page shows
    it, and a new time on every page would make Drive sync the whole export again."""
    def comparable(snap: dict[str, Any]) -> dict[str, Any]:
        snap = json.loads(json.dumps(snap))  # as stored: tuples become lists
        students = {}
        for sid, entry in snap.get("students", {}).items():
            # how it was obtained (cached, how long grading took) is not what a page shows
            students[sid] = {k: v for k, v in entry.items() if k != "cached"}
            if isinstance(entry.get("result"), dict):
                students[sid]["result"] = {k: v for k, v in entry["result"].items() if k != "duration_s"}
        return {**{k: v for k, v in snap.items() if k not in ("graded_at", "students")}, "students": students}

    if previous and previous.get("graded_at") and comparable(previous) == comparable(snapshot):
        snapshot["graded_at"] = previous["graded_at"]


def not_graded_uploads(course: Any, week: int, scan: Any) -> list[str]:
    """Uploads of roster people who are not graded this week (staff, dropped before the
    deadline): matched, so not "unmatched", but said to staff rather than passed over."""
    if not scan:
        return []
    graded = {s.id for s in graded_students(course, week)}
    ko = korean(course)
    lines = []
    for student_id in sorted({u.student_id for u in scan.uploads} - graded):
        student = course.student(student_id)
        paths = sorted({path for u in scan.uploads if u.student_id == student_id for path in u.sources})
        if student is None or not paths:
            continue
        if student.role == "staff":
            why = "운영진이라 채점하지 않음" if ko else "staff, not graded"
        else:
            why = (f"{student.dropped_on} 중도 하차로 채점하지 않음" if ko
                   else f"dropped on {student.dropped_on}, not graded")
        lines.append(f"{student.name} ({student.id}): {why}: {', '.join(paths)}")
    return lines


def records_from_snapshot(course: Any, snapshot: dict[str, Any],
                          overrides: dict[tuple[str, int], Any]) -> WeekRecords:
    """The week's records from a stored snapshot, with the current roster and overrides."""
    week = snapshot["week"]
    assignment = course.assignments[week]
    config = assignment.config
    policy = course.config.late_policy
    max_points = float(config.total_points)
    entries = snapshot["students"]
    students = []
    warnings: list[str] = []
    for student in graded_students(course, week):
        entry = entries.get(student.id)
        chosen = ChosenUpload.from_dict(entry["chosen"]) if entry and entry.get("chosen") else None
        result = SubmissionResult.from_dict(entry["result"]) if entry and entry.get("result") else None
        if result:
            warnings += [w for w in result.isolation_warnings if w not in warnings]
        students.append(build_record(
            student, chosen, result, deadline=course.deadline(week, student.id), policy=policy,
            max_points=max_points, override=overrides.get((student.id, week)), language=course.language,
            cached=bool(entry and entry.get("cached"))))
    return WeekRecords(
        week=week, assignment=assignment.id, max_points=max_points,
        graded_at=datetime.fromisoformat(snapshot["graded_at"]), students=tuple(students),
        unmatched=tuple(snapshot.get("unmatched", ())),
        ambiguous=tuple(AmbiguousUpload(a["path"], tuple(a["candidates"]), a.get("reason", ""))
                        for a in snapshot.get("ambiguous", ())),
        isolation_warnings=tuple(warnings), deadline=course.deadline(week), title=config.title,
        problems=tuple((p.id, p.title, float(p.points)) for p in config.problems),
        collect_problems=tuple(snapshot.get("collect_problems", ())),
        override_warnings=tuple(ineffective_overrides(week, overrides, students, course.roster, ko=korean(course))),
        similarity=snapshot.get("similarity"),
        unisolated=graded_unisolated(warnings),
    )


def graded_unisolated(warnings: list[str]) -> bool:
    """A required sandbox layer was missing (``grade --allow-unisolated``): staff pages say so."""
    from deepgrade.sandbox.isolation import REQUIRED

    return any(w.startswith(tuple(f"{name}:" for name in REQUIRED)) for w in warnings)
