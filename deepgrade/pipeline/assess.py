"""One student's week: status, lateness, penalty and overrides on top of the engine's result.

Everything here is derived from what grading found (the student's attempts) with the rules of
the course: run again on every grade and report run, never stored as the truth."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Sequence

from deepgrade.messages import say
from deepgrade.record import Attempt, OverrideInfo, StudentWeek
from deepgrade.results import SubmissionResult
from deepgrade.rules.lateness import LatePolicyLike, assess, format_lateness, penalty_points


def is_engine_failure(result: SubmissionResult) -> bool:
    return result.error is not None and not result.problems


def engine_points(attempt: Attempt) -> float | None:
    """The engine's points for an attempt, None when nothing of it was graded."""
    if attempt.upload.problem is not None or attempt.result is None or is_engine_failure(attempt.result):
        return None
    return attempt.result.points


def build_student_week(student: Any, attempts: Sequence[Attempt], *, deadline: datetime, policy: LatePolicyLike,
                       max_points: float, override: OverrideInfo | None, language: str = "ko",
                       counted: int | None = None) -> StudentWeek:
    """``counted``: which attempt counts (default: the last one)."""
    group = student.group or ""
    if not attempts:
        points = override.points if override and override.points is not None else 0.0
        return StudentWeek(student.id, student.name, group, "missing", points=points, override=override)
    counted = len(attempts) - 1 if counted is None else counted
    chosen, result = attempts[counted].upload, attempts[counted].result
    lateness = assess(chosen.submitted_at, deadline, policy)
    notes = list(chosen.notes)
    if lateness.late:
        how_late = format_lateness(lateness.minutes, language)
        notes.append(say(language, "console.late_note", how_late=how_late, percent=lateness.penalty_percent))
    if lateness.past_cutoff:
        notes.append(say(language, "console.cutoff_note"))
    if lateness.late and override and override.points is not None:
        # the TA's total is final: without this the page says "20% 감점" beside an untouched total
        notes.append(say(language, "console.override_no_penalty"))
    if chosen.problem is not None or result is None:
        status, raw = "error", 0.0
        if chosen.problem:
            notes.append(chosen.problem)
    else:
        status = "error" if is_engine_failure(result) else ("late" if lateness.late else "graded")
        problem_points = {p.id: p.points for p in result.problems}
        if override:
            problem_points.update(override.problems)
        raw = round(sum(problem_points.values()), 6)
    if len(attempts) > 1:
        notes.append(_best_of_note(attempts, counted, deadline, policy, max_points, language))
    if result is not None:
        notes += [n for n in result.notes if n not in notes]
    penalty = penalty_points(raw, max_points, lateness)
    points = round(raw - penalty, 6)
    if override and override.points is not None:  # the TA's total is final
        points, penalty = override.points, 0.0
    return StudentWeek(
        student.id, student.name, group, status, submitted_at=chosen.submitted_at,
        late_minutes=lateness.minutes, raw_points=raw, penalty=penalty, points=points, override=override,
        attempts=tuple(attempts), counted=counted, notes=tuple(notes),
        error=chosen.problem or None)  # the reason staff and the student see beside "채점 오류"


def _best_of_note(attempts: Sequence[Attempt], counted: int, deadline: datetime, policy: LatePolicyLike,
                  max_points: float, language: str) -> str:
    """Which of the graded uploads counts, and what each was worth (late policy best_of)."""
    parts = []
    for attempt in attempts:
        points = engine_points(attempt)
        lateness = assess(attempt.upload.submitted_at, deadline, policy)
        when = say(language, "console.best_of.late", how_late=format_lateness(lateness.minutes, language)) \
            if lateness.late else say(language, "console.best_of.on_time")
        if points is None:
            worth = say(language, "console.best_of.not_graded")
        else:
            worth = say(language, "console.best_of.points",
                        points=round(points - penalty_points(points, max_points, lateness), 6))
        parts.append(f"{when} {worth}")
    late = assess(attempts[counted].upload.submitted_at, deadline, policy).late
    which = say(language, "console.best_of.which_late" if late else "console.best_of.which_on_time")
    return say(language, "console.best_of.note", parts=", ".join(parts), which=which)
