"""An override that changes nothing is said on the console and in the staff summary (exit 0:
the run itself is right); the README documents this choice."""
from __future__ import annotations

import io
from datetime import timedelta

import pytest
from rich.console import Console

from deepgrade.pipeline.grade import rebuild_reports

from coursekit import DEADLINE, SOLUTION, grade_quietly, make_course, write

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("pinned_engine")]


def test_problem_points_for_a_missing_student_are_a_warning(tmp_path):
    course = make_course(tmp_path)
    write(tmp_path / "inbox/week01/가가온_calc.py", SOLUTION, DEADLINE - timedelta(hours=1))
    write(tmp_path / "overrides.yml",
          "- {student: '202210005', week: 1, points: {calc: 5}, reason: 구두 확인}\n"      # missing: nothing to replace
          "- {student: '202210003', week: 1, points: 7, reason: 하차 전 제출}\n"          # dropped before week 1
          "- {student: '202210006', week: 1, points: 8, reason: 총점 인정}\n")            # a total: works
    summary, text = grade_quietly(course)
    assert summary.exit_code == 0
    assert "조정 경고: overrides.yml:1: 202210005: 1주차에 채점된 제출이 없어 (missing) 문제별 점수 조정은 아무것도" in text
    assert "조정 경고: overrides.yml:2: 202210003: 1주차에 채점하지 않는 학생입니다 (1주차 전에 하차)" in text
    assert "overrides.yml:3" not in text
    page = (tmp_path / "out/staff/week01/summary.html").read_text(encoding="utf-8")
    assert "아무것도 바꾸지 않는 조정" in page and "overrides.yml:1: 202210005" in page
    # `deepgrade report` says it again, and a fixed file stops it
    out = Console(file=io.StringIO(), width=250, highlight=False)
    rebuild_reports(course, console=out)
    assert "조정 경고: overrides.yml:1: 202210005" in out.file.getvalue()
    write(tmp_path / "overrides.yml", "- {student: '202210005', week: 1, points: 5, reason: 구두 확인}\n")
    out = Console(file=io.StringIO(), width=250, highlight=False)
    rebuild_reports(course, console=out)
    page = (tmp_path / "out/staff/week01/summary.html").read_text(encoding="utf-8")
    assert "아무것도 바꾸지 않는 조정" not in page
