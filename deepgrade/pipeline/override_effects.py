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

from deepgrade.record import OverrideInfo, StudentWeek


def ineffective_overrides(week: int, overrides: Mapping[tuple[str, int], OverrideInfo],
                          records: Iterable[StudentWeek], roster: Iterable[Any], *, ko: bool) -> list[str]:
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
            why = ("운영진이라 채점하지 않는 사람" if ko else "staff, never graded") if person is not None \
                and person.role == "staff" else (f"{week}주차 전에 하차" if ko else f"dropped before week {week}")
            lines.append(f"{override.source}: {student_id}: " + (
                f"{week}주차에 채점하지 않는 학생입니다 ({why}): 이 조정은 아무것도 바꾸지 않습니다" if ko
                else f"not graded in week {week} ({why}): this override changes nothing"))
        elif override.points is None and (record.result is None or not record.result.problems):
            lines.append(f"{override.source}: {student_id}: " + (
                f"{week}주차에 채점된 제출이 없어 ({record.status}) 문제별 점수 조정은 아무것도 바꾸지 않습니다; "
                f"총점을 주려면 points: 점수 로 적어 주세요" if ko
                else f"no graded submission in week {week} ({record.status}), so problem points change nothing; "
                     f"write the week's total instead (points: N)"))
    return lines
