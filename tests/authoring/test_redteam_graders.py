"""validate against a TA's grader mistakes (red-team findings), graded in-process for speed."""
from __future__ import annotations

from pathlib import Path

from deepgrade.authoring.validate import validate_week


def test_validate_reads_problem_ids_from_file_names_as_grading_does(course_copy: Path, load) -> None:
    graders = course_copy / "graders" / "week01"
    # test_<id>_<more>.py belongs to <id> in grading; validate called it an undeclared problem
    (graders / "test_fourcal.py").rename(graders / "test_fourcal_random.py")
    # the same test name twice in one problem: reports and pass rates would merge the two
    (graders / "test_fourcal_extra.py").write_text(
        "import pytest\n\n@pytest.mark.points(0)\ndef test_setdata_overwrites(student):\n    pass\n")
    report = validate_week(load(course_copy), 1, backend="inprocess")
    assert not any("does not declare" in e for e in report.errors), report.errors
    assert any("two tests of problem 'fourcal' are named test_setdata_overwrites" in e for e in report.errors)


def test_validate_says_when_the_hidden_graders_are_missing(course_copy: Path, load) -> None:
    for path in (course_copy / "graders" / "week01").glob("test_*.py"):
        path.unlink()
    report = validate_week(load(course_copy), 1, backend="inprocess")
    assert "graders/week01/: no hidden graders (expected test_*.py files)" in report.errors
