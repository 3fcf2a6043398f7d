"""Late policies: which of a student's uploads are graded, and which graded one counts.

course.yml's ``late_policy.rule`` picks one; both use the same numbers (``grace_minutes``,
``penalty_per_day``, ``cutoff_days``) and the same lateness (``lateness.assess``):

- ``latest_on_time`` (the default): one upload is graded and counts: the latest on time; when
  none is, the latest before the cut-off; when every one is past it, the latest (feedback, 0).
- ``best_of``: a student who uploaded on time and then again late (before the cut-off) has
  both graded, and the one worth more after its late penalty counts (equal: the on-time one).
  Otherwise it is the same as ``latest_on_time``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, Sequence

from deepgrade.rules.choice import Upload, choose_upload, newest
from deepgrade.rules.lateness import LatePolicyLike, assess, penalty_points

RULES = ("latest_on_time", "best_of")


@dataclass(frozen=True)
class Graded:
    """What the policy needs of one graded upload."""

    submitted_at: datetime
    points: float | None      # the engine's points; None when nothing could be graded


class LatePolicy(Protocol):
    name: str
    numbers: LatePolicyLike

    def to_grade(self, uploads: Sequence[Upload], deadline: datetime) -> list[Upload]:
        """The uploads to grade, oldest first (none, one, or two for best_of)."""

    def counted(self, graded: Sequence[Graded], deadline: datetime, max_points: float) -> int:
        """The index of the graded upload that counts."""


@dataclass(frozen=True)
class LatestOnTime:
    numbers: LatePolicyLike
    name = "latest_on_time"

    def to_grade(self, uploads: Sequence[Upload], deadline: datetime) -> list[Upload]:
        chosen = choose_upload(uploads, deadline, self.numbers)
        return [chosen] if chosen is not None else []

    def counted(self, graded: Sequence[Graded], deadline: datetime, max_points: float) -> int:
        return len(graded) - 1


@dataclass(frozen=True)
class BestOf:
    numbers: LatePolicyLike
    name = "best_of"

    def to_grade(self, uploads: Sequence[Upload], deadline: datetime) -> list[Upload]:
        chosen = choose_upload(uploads, deadline, self.numbers)
        if chosen is None:
            return []
        late = [u for u in uploads if u.problem is None and u.submitted_at > chosen.submitted_at
                and (lateness := assess(u.submitted_at, deadline, self.numbers)).late and not lateness.past_cutoff]
        if assess(chosen.submitted_at, deadline, self.numbers).late or not late:
            return [chosen]
        return [chosen, newest(late)]

    def counted(self, graded: Sequence[Graded], deadline: datetime, max_points: float) -> int:
        def worth(item: Graded) -> float:
            if item.points is None:
                return -1.0   # nothing graded loses to anything graded
            return item.points - penalty_points(item.points, max_points, assess(item.submitted_at, deadline,
                                                                                self.numbers))
        best = 0
        for index, item in enumerate(graded):
            if worth(item) > worth(graded[best]):
                best = index
        return best


def late_policy(numbers: LatePolicyLike) -> LatePolicy:
    """The policy course.yml's ``late_policy.rule`` names (default ``latest_on_time``)."""
    rule = getattr(numbers, "rule", "latest_on_time")
    return {"latest_on_time": LatestOnTime, "best_of": BestOf}[rule](numbers)
