"""course.yml's late_policy.rule through a whole grade run (in-process backend)."""
from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from rich.console import Console

from deepgrade import cli
from deepgrade.config import load_course
from deepgrade.pipeline.grade import grade_course

from coursekit import DEADLINE, PARTIAL, SOLUTION, make_course, write

pytestmark = pytest.mark.slow


def _with_rule(root, rule: str) -> None:
    make_course(root)
    text = (root / "course.yml").read_text(encoding="utf-8")
    (root / "course.yml").write_text(text.replace("late_policy: {", f"late_policy: {{rule: {rule}, "),
                                     encoding="utf-8")


def _course(root, rule: str):
    _with_rule(root, rule)
    week = root / "inbox" / "week01"
    # 나나래: partial work on time (4 of 10), the whole solution 5 hours late (10 % of 10 off)
    write(week / "202210002" / "calc.py", PARTIAL, DEADLINE - timedelta(hours=2))
    write(week / "202210002" / "calc (1).py", SOLUTION, DEADLINE + timedelta(hours=5))
    write(week / "202210001" / "calc.py", SOLUTION, DEADLINE - timedelta(hours=2))
    return load_course(root / "course.yml")


def _student(root, student_id: str) -> dict:
    data = json.loads((root / "out/staff/week01/results.json").read_text(encoding="utf-8"))
    return {s["id"]: s for s in data["students"]}[student_id]


def test_best_of_grades_both_uploads_and_counts_the_better(tmp_path, pinned_engine):
    course = _course(tmp_path, "best_of")
    summary = grade_course(course, jobs=1, console=Console(file=io.StringIO()), backend="inprocess")
    assert summary.graded == 3                      # 나나래's two uploads and 가가온's one
    late = _student(tmp_path, "202210002")
    assert (late["status"], late["raw_points"], late["penalty"], late["points"]) == ("late", 10.0, 1.0, 9.0)
    assert late["source_files"] == ["202210002/calc (1).py"]
    page = (tmp_path / "out/students/202210002/week01.html").read_text(encoding="utf-8")
    assert "두 제출을 모두 채점했습니다" in page and "마감 전 제출 4점" in page and "9점" in page
    # a second run grades nothing again and keeps both
    again = grade_course(course, jobs=1, console=Console(file=io.StringIO()), backend="inprocess")
    assert again.graded == 0 and again.cached == 3 and _student(tmp_path, "202210002")["points"] == 9.0


def test_latest_on_time_keeps_todays_rule(tmp_path, pinned_engine):
    course = _course(tmp_path, "latest_on_time")
    summary = grade_course(course, jobs=1, console=Console(file=io.StringIO()), backend="inprocess")
    assert summary.graded == 2
    on_time = _student(tmp_path, "202210002")
    assert (on_time["status"], on_time["points"]) == ("graded", 4.0)
    assert any("calc (1).py" in note for note in on_time["notes"])   # the late file is named, not graded


def test_an_unknown_rule_is_a_located_error(tmp_path, capsys):
    _with_rule(tmp_path, "best")
    code = cli.main(["report", "--course", str(tmp_path / "course.yml")])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "course.yml:10: late_policy.rule: 'best' is not allowed" in err and "best_of" in err
