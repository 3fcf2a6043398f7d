"""load_units (files -> units) and score_tests (records -> problems), no pytest run inside."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from deepgrade.grading.scoring import ProblemSpec, TestRecord, score_tests, unknown_problems
from deepgrade.submission.loader import load_units


def test_units_follow_expected_order_then_names_and_decode_bom() -> None:
    result = load_units(
        {"zeta.py": b"z = 1\n", "data.py": b"\xef\xbb\xbfd = '\xed\x95\x9c'\n", "fourcal.py": b"f = 1\n"},
        expected_files=["fourcal.py", "data.py"],
    )
    assert [u.name for u in result.units] == ["fourcal", "data", "zeta"]
    assert result.units[1].source == "d = '한'\n"  # BOM stripped
    assert result.notes == ()


def test_non_utf8_file_becomes_an_error_unit_and_others_still_load() -> None:
    result = load_units({"bad.py": "x = '한글'\n".encode("cp949"), "good.py": b"y = 2\n"})
    bad, good = result.units
    assert bad.filename == "bad.py" and bad.source.startswith("raise ImportError(")
    assert "UTF-8" in bad.source and good.source == "y = 2\n"
    assert any("bad.py" in n and "UTF-8" in n for n in result.notes)


def test_empty_missing_and_unusable_names_are_noted() -> None:
    result = load_units({"empty.py": b"", "fourcal (1).py": b"x = 1\n", "notes.txt": b"hi"},
                        expected_files=["fourcal.py", "empty.py"])
    assert [u.name for u in result.units][0] == "empty" and result.units[0].source == ""
    notes = "\n".join(result.notes)
    assert "empty.py: 빈 파일입니다." in notes
    assert "fourcal.py: 제출되지 않았습니다." in notes
    assert "fourcal (1).py: 파일 이름을 파이썬 모듈 이름으로 쓸 수 없습니다" in notes
    assert any("notes.txt" in p for p in result.problems)


def test_english_messages() -> None:
    result = load_units({}, expected_files=["fourcal.py"], language="en")
    assert result.notes == ("fourcal.py: not submitted.",)


def _record(name: str, problem: str, outcome: str, points: float) -> TestRecord:
    return TestRecord(nodeid=name, name=name, problem=problem, outcome=outcome, max_points=points)


def test_scoring_uses_declared_order_and_maxima_and_reports_unknown_ids() -> None:
    records = [
        _record("a", "two", "passed", 2), _record("b", "one", "failed", 3),
        _record("c", "one", "passed", 1.5), _record("d", "typo", "passed", 9),
    ]
    specs = (ProblemSpec("one", "첫째", 5), ProblemSpec("two", "둘째", 2), ProblemSpec("three", "셋째", 4))
    problems = score_tests(records, specs)
    assert [(p.id, p.points, p.total_max) for p in problems] == [("one", 1.5, 5), ("two", 2, 2), ("three", 0, 4)]
    assert [t.points for t in problems[0].tests] == [0.0, 1.5]
    assert unknown_problems(records, specs) == ("typo",)


def test_scoring_without_declared_problems_groups_by_test_problem() -> None:
    problems = score_tests([_record("a", "x", "passed", 1), _record("b", "y", "timeout", 2)], ())
    assert [(p.id, p.points, p.total_max) for p in problems] == [("x", 1, 1), ("y", 0, 2)]


def test_bad_marker_is_a_clear_engine_error(assignment: Path, make_job: Any) -> None:
    from deepgrade.grading.runner import grade_submission

    (assignment / "graders" / "test_calc.py").write_text(
        "import pytest\n\n@pytest.mark.points('many')\ndef test_x(student):\n    pass\n")
    result = grade_submission(make_job(assignment, {"calc.py": b""}), backend="inprocess")
    assert result.error is not None and result.problems == ()
    assert "test_calc.py:3: points: got 'many' (expected a number >= 0)" in result.error
