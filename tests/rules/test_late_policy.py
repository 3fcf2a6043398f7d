"""The two late policies, as pure rules: which uploads are graded and which counts."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from deepgrade.rules.late_policy import BestOf, Graded, LatestOnTime, late_policy

DEADLINE = datetime(2022, 3, 16, 23, 59, tzinfo=ZoneInfo("Asia/Seoul"))
NUMBERS = SimpleNamespace(grace_minutes=10, penalty_per_day=10, cutoff_days=3, rule="best_of")


@dataclass(frozen=True)
class Up:
    submitted_at: datetime
    sources: tuple[str, ...]
    order: int = 0
    problem: str | None = None


ON_TIME = Up(DEADLINE - timedelta(hours=3), ("a.py",))
LATE = Up(DEADLINE + timedelta(hours=5), ("a (1).py",))
TOO_LATE = Up(DEADLINE + timedelta(days=4), ("a (2).py",))


def test_the_rule_is_chosen_by_name():
    assert isinstance(late_policy(NUMBERS), BestOf)
    assert isinstance(late_policy(SimpleNamespace(grace_minutes=10, penalty_per_day=10, cutoff_days=3)), LatestOnTime)


def test_latest_on_time_grades_the_on_time_upload_only():
    assert LatestOnTime(NUMBERS).to_grade([ON_TIME, LATE], DEADLINE) == [ON_TIME]
    assert LatestOnTime(NUMBERS).to_grade([LATE], DEADLINE) == [LATE]


def test_best_of_grades_the_on_time_and_the_later_late_upload():
    assert BestOf(NUMBERS).to_grade([LATE, ON_TIME], DEADLINE) == [ON_TIME, LATE]
    # past the cut-off a late upload scores 0: never worth grading twice
    assert BestOf(NUMBERS).to_grade([ON_TIME, TOO_LATE], DEADLINE) == [ON_TIME]
    assert BestOf(NUMBERS).to_grade([LATE], DEADLINE) == [LATE]           # nothing on time: as usual
    assert BestOf(NUMBERS).to_grade([], DEADLINE) == []
    broken = Up(DEADLINE + timedelta(hours=6), ("a.zip",), problem="손상된 zip")
    assert BestOf(NUMBERS).to_grade([ON_TIME, broken], DEADLINE) == [ON_TIME]


def test_best_of_counts_what_is_worth_more_after_the_penalty():
    rule = BestOf(NUMBERS)
    # 5 hours late: one started day, 10 % of the maximum 100 off
    assert rule.counted([Graded(ON_TIME.submitted_at, 60.0), Graded(LATE.submitted_at, 95.0)], DEADLINE, 100.0) == 1
    assert rule.counted([Graded(ON_TIME.submitted_at, 90.0), Graded(LATE.submitted_at, 95.0)], DEADLINE, 100.0) == 0
    assert rule.counted([Graded(ON_TIME.submitted_at, 85.0), Graded(LATE.submitted_at, 95.0)], DEADLINE, 100.0) == 0
    assert rule.counted([Graded(ON_TIME.submitted_at, None), Graded(LATE.submitted_at, 0.0)], DEADLINE, 100.0) == 1
