"""Deadlines and the late policy as pure functions (no clock, no files).

The policy is course.yml's `late_policy` (`grace_minutes`, `penalty_per_day` in percent of the
maximum per started day, `cutoff_days`); any object with those three attributes works.

- Lateness is counted in whole minutes after the deadline, rounded up (23:59:01 after a
  23:59:00 deadline is 1 minute late), and shown as such even inside the grace period.
- Inside the grace period: no penalty, status stays "graded".
- After it: `penalty_per_day` percent of the maximum for every started day of lateness
  (counted from the deadline, not from the end of grace), status "late".
- Later than `cutoff_days` days: the upload still gets feedback, but scores 0.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from deepgrade.messages import say, text

MINUTES_PER_DAY = 24 * 60


class LatePolicyLike(Protocol):
    grace_minutes: int
    penalty_per_day: float
    cutoff_days: int


@dataclass(frozen=True)
class Lateness:
    minutes: int            # after the deadline; 0 when on time
    penalty_percent: float  # of the maximum points
    late: bool              # past the grace period: status "late"
    past_cutoff: bool       # scores 0


def late_minutes(submitted_at: datetime, deadline: datetime) -> int:
    """Whole minutes after `deadline`, rounded up; 0 at or before it. Both must be aware."""
    seconds = (submitted_at - deadline).total_seconds()
    return 0 if seconds <= 0 else math.ceil(seconds / 60)


def assess(submitted_at: datetime, deadline: datetime, policy: LatePolicyLike) -> Lateness:
    minutes = late_minutes(submitted_at, deadline)
    if minutes <= policy.grace_minutes:
        return Lateness(minutes, 0.0, False, False)
    if minutes > policy.cutoff_days * MINUTES_PER_DAY:
        return Lateness(minutes, 100.0, True, True)
    started_days = math.ceil(minutes / MINUTES_PER_DAY)
    return Lateness(minutes, min(100.0, started_days * policy.penalty_per_day), True, False)


def penalty_points(raw_points: float, max_points: float, lateness: Lateness) -> float:
    """Points taken off: a percent of the maximum, never more than the student scored."""
    if lateness.penalty_percent <= 0:
        return 0.0
    return round(min(raw_points, max_points * lateness.penalty_percent / 100.0), 6)


def format_lateness(minutes: int, language: str = "ko") -> str:
    """`1일 2시간 5분` / `1d 2h 5m`: how late, as a person reads it."""
    days, rest = divmod(minutes, MINUTES_PER_DAY)
    hours, mins = divmod(rest, 60)
    units = text(language, "console.units")
    parts = [f"{value}{unit}" for value, unit in zip((days, hours, mins), units) if value]
    return " ".join(parts) if parts else say(language, "console.zero_minutes")


COPIED_TIMES_MIN_UPLOADS = 5
COPIED_TIMES_SPAN_S = 600


def copied_times_warning(file_times: list[datetime], deadline: datetime, *, language: str = "ko") -> str | None:
    """A warning when file times look like a copy's, not like uploads.

    ``cp -r`` without ``-p`` (or a download that drops times) stamps every file with the
    moment of the copy: a whole cohort then reads as late by the same few minutes. Uploads
    spread over days; a cluster of at least ``COPIED_TIMES_MIN_UPLOADS`` late file times all
    within ``COPIED_TIMES_SPAN_S`` seconds, making up most of the week, almost never does.
    """
    late = sorted(t for t in file_times if t > deadline)
    if len(late) < COPIED_TIMES_MIN_UPLOADS or len(late) * 5 < len(file_times) * 4:
        return None
    if (late[-1] - late[0]).total_seconds() > COPIED_TIMES_SPAN_S:
        return None
    first, last = late[0].strftime("%Y-%m-%d %H:%M"), late[-1].strftime("%H:%M")
    return say(language, "console.copied_times", n=len(late), first=first, last=last)
