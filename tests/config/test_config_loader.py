"""The loaded course: paths and their overrides, deadlines, the real course files."""
from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coursefiles import ASSIGNMENT_YML as A
from coursefiles import COURSE_YML as C
from coursefiles import ROSTER_CSV as R
from coursefiles import CourseFolder, replace_line
from deepgrade.config import Course, find_course_file, load_course
from deepgrade.errors import ConfigError

KST = ZoneInfo("Asia/Seoul")
REPO = Path(__file__).resolve().parents[2]


def test_paths_are_relative_to_course_yml_not_cwd(course_folder: CourseFolder, tmp_path_factory, monkeypatch) -> None:
    monkeypatch.delenv("DEEPGRADE_INBOX", raising=False)
    monkeypatch.delenv("DEEPGRADE_EXPORT", raising=False)
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    course = course_folder.load()
    root = course_folder.root
    assert (course.root, course.inbox, course.export, course.state) == (root, root / "inbox", root / "out", root / "state")


def test_environment_beats_course_yml_and_flags_beat_environment(course_folder: CourseFolder, tmp_path: Path,
                                                                 monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DEEPGRADE_INBOX", "drive/inbox")
    monkeypatch.setenv("DEEPGRADE_EXPORT", str(tmp_path / "shared"))
    course = course_folder.load()
    assert course.inbox == tmp_path / "drive" / "inbox"   # relative to the current folder
    assert course.export == tmp_path / "shared"
    course = course_folder.load(inbox="flag-inbox", export=tmp_path / "flag-export")
    assert (course.inbox, course.export) == (tmp_path / "flag-inbox", tmp_path / "flag-export")


def test_empty_environment_variable_is_ignored(course_folder: CourseFolder, monkeypatch) -> None:
    monkeypatch.setenv("DEEPGRADE_INBOX", "")
    assert course_folder.load().inbox == course_folder.root / "inbox"


def test_roster_and_state_flags(course_folder: CourseFolder, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "other.csv").write_text(replace_line(R, 5, None), encoding="utf-8")
    course = course_folder.load(roster="other.csv", state="st")
    assert len(course.roster) == 3 and course.state == tmp_path / "st"


def test_missing_roster_given_by_flag_names_the_flag_path(course_folder: CourseFolder, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        course_folder.load(roster=tmp_path / "nope.csv")
    (problem,) = caught.value.problems
    assert problem.path == str(tmp_path / "nope.csv") and "file not found" in problem.message


def test_deadline_rule_week_one_and_last_week(course_folder: CourseFolder) -> None:
    course = course_folder.load()
    assert course.deadline(1) == datetime(2022, 3, 16, 23, 59, tzinfo=KST)
    assert course.deadline(2) == datetime(2022, 3, 23, 23, 59, tzinfo=KST)
    # week 3 is the last session (03-24): no next session, so a week after its rule equivalent
    assert course.deadline(3) == datetime(2022, 3, 30, 23, 59, tzinfo=KST)
    assert course.deadline(1).utcoffset().total_seconds() == 9 * 3600


def test_deadline_extension_applies_to_that_student_only(course_folder: CourseFolder) -> None:
    course = course_folder.load()
    assert course.deadline(1, "202210002") == datetime(2022, 3, 18, 23, 59, tzinfo=KST)
    assert course.deadline(1, "202210001") == datetime(2022, 3, 16, 23, 59, tzinfo=KST)
    assert course.deadline(2, "202210002") == datetime(2022, 3, 23, 23, 59, tzinfo=KST)


def test_assignment_deadline_override(course_folder: CourseFolder) -> None:
    course_folder.assignment = replace_line(A, 17, 'deadline: "2022-03-17 12:00"')
    course = course_folder.load()
    assert course.deadline(1) == datetime(2022, 3, 17, 12, 0, tzinfo=KST)
    assert course.deadline(1, "202210002") == datetime(2022, 3, 18, 23, 59, tzinfo=KST)  # the extension still wins


def test_deadline_for_unscheduled_week_is_a_clear_error(course_folder: CourseFolder) -> None:
    with pytest.raises(KeyError, match="week 9 is not in the schedule"):
        course_folder.load().deadline(9)


def test_unquoted_times_are_times_not_base60_numbers(course_folder: CourseFolder) -> None:
    # YAML 1.1 reads 19:30 as the number 1170; the course file means a time of day
    course_folder.course = replace_line(C, 11, "    topic: MLP\n    time: 19:30").replace('time: "23:59"', "time: 22:00")
    course = course_folder.load()
    assert str(course.config.sessions[1].time) == "19:30:00"
    assert course.deadline(1) == datetime(2022, 3, 16, 22, 0, tzinfo=KST)


def test_other_deadline_weekday(course_folder: CourseFolder) -> None:
    course_folder.course = C.replace("weekday: wednesday", "weekday: sunday")
    assert course_folder.load().deadline(1) == datetime(2022, 3, 13, 23, 59, tzinfo=KST)


def test_only_existing_assignments_are_loaded(course_folder: CourseFolder) -> None:
    course = course_folder.load()
    assert list(course.assignments) == [1] and course.weeks == (1, 2, 3)
    week1 = course.assignments[1]
    root = course_folder.root
    assert (week1.id, week1.dir, week1.solution_dir, week1.grader_dir, week1.public_tests_dir) == (
        "week01", root / "assignments/week01", root / "solutions/week01", root / "graders/week01",
        root / "assignments/week01/tests")
    assert week1.config.sandbox_limits().output_bytes == 64 * 1024
    assert week1.config.provides() == {"Fourcal": "fourcal", "describe": "tensor_ops"}


def test_course_is_immutable(course_folder: CourseFolder) -> None:
    course = course_folder.load()
    with pytest.raises(dataclasses.FrozenInstanceError):
        course.inbox = Path("x")  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        course.roster[0].name = "x"  # type: ignore[misc]


def test_roster_with_bom_and_staff_without_group(course_folder: CourseFolder) -> None:
    course_folder.roster = "\ufeff".encode() + R.encode()  # Excel's "CSV UTF-8"
    course = course_folder.load()
    assert [s.id for s in course.roster][:1] == ["202210001"]
    staff = course.student("202190001")
    assert staff is not None and staff.role == "staff" and staff.group is None
    dropped = course.student("202210003")
    assert dropped is not None and dropped.status == "dropped" and str(dropped.dropped_on) == "2022-03-15"


def test_audit_period(course_folder: CourseFolder) -> None:
    course = course_folder.load()
    assert [course.in_audit_period(w) for w in course.weeks] == [True, True, False]


def test_find_course_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as caught:
        find_course_file(None)
    assert "course.yml" in str(caught.value) and "--course FILE" in str(caught.value)
    with pytest.raises(ConfigError, match="file not found"):
        find_course_file(tmp_path / "nope.yml")
    with pytest.raises(ConfigError, match="is a folder"):
        find_course_file(tmp_path)
    (tmp_path / "course.yml").write_text("name: x\n", encoding="utf-8")
    assert find_course_file(None) == tmp_path / "course.yml"
    assert find_course_file(Path("course.yml")) == Path("course.yml")


def test_load_course_on_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_course(tmp_path / "course.yml")
    (problem,) = caught.value.problems
    assert (problem.path, problem.line, problem.message) == (str(tmp_path / "course.yml"), None, "file not found")


def test_the_real_course_loads() -> None:
    course = load_course(REPO / "course.yml", inbox=None)
    assert isinstance(course, Course)
    config = course.config
    assert (config.name, config.term, config.timezone, course.language) == ("D&A Deep Session", "2022-1", "Asia/Seoul", "ko")
    assert course.weeks == tuple(range(1, 11))
    assert all(s.date.weekday() == 3 and str(s.time) == "18:00:00" for s in config.sessions)
    assert [s.date.isoformat()[5:] for s in config.sessions] == [
        "03-10", "03-17", "03-24", "03-31", "04-07", "04-14", "05-05", "05-12", "05-19", "05-26"]
    assert course.deadline(1) == datetime(2022, 3, 16, 23, 59, tzinfo=KST)
    assert course.deadline(6) == datetime(2022, 5, 4, 23, 59, tzinfo=KST)   # across the midterm gap
    assert course.deadline(10) == datetime(2022, 6, 1, 23, 59, tzinfo=KST)  # a week after the rule for week 9
    assert config.groups == ["월1", "월2", "화1", "화2", "수1", "수2", "금1"]
    assert 28 <= len(course.roster) <= 32
    for group in config.groups:
        members = [s for s in course.roster if s.group == group]
        assert 4 <= len(members) <= 5 and sum(s.role == "leader" for s in members) == 1, group
    assert sum(s.role == "staff" for s in course.roster) == 2
    dropped = [s for s in course.roster if s.status == "dropped"]
    assert 1 <= len(dropped) <= 2
    assert all(dt_ is not None and "2022-03-10" <= dt_.isoformat() <= "2022-03-31" for dt_ in (s.dropped_on for s in dropped))
    week1 = course.assignments[1].config
    assert [(p.id, p.points) for p in week1.problems] == [("fourcal", 30), ("tensor_ops", 45), ("data", 25)]
    assert [f.name for f in week1.files] == ["fourcal.py", "tensor_ops.py", "data.py"]
    assert (week1.notebook, week1.fixtures, week1.total_points) == ("week01.ipynb", ["mnist"], 100)
