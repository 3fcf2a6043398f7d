"""deepgrade.reports: HTML, CSV and histogram reports in the export folder (atomic writes).

``write_week(records, course, export)`` after each graded week, then
``write_overview(weeks, course, export)`` for the gradebook, standings and index.
"""
from deepgrade.reports.build import write_overview, write_week

__all__ = ["write_week", "write_overview"]
