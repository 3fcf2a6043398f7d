"""The points each kind of synthetic submission should get, derived from the graders' source.

A test loses its points when it reads a name the fault breaks (directly or through one of
its grader file's fixtures); every other test passes, as the reference solution does.
"""
from __future__ import annotations

from typing import Any

import cohort
from cohort import Kind
from grader_source import GraderFile, GraderTest


def _provided_by(assignment: dict[str, Any], file_name: str) -> set[str]:
    for entry in assignment["files"]:
        if entry["name"] == file_name:
            return set(entry.get("provides", ()))
    raise KeyError(f"assignment.yml lists no file {file_name}")


def _broken(test: GraderTest, kind: Kind, assignment: dict[str, Any]) -> bool:
    if kind == "partial":
        return cohort.PARTIAL_FUNCTION in test.student_names
    if kind == "import_error":
        return bool(test.student_names & _provided_by(assignment, cohort.IMPORT_ERROR_FILE))
    if kind == "hang":
        owner, method = cohort.HANG_FUNCTION.split(".")
        return owner in test.student_names and method in test.attributes
    return False


def expected_points(kind: Kind, graders: list[GraderFile], assignment: dict[str, Any], total: float) -> float:
    lost = sum(t.points for g in graders for t in g.tests if _broken(t, kind, assignment))
    return round(total - lost, 6)
