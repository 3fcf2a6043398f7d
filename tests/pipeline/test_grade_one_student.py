"""`deepgrade grade --student ID`: grade one student, keep everyone else as stored."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from deepgrade.errors import ConfigError

from coursekit import DEADLINE, PARTIAL, SOLUTION, grade_quietly, make_course, write

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("pinned_engine")]


def results(root):
    data = json.loads((root / "out/staff/week01/results.json").read_text(encoding="utf-8"))
    return {s["id"]: s for s in data["students"]}


def test_one_student_is_graded_and_the_rest_kept(tmp_path):
    course = make_course(tmp_path)
    week = tmp_path / "inbox/week01"
    write(week / "가가온_calc.py", SOLUTION, DEADLINE - timedelta(hours=2))
    write(week / "나나래_calc.py", PARTIAL, DEADLINE - timedelta(hours=2))
    grade_quietly(course)
    before = results(tmp_path)
    # both fix their work; only 나나래 is asked for
    write(week / "나나래_calc.py", SOLUTION, DEADLINE - timedelta(hours=1))
    write(week / "가가온_calc.py", PARTIAL, DEADLINE - timedelta(hours=1))
    summary, text = grade_quietly(course, students=["202210002"])
    # the same files were graded for 가가온 before: a stored result by content, not a new grading
    assert (summary.graded, summary.cached, summary.exit_code) == (0, 1, 0)
    after = results(tmp_path)
    assert after["202210002"]["points"] == 10.0 and before["202210002"]["points"] == 4.0
    assert after["202210001"] == before["202210001"]          # untouched, though its file changed
    assert "week01 나나래 (202210002): 채점 완료, 10 / 10" in text and "calc: 10 / 10" in text
    assert "week01 미제출:" not in text                         # no attention list for the whole week
    summary, _ = grade_quietly(course, students=["202210002"], regrade=True)
    assert summary.graded == 1 and results(tmp_path)["202210001"] == before["202210001"]


def test_not_yet_graded_week_or_unknown_student_is_refused(tmp_path):
    course = make_course(tmp_path)
    write(tmp_path / "inbox/week01/가가온_calc.py", SOLUTION, DEADLINE)
    with pytest.raises(ConfigError, match="week 1 has not been graded yet"):
        grade_quietly(course, students=["202210001"])
    assert not (tmp_path / "out/students").exists()
    with pytest.raises(ConfigError, match="'209999999' is not in the roster"):
        grade_quietly(course, students=["209999999"])
    with pytest.raises(ConfigError, match="202190001 is staff"):
        grade_quietly(course, students=["202190001"])


def test_cli_flag_exists():
    from deepgrade.cli import build_parser

    args = build_parser().parse_args(["grade", "--student", "202210001", "--student", "202210002", "--regrade"])
    assert args.students == ["202210001", "202210002"] and args.regrade
