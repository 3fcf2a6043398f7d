from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from deepgrade.rules.lateness import assess, copied_times_warning, format_lateness, late_minutes, penalty_points

SEOUL = ZoneInfo("Asia/Seoul")
DEADLINE = datetime(2022, 3, 16, 23, 59, tzinfo=SEOUL)
POLICY = SimpleNamespace(grace_minutes=10, penalty_per_day=10.0, cutoff_days=3)


def test_minutes_round_up_and_on_time_is_zero():
    assert late_minutes(DEADLINE, DEADLINE) == 0
    assert late_minutes(DEADLINE - timedelta(hours=1), DEADLINE) == 0
    assert late_minutes(DEADLINE + timedelta(seconds=1), DEADLINE) == 1
    # the same instant written in UTC is not late
    assert late_minutes(datetime(2022, 3, 16, 14, 59, tzinfo=ZoneInfo("UTC")), DEADLINE) == 0


@pytest.mark.parametrize("after, percent, late, cut", [
    (timedelta(minutes=10), 0.0, False, False),         # inside grace
    (timedelta(minutes=11), 10.0, True, False),         # first started day
    (timedelta(hours=24), 10.0, True, False),
    (timedelta(hours=24, minutes=1), 20.0, True, False),
    (timedelta(days=3), 30.0, True, False),             # exactly at the cut-off still counts
    (timedelta(days=3, minutes=1), 100.0, True, True),  # past the cut-off: zero
])
def test_per_started_day_penalty_and_cutoff(after, percent, late, cut):
    result = assess(DEADLINE + after, DEADLINE, POLICY)
    assert (result.penalty_percent, result.late, result.past_cutoff) == (percent, late, cut)


def test_extension_is_just_a_later_deadline():
    extended = DEADLINE + timedelta(days=2)
    assert assess(DEADLINE + timedelta(days=1), extended, POLICY).minutes == 0


def test_penalty_is_percent_of_max_but_never_below_zero():
    lateness = assess(DEADLINE + timedelta(hours=30), DEADLINE, POLICY)  # 2 started days: 20 %
    assert penalty_points(85.0, 100.0, lateness) == 20.0
    assert penalty_points(5.0, 100.0, lateness) == 5.0


def test_format_lateness():
    assert format_lateness(0) == "0분"
    assert format_lateness(24 * 60 + 125) == "1일 2시간 5분"
    assert format_lateness(61, "en") == "1h 1m"


def test_file_times_of_a_copy_are_called_out():
    deadline = datetime(2022, 3, 16, 23, 59, tzinfo=ZoneInfo("Asia/Seoul"))
    copy = deadline + timedelta(days=1, hours=9)
    copied = [copy + timedelta(seconds=i) for i in range(12)]
    warning = copied_times_warning(copied, deadline)
    assert warning is not None and "12개" in warning and "cp -p" in warning
    assert "12 uploads" in copied_times_warning(copied, deadline, language="en")
    # real uploads: spread before the deadline, a few late ones
    real = [deadline - timedelta(hours=h) for h in range(1, 20)] + copied[:3]
    assert copied_times_warning(real, deadline) is None
    # a late cluster spread over hours is a late cohort, not a copy
    assert copied_times_warning([copy + timedelta(minutes=30 * i) for i in range(8)], deadline) is None
    assert copied_times_warning(copied[:4], deadline) is None  # too few to say
