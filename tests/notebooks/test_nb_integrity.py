"""Edited or deleted locked cells are reported to staff."""
from __future__ import annotations

import copy
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import nbformat
import pytest
import yaml

from deepgrade.submission.integrity import check_integrity
from deepgrade.authoring.notebook import build_release_notebook
from deepgrade.config.assignment import AssignmentConfig

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def released():
    week = REPO / "assignments" / "week01"
    config = AssignmentConfig(**yaml.safe_load((week / "assignment.yml").read_text(encoding="utf-8")))
    sources = {f.name: (REPO / "solutions" / "week01" / f.name).read_text(encoding="utf-8") for f in config.files}
    tests = {p.name: p.read_text(encoding="utf-8") for p in sorted((week / "tests").glob("test*.py"))}
    return build_release_notebook(config, sources, deadline=datetime(2022, 3, 16, 23, 59, tzinfo=ZoneInfo("Asia/Seoul")),
                                  public_tests=tests)


def _index(nb, grade_id):
    return next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def test_untouched_and_solved_notebooks_are_clean(released):
    solved = copy.deepcopy(released)
    solved.cells[_index(solved, "fourcal")].source = "class Fourcal:\n    pass\n"
    assert check_integrity(nbformat.writes(solved).encode(), released) == []


def test_edited_self_check_is_reported(released):
    edited = copy.deepcopy(released)
    i = _index(edited, "self_check_test_public_fourcal")
    edited.cells[i].source = edited.cells[i].source.replace("assert_matches(calc.add(), 6", "assert_matches(calc.add(), calc.add()")
    findings = check_integrity(nbformat.writes(edited).encode(), released)
    assert len(findings) == 1 and "self_check_test_public_fourcal" in findings[0] and "수정" in findings[0]


def test_deleted_locked_cell_is_reported(released):
    deleted = copy.deepcopy(released)
    del deleted.cells[_index(deleted, "intro")]
    findings = check_integrity(deleted, released)
    assert len(findings) == 1 and "'intro'" in findings[0] and "삭제" in findings[0]


def test_metadata_lost_but_content_intact_is_not_reported(released):
    stripped = copy.deepcopy(released)
    for cell in stripped.cells:
        cell.metadata = {}
    assert check_integrity(stripped, released) == []


def test_unreadable_submission_is_a_finding_not_a_crash(released):
    findings = check_integrity(b"not json {", released, filename="week01.ipynb")
    assert len(findings) == 1 and "week01.ipynb" in findings[0]
