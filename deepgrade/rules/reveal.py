"""When a week's hidden feedback is shown: hidden tests' messages, after_due tests and what
both printed reach a student's page once no upload of the week can still count, i.e. the
latest deadline of anyone on the roster (extensions included) plus the late cut-off. Shown at
each student's own deadline, a classmate could pass them to someone still working."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Iterable


def reveal_time(deadlines: Iterable[datetime | None], cutoff_days: int) -> datetime | None:
    """The reveal point, from every deadline of the week (None: a week outside the schedule)."""
    known = [d for d in deadlines if d is not None]
    if not known:
        return None
    return max(known) + timedelta(days=cutoff_days)
