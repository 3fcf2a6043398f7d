"""Command-line input a careless TA types: each is exit 2 with a located message, no traceback."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from coursefiles import CourseFolder
from deepgrade.cli import main
from deepgrade.config.yamlsource import load_yaml
from deepgrade.errors import ConfigError
from deepgrade.overrides import parse_overrides


def test_version() -> None:
    done = subprocess.run([sys.executable, "-m", "deepgrade", "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("deepgrade ")


@pytest.mark.parametrize("argv, words", [
    (["grade", "--week", "11"], "course.yml: week: 11주차는 일정에 없습니다 (가능한 주차: 1, 2, 3)"),
    (["grade", "--week", "2"], "course.yml: week: 2주차에는 아직 과제가 없습니다 (assignments/week02/assignment.yml이 "
                               "필요합니다; 과제가 있는 주차: 1)"),
    (["check", "3", "."], "3주차에는 아직 과제가 없습니다"),
    (["release", "9"], "9주차는 일정에 없습니다"),
    (["stubgen", "2"], "2주차에는 아직 과제가 없습니다"),
    (["validate", "7"], "7주차는 일정에 없습니다"),
])
def test_weeks_outside_the_course_exit_2(course_folder: CourseFolder, capsys, argv: list[str], words: str) -> None:
    course = course_folder.write()
    (course_folder.root / "inbox").mkdir()
    assert main([*argv, "--course", str(course)]) == 2  # was: a quiet run grading nothing, or exit 1
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_jobs_beyond_the_machine_is_refused(course_folder: CourseFolder, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["grade", "--jobs", "10000", "--course", str(course_folder.write())])
    assert stop.value.code == 2
    assert "argument --jobs: 10000은(는) 범위를 벗어났습니다 (1부터" in capsys.readouterr().err


def test_an_english_course_gets_the_cli_in_english(course_folder: CourseFolder, capsys) -> None:
    course = course_folder.write()
    course.write_text(course.read_text(encoding="utf-8").replace("language: ko", "language: en"), encoding="utf-8")
    (course_folder.root / "inbox").mkdir()
    assert main(["grade", "--week", "11", "--course", str(course)]) == 2
    assert "course.yml: week: week 11 is not in the schedule (expected one of: 1, 2, 3)" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["grade", "--help", "--course", str(course)])
    assert "grade only this week" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["grade", "--help"])    # no course.yml here either: Korean, the course's default
    assert "이 주차만 채점" in capsys.readouterr().out


def test_looping_course_link_is_named(tmp_path: Path, capsys) -> None:
    link = tmp_path / "course.yml"
    link.symlink_to(link)
    assert main(["stubgen", "--course", str(link)]) == 2
    assert capsys.readouterr().err.strip() == f"{link}: is a link that leads nowhere (broken or looping; expected the course.yml file)"


def test_overrides_report_every_problem_of_an_entry_and_read_weeks_like_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "overrides.yml"
    path.write_text('- {studnet: "202210001", week: 1, points: 10}\n'
                    '- {student: "202210002", week: week01, points: 10, reason: 재채점}\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        parse_overrides(load_yaml(path), student_ids={"202210001", "202210002"}, problems_by_week={1: {"a": 100.0}})
    assert [str(p).split(": ", 1)[1] for p in caught.value.problems] == [
        "studnet: unknown key (expected one of points, reason, student, week)",
        "student: missing or empty (expected a student id from the roster)",
        "reason: missing (expected a short reason; it is shown on the reports)",
    ]
    path.write_text('- {student: "202210002", week: week01, points: 10, reason: 재채점}\n', encoding="utf-8")
    found = parse_overrides(load_yaml(path), student_ids={"202210002"}, problems_by_week={1: {"a": 100.0}})
    assert found[("202210002", 1)].points == 10
