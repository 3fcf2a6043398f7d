"""The "csv" exporter: a week's `staff/weekNN/summary.csv` and the term's `staff/gradebook.csv`
(UTF-8 with a BOM for Excel; the rows and cells are `reports/csv_export.py`'s)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Sequence

from deepgrade.record import WeekRecord
from deepgrade.reports import progress
from deepgrade.reports.atomic import write_text_atomic
from deepgrade.reports.course_view import course_groups
from deepgrade.reports.csv_export import CSV_ENCODING, gradebook_csv, summary_csv
from deepgrade.reports.labels import translator


class CsvExporter:
    name = "csv"

    def write_week(self, record: WeekRecord, course: Any, export: Path, *, now: dt.datetime) -> list[Path]:
        path = export / "staff" / record.week_label / "summary.csv"
        return [write_text_atomic(path, summary_csv(record, course_groups(course)), encoding=CSV_ENCODING)]

    def write_overview(self, records: Sequence[WeekRecord], course: Any, export: Path, *,
                       now: dt.datetime) -> list[Path]:
        persons = progress.by_group_then_id(progress.ranked(progress.people(records, course)), course_groups(course))
        text = gradebook_csv(persons, records, max_label=translator(course.language)("max_row"))
        return [write_text_atomic(export / "staff" / "gradebook.csv", text, encoding=CSV_ENCODING)]
