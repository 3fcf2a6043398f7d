"""The staff summary of one week: what needs action first, then every student, the score
distribution and the per-test pass rates (the test that tripped most students first)."""
from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Sequence
from zoneinfo import ZoneInfo

from deepgrade.reports.actions import action_items
from deepgrade.reports.html import late_text, render
from deepgrade.record import WeekRecord
from deepgrade.reports.course_view import group_key, percent, unisolated_weeks


@dataclass(frozen=True)
class PassRate:
    problem: str
    name: str
    visibility: str
    passed: int
    runs: int

    @property
    def percent(self) -> int:
        return percent(self.passed, self.runs)


def pass_rates(week: WeekRecord) -> list[PassRate]:
    """Per test, over submissions the engine graded; the test that tripped most students first."""
    runs: Counter[tuple[str, str]] = Counter()
    passed: Counter[tuple[str, str]] = Counter()
    visibility: dict[tuple[str, str], str] = {}
    for student in week.students:
        for problem in student.problems:
            for test in problem.tests:
                key = (problem.id, test.name)
                runs[key] += 1
                passed[key] += test.outcome == "passed"
                visibility.setdefault(key, test.visibility)
    rates = [PassRate(p, n, visibility[(p, n)], passed[(p, n)], runs[(p, n)]) for p, n in runs]
    return sorted(rates, key=lambda r: (r.passed / r.runs, r.problem, r.name))


def week_counts(week: WeekRecord) -> dict[str, int]:
    """Submitted means graded or late: an upload that could not be graded is counted apart."""
    statuses = Counter(s.status for s in week.students)
    return {"total": len(week.students), "submitted": sum(s.submitted for s in week.students),
            "missing": statuses["missing"], "late": statuses["late"], "error": statuses["error"]}


def submitted_points(week: WeekRecord) -> list[float]:
    """The points that enter averages and the histogram: graded or late submissions only."""
    return [s.points for s in week.students if s.submitted]


def summary_page(week: WeekRecord, *, language: str, timezone: ZoneInfo,
                 histogram_data_uri: str | None, group_order: Sequence[str] = (),
                 similarity_link: bool = False) -> str:
    scores = submitted_points(week)
    stats = {"mean": statistics.fmean(scores) if scores else None,
             "median": statistics.median(scores) if scores else None}
    by_group = group_key(group_order)
    rows = [{"student": s, "late_text": late_text(s, language)}
            for s in sorted(week.students, key=lambda s: (by_group(s.group), s.id))]
    return render(
        "summary.html.j2", language=language, timezone=timezone, week=week, graded_at=week.graded_at,
        counts=week_counts(week), stats=stats, pass_rates=pass_rates(week),
        actions=action_items(week, group_order), rows=rows, histogram_data_uri=histogram_data_uri,
        late_texts={s.id: late_text(s, language) for s in week.students}, similarity_link=similarity_link,
        unisolated=unisolated_weeks([week]),
    )
