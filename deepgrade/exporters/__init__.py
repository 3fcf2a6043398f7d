"""Exporters: what a graded week becomes in the export folder, each from the week record alone.

An exporter has a ``name`` (what course.yml's ``exports:`` lists), ``write_week(record, course,
export, now=)`` after each graded week and ``write_overview(records, course, export, now=)`` for
everything across the weeks; both return the paths written (atomically). The grade run and
``deepgrade report`` call the course's list, in order:

    pages         the HTML pages of students, groups and staff, the histogram (reports/)
    csv           staff/weekNN/summary.csv and staff/gradebook.csv
    results_json  staff/weekNN/results.json (design.md's shape; never read back)
    gradescope    gradescope/weekNN/<id>/results.json: Gradescope's autograder format

``exports`` defaults to the first three (what every course had before the list existed).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Protocol, Sequence

from deepgrade.exporters.csv_files import CsvExporter
from deepgrade.exporters.gradescope import GradescopeExporter
from deepgrade.exporters.pages import PagesExporter
from deepgrade.exporters.results_json import ResultsJsonExporter
from deepgrade.record import WeekRecord

DEFAULT_EXPORTS = ("pages", "csv", "results_json")


class Exporter(Protocol):
    name: str

    def write_week(self, record: WeekRecord, course: Any, export: Path, *, now: dt.datetime) -> list[Path]: ...

    def write_overview(self, records: Sequence[WeekRecord], course: Any, export: Path, *,
                       now: dt.datetime) -> list[Path]: ...


EXPORTERS: dict[str, type] = {e.name: e for e in (PagesExporter, CsvExporter, ResultsJsonExporter, GradescopeExporter)}


def course_exporters(course: Any) -> list[Exporter]:
    """The exporters course.yml's ``exports:`` names (default: pages, csv, results_json)."""
    names = getattr(getattr(course, "config", None), "exports", None) or DEFAULT_EXPORTS
    return [EXPORTERS[name]() for name in names]


def write_week(record: WeekRecord, course: Any, export: Path, *, now: dt.datetime | None = None,
               exporters: Sequence[Exporter] | None = None) -> list[Path]:
    """Every output of one week, by the course's exporters (or the ones given)."""
    now = now or dt.datetime.now(course.timezone)
    return [path for exporter in (exporters or course_exporters(course))
            for path in exporter.write_week(record, course, Path(export), now=now)]


def write_overview(records: Sequence[WeekRecord], course: Any, export: Path, *, now: dt.datetime | None = None,
                   exporters: Sequence[Exporter] | None = None) -> list[Path]:
    """Every output across the weeks, by the course's exporters (or the ones given)."""
    now = now or dt.datetime.now(course.timezone)
    weeks = sorted(records, key=lambda r: r.week)
    return [path for exporter in (exporters or course_exporters(course))
            for path in exporter.write_overview(weeks, course, Path(export), now=now)]
