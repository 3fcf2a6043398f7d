"""Pages of people no longer listed for a week are removed, nothing else in the folder is."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from reportkit import AFTER_DEADLINE, ROSTER, FakeCourse, make_records
from deepgrade.exporters import write_week


def test_pages_of_students_and_groups_gone_from_the_week_are_removed(tmp_path: Path) -> None:
    course = FakeCourse(roster=ROSTER)
    data = make_records()
    write_week(data, course, tmp_path, now=AFTER_DEADLINE)
    gone = tmp_path / "students" / data.students[0].id / "week01.html"
    other_week = gone.parent / "week02.html"
    other_week.write_text("kept", encoding="utf-8")
    readme = tmp_path / "groups" / "월2" / "README.txt"
    readme.write_text("a study leader's own note", encoding="utf-8")
    assert gone.is_file() and (tmp_path / "groups" / "월2" / "week01.html").is_file()

    left, *rest = data.students
    renamed = [dataclasses.replace(s, group="월3") if s.group == "월2" else s for s in rest]  # the group was renamed
    write_week(dataclasses.replace(data, students=tuple(renamed)), course, tmp_path, now=AFTER_DEADLINE)

    assert not gone.exists() and other_week.is_file()      # only this week's page of theirs
    assert not (tmp_path / "groups" / "월2" / "week01.html").exists() and readme.is_file()
    assert (tmp_path / "groups" / "월3" / "week01.html").is_file()
    assert left.id not in (tmp_path / "staff" / "week01" / "summary.html").read_text(encoding="utf-8")


def test_overview_removes_pages_of_weeks_not_rewritten_in_this_run(tmp_path: Path) -> None:
    # `deepgrade grade --week 2` writes week 2 only; week 1's page of a student who has left
    # the roster since must not stay behind looking current.
    from deepgrade.exporters import write_overview

    course = FakeCourse(roster=ROSTER)
    data = make_records()
    write_week(data, course, tmp_path, now=AFTER_DEADLINE)
    gone = tmp_path / "students" / data.students[0].id / "week01.html"
    assert gone.is_file()
    data = dataclasses.replace(data, students=data.students[1:])
    write_overview([data], course, tmp_path)
    assert not gone.exists()
    assert (tmp_path / "students" / data.students[0].id / "week01.html").is_file()
