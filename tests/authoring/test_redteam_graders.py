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


def test_validate_refuses_a_test_without_a_korean_title(course_copy: Path, load) -> None:
    graders = course_copy / "graders" / "week01"
    (graders / "test_fourcal_titles.py").write_text(
        'import pytest\n\n\n@pytest.mark.points(0)\n@pytest.mark.problem("fourcal")\n'
        'def test_english(student):\n    """Fourcal.add returns the sum"""\n\n\n'
        '@pytest.mark.points(0)\n@pytest.mark.problem("fourcal")\ndef test_untitled(student):\n    pass\n\n\n'
        '@pytest.mark.points(0)\n@pytest.mark.problem("fourcal")\ndef test_korean(student):\n'
        '    """\n    Fourcal.add가 합을 반환하는지\n    """\n', encoding="utf-8")
    report = validate_week(load(course_copy), 1, backend="inprocess")
    titles = [e for e in report.errors if "title" in e and "worth 0 points" not in e]
    assert titles == [
        "graders/week01/test_fourcal_titles.py:6: test_english: the title 'Fourcal.add returns the sum' is not "
        "Korean (students read it on their page: write the docstring's first line in Korean)",
        "graders/week01/test_fourcal_titles.py:12: test_untitled: no title (write a Korean docstring whose first "
        "line says what is checked, without the inputs, e.g. \"Fourcal.div가 실수 나눗셈을 하는지\")",
    ]
    assert not report.ok
