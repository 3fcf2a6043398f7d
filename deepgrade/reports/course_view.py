"""What the reports read besides the week record: the part of the course they use, its group
order, a week's topic, and whole percents rounded as people round them."""
from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any, Protocol, Sequence
from zoneinfo import ZoneInfo

_WEEK_PREFIX = re.compile(r"^\s*(?:제?\s*\d{1,2}\s*주\s*차|week\s*\d{1,2})\s*[:：·.\-–—)]?\s*", re.IGNORECASE)


class RosterEntry(Protocol):
    id: str
    name: str
    group: str
    role: str
    status: str
    dropped_on: date | None


class CourseLike(Protocol):
    """The part of `deepgrade.config.Course` the reports use."""

    language: str
    timezone: ZoneInfo
    roster: Sequence[RosterEntry]

    def deadline(self, week: int, student_id: str | None = None) -> datetime: ...


def topic(title: str) -> str:
    """The title without its "1주차:" / "Week 1 -" prefix: pages already say which week."""
    return _WEEK_PREFIX.sub("", title).strip() or title


def course_groups(course: Any) -> tuple[str, ...]:
    """course.yml's `groups`, in the order written there (월1, 월2, 화1, …), if the course has one."""
    return tuple(str(g) for g in getattr(getattr(course, "config", None), "groups", None) or ())


def group_key(order: Sequence[str]) -> Any:
    """Sort key for group names: course.yml's order first (Unicode order puts 금 before 월),
    then any other group by name."""
    rank = {name: i for i, name in enumerate(order)}
    return lambda group: (rank.get(group, len(rank)), group)


def percent(part: float, whole: float) -> int:
    """A whole percent rounded half up, as Excel and people do (Python's round(12.5) is 12)."""
    return math.floor(100 * part / whole + 0.5) if whole else 0


def unisolated_weeks(weeks: Sequence[Any]) -> list[int]:
    """Weeks graded with a required sandbox layer missing (``grade --allow-unisolated``): every
    staff page says so in its footer."""
    return [w.week for w in weeks if w.unisolated]
