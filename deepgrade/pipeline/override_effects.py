"""Overrides that change nothing, said rather than passed over.

An override in overrides.yml that cannot act is a TA's mistake the run must show: per-problem
points for a student with no graded submission that week (missing, or nothing gradable: there
are no problem points to replace; a total, `points: N`, is what works), or an override for
someone not graded that week at all (staff, or dropped before the week). They are warnings on
the console and in the staff summary's "조치 필요", not errors: the rest of the run is right,
and the other overrides apply.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from deepgrade.messages import say
from deepgrade.record import OverrideInfo, StudentWeek


def ineffective_overrides(week: int, overrides: Mapping[tuple[str, int], OverrideInfo],
                          records: Iterable[StudentWeek], roster: Iterable[Any], *, language: str) -> list[str]:
    """One line per override of ``week`` that changes nothing, naming where it is written."""
    by_id = {record.id: record for record in records}
    people = {person.id: person for person in roster}
    lines = []
    for (student_id, override_week), override in sorted(overrides.items(), key=lambda item: item[1].source):
        if override_week != week:
            continue
        record = by_id.get(student_id)
        if record is None:
            person = people.get(student_id)
            why = say(language, "console.override_staff") if person is not None and person.role == "staff" \
                else say(language, "console.override_dropped", week=week)
            lines.append(f"{override.source}: {student_id}: "
                         + say(language, "console.override_not_graded", week=week, why=why))
        elif override.points is None and (record.result is None or not record.result.problems):
            lines.append(f"{override.source}: {student_id}: "
                         + say(language, "console.override_no_problems", week=week, status=record.status))
    return lines
