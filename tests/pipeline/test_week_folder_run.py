"""A grade run over a Drive-style inbox: `1주차 과제/` is week 1; a week where everyone would be
missing while folders were not read is not published (exit 1)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from deepgrade.config import load_course

from coursekit import ASSIGNMENT_YML, DEADLINE, SOLUTION, grade_quietly, make_course, write

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("pinned_engine")]


def test_a_korean_week_folder_is_graded(tmp_path):
    course = make_course(tmp_path)
    write(tmp_path / "inbox" / "1주차 과제" / "가가온_calc.py", SOLUTION, DEADLINE - timedelta(hours=1))
    write(tmp_path / "inbox" / "11주차" / "나나래_calc.py", SOLUTION, DEADLINE)
    summary, text = grade_quietly(course)
    assert summary.exit_code == 0 and summary.graded == 1
    page = (tmp_path / "out" / "students" / "202210001" / "week01.html").read_text(encoding="utf-8")
    assert "10 / 10" in page
    summary_page = (tmp_path / "out" / "staff" / "week01" / "summary.html").read_text(encoding="utf-8")
    assert "11주차: not read, it looks like week 11 but no assignment has week 11" in summary_page


def test_inbox_folder_from_assignment_yml(tmp_path):
    make_course(tmp_path)
    write(tmp_path / "assignments/week01/assignment.yml", ASSIGNMENT_YML + 'inbox_folder: "딥세션 과제 제출"\n')
    course = load_course(tmp_path / "course.yml")
    write(tmp_path / "inbox" / "딥세션 과제 제출" / "가가온_calc.py", SOLUTION, DEADLINE - timedelta(hours=1))
    summary, _ = grade_quietly(course)
    assert summary.graded == 1 and summary.exit_code == 0


def test_everyone_missing_while_folders_are_unread_publishes_nothing(tmp_path):
    course = make_course(tmp_path)
    write(tmp_path / "inbox" / "과제 제출함" / "가가온_calc.py", SOLUTION, DEADLINE)
    summary, text = grade_quietly(course, weeks=[1])
    assert summary.exit_code == 1
    assert "모든 학생이 미제출입니다" in text and "과제 제출함" in text and "inbox_folder" in text
    assert not (tmp_path / "out" / "students").exists()
    assert not (tmp_path / "out" / "staff" / "week01").exists()


def test_no_week_to_grade_while_folders_are_unread_is_a_failed_run(tmp_path):
    course = make_course(tmp_path)
    write(tmp_path / "inbox" / "과제 제출함" / "가가온_calc.py", SOLUTION, DEADLINE)
    summary, text = grade_quietly(course)
    assert summary.exit_code == 1
    assert "채점할 주차가 없습니다" in text and "과제 제출함: not read" in text


def test_an_empty_week_without_unread_folders_is_still_published(tmp_path):
    # nobody uploaded yet and nothing else is there: missing pages are true, so they are written
    course = make_course(tmp_path)
    (tmp_path / "inbox").mkdir()
    summary, _ = grade_quietly(course, weeks=[1])
    assert summary.exit_code == 0
    assert (tmp_path / "out" / "students" / "202210001" / "week01.html").is_file()
