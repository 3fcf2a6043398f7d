"""The "pages" exporter: every HTML page and the histogram (``deepgrade.reports``)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Sequence

from deepgrade.record import WeekRecord
from deepgrade.reports.build import write_overview, write_week


class PagesExporter:
    name = "pages"

    def write_week(self, record: WeekRecord, course: Any, export: Path, *, now: dt.datetime) -> list[Path]:
        return write_week(record, course, export, now=now)

    def write_overview(self, records: Sequence[WeekRecord], course: Any, export: Path, *,
                       now: dt.datetime) -> list[Path]:
        return write_overview(records, course, export, now=now)
