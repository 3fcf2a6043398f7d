"""What a grade run did, as counts: per week and for the whole run (no display code here)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class WeekCounts:
    week: int
    students: int = 0
    graded: int = 0      # graded in this run
    cached: int = 0      # result found in the store
    failed: int = 0      # status error (engine failure, nothing gradable)
    missing: int = 0
    late: int = 0
    unmatched: int = 0
    ambiguous: int = 0


@dataclass
class RunSummary:
    weeks: list[WeekCounts] = field(default_factory=list)
    exit_code: int = 0   # 0 even when submissions fail: a failing student is not a failing run
    isolation: Any = None  # grading.preflight.IsolationProbe of the run's sandboxes (None: none started)

    @property
    def graded(self) -> int:
        return sum(w.graded for w in self.weeks)

    @property
    def cached(self) -> int:
        return sum(w.cached for w in self.weeks)

    @property
    def failed(self) -> int:
        return sum(w.failed for w in self.weeks)
