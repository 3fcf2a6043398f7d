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
    units = ("일", "시간", "분") if language == "ko" else ("d", "h", "m")
    parts = [f"{value}{unit}" for value, unit in zip((days, hours, mins), units) if value]
    return " ".join(parts) if parts else ("0분" if language == "ko" else "0m")
