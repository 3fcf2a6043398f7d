"""assignment.yml's inbox_folder: a folder inside the inbox, checked with its line."""
from __future__ import annotations

from pathlib import Path

import pytest

from coursefiles import ASSIGNMENT_YML, CourseFolder


def test_a_folder_name_loads(course_folder: CourseFolder) -> None:
    course_folder.assignment = ASSIGNMENT_YML + 'inbox_folder: "1주차 과제 제출"\n'
    assert course_folder.load().assignments[1].config.inbox_folder == "1주차 과제 제출"


@pytest.mark.parametrize("value", ['"../uploads"', '"/home/ta/inbox"', '""', '"a//b"'])
def test_a_path_outside_the_inbox_is_refused_at_its_line(course_folder: CourseFolder, value: str) -> None:
    course_folder.assignment = ASSIGNMENT_YML + f"inbox_folder: {value}\n"
    problem = course_folder.only_problem()
    assert Path(problem.path).name == "assignment.yml" and problem.field == "inbox_folder"
    assert problem.line == len(ASSIGNMENT_YML.splitlines()) + 1
    assert "is not a folder inside the inbox" in problem.message
