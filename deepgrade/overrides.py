"""`overrides.yml` next to course.yml: a TA's manual score changes, kept across every regrade.

```yaml
- student: "20230001"
  week: 1
  points: 90                 # the final score for the week (no late penalty on top)
  reason: 채점 기준 정정
- student: "20230002"
  week: 1
  points: {fourcal: 25}      # replaces these problems' points; the late penalty still applies
  reason: 부분 점수 인정
```

Overrides are applied after scoring, from the file as it is at report time, so they survive
regrades and `deepgrade report` picks up edits without regrading. Every mistake is a
`ConfigError` with `overrides.yml:line: field: …` (exit 2): a wrong override must not be
silently ignored.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Mapping

import yaml

from deepgrade.config.yamlsource import YamlDocument, load_yaml, read_text
from deepgrade.errors import ConfigError, Problem
from deepgrade.record import OverrideInfo

OVERRIDES_FILE = "overrides.yml"
_KEYS = {"student", "week", "points", "reason"}


def _week(value: Any) -> int | None:
    """1, "1", "01", "week01" -> 1 (what `--week` accepts); anything else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    match = re.fullmatch(r"\s*(?:week)?0*(\d{1,2})\s*", value, re.IGNORECASE) if isinstance(value, str) else None
    return int(match.group(1)) if match else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def parse_overrides(
    doc: YamlDocument,
    *,
    student_ids: set[str],
    problems_by_week: Mapping[int, Mapping[str, float]],   # week -> problem id -> max points
) -> dict[tuple[str, int], OverrideInfo]:
    shown = str(doc.path)
    data = doc.data
    loc_prefix: tuple[Any, ...] = ()
    if isinstance(data, dict) and set(data) == {"overrides"}:
        data, loc_prefix = data["overrides"], ("overrides",)
    if not isinstance(data, list):
        raise ConfigError.at(shown, doc.line_of(loc_prefix) or 1, None,
                             "expected a list of overrides (- student: …, week: …, points: …, reason: …)")
    problems: list[Problem] = []
    found: dict[tuple[str, int], OverrideInfo] = {}
    first_line: dict[tuple[str, int], int] = {}

    for index, entry in enumerate(data):
        loc = loc_prefix + (index,)
        line = doc.line_of(loc)

        def bad(field: str | None, message: str, _loc: tuple[Any, ...] = loc) -> None:
            problems.append(Problem(shown, doc.line_of(_loc + ((field,) if field else ())), field, message))

        if not isinstance(entry, dict):
            bad(None, "expected a mapping with student, week, points, reason")
            continue
        for key in sorted(set(entry) - _KEYS, key=str):
            bad(str(key), f"unknown key (expected one of {', '.join(sorted(_KEYS))})")
        student = entry.get("student")
        student = str(student) if isinstance(student, int) and not isinstance(student, bool) else student
        student_ok = False
        if not isinstance(student, str) or not student.strip():
            bad("student", "missing or empty (expected a student id from the roster)")
        elif student not in student_ids:
            bad("student", f"{student!r} is not in the roster (expected a student id)")
        else:
            student_ok = True
        week = _week(entry.get("week"))
        if week is None:
            bad("week", f"{entry.get('week')!r} is not a week number (expected e.g. 1)")
        elif week not in problems_by_week:
            bad("week", f"week {week} has no assignment (weeks: {', '.join(map(str, sorted(problems_by_week)))})")
            week = None
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            bad("reason", "missing (expected a short reason; it is shown on the reports)")
        if week is None:
            continue  # the points cannot be checked without the week's problems
        problem_max = problems_by_week[week]
        points = entry.get("points")
        total: float | None = None
        per_problem: dict[str, float] = {}
        points_ok = True
        if isinstance(points, dict):
            for pid, value in points.items():
                amount = _number(value)
                if str(pid) not in problem_max:
                    bad("points", f"problem {pid!r} is not in week {week} (expected one of "
                                  f"{', '.join(problem_max)})", loc + ("points", pid))
                    points_ok = False
                elif amount is None or not 0 <= amount <= problem_max[str(pid)]:
                    bad("points", f"{value!r} for {pid} is not a number from 0 to {problem_max[str(pid)]:g}",
                        loc + ("points", pid))
                    points_ok = False
                else:
                    per_problem[str(pid)] = amount
            if not points:
                bad("points", "empty mapping (expected {problem: points})")
                points_ok = False
        else:
            total = _number(points)
            maximum = sum(problem_max.values())
            if total is None or not 0 <= total <= maximum:
                bad("points", f"{points!r} is not a number from 0 to {maximum:g} (or a {{problem: points}} mapping)")
                points_ok = False
        if not (student_ok and points_ok) or not isinstance(reason, str) or not reason.strip():
            continue
        assert isinstance(student, str)
        key = (student, week)
        if key in first_line:
            bad(None, f"a second override for {student} week {week} (the first is on line {first_line[key]})")
            continue
        first_line[key] = line or 0
        found[key] = OverrideInfo(reason=reason.strip(), source=f"{doc.path.name}:{line}", points=total,
                                  problems=per_problem)
    if problems:
        raise ConfigError(problems)
    return found


def load_overrides(course: Any) -> dict[tuple[str, int], OverrideInfo]:
    """The course's overrides ({} when overrides.yml does not exist or holds nothing)."""
    path = Path(course.root) / OVERRIDES_FILE
    if not path.is_file():
        return {}
    try:
        if yaml.safe_load(read_text(path)) is None:   # only comments: nothing to apply
            return {}
    except yaml.YAMLError:
        pass  # load_yaml reports it with the line
    doc = load_yaml(path)
    problems_by_week = {
        week: {p.id: float(p.points) for p in assignment.config.problems}
        for week, assignment in course.assignments.items()
    }
    return parse_overrides(doc, student_ids={s.id for s in course.roster}, problems_by_week=problems_by_week)
