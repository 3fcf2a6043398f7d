"""A small valid course in a temp folder; tests break one line and check the report."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from deepgrade.config import Course, load_course
from deepgrade.errors import ConfigError, Problem

COURSE_YML = """\
name: Test Course
term: "2022-1"
timezone: Asia/Seoul
language: ko
sessions:
  - week: 1
    date: 2022-03-10
    topic: 클래스
  - week: 2
    date: 2022-03-17
    topic: MLP
  - week: 3
    date: 2022-03-24
    topic: CNN
deadline: {weekday: wednesday, time: "23:59"}
audit_weeks: 2
late_policy: {grace_minutes: 10, penalty_per_day: 10, cutoff_days: 3}
groups: [월1, 화1]
paths: {roster: roster.csv, inbox: inbox, export: out, state: state}
extensions:
  - {student: "202210002", week: 1, until: "2022-03-18 23:59"}
"""

ROSTER_CSV = """\
id,name,group,role,status,dropped_on
202210001,가가온,월1,leader,active,
202210002,나나래,월1,member,active,
202210003,다다온,화1,leader,dropped,2022-03-15
202190001,탁운영,,staff,active,
"""

ASSIGNMENT_YML = """\
id: week01
week: 1
title: "1주차"
files:
  - name: fourcal.py
    provides: [Fourcal]
  - name: tensor_ops.py
    provides: [describe]
notebook: week01.ipynb
problems:
  - {id: fourcal, title: "Fourcal", points: 40}
  - {id: tensor_ops, title: "텐서", points: 60}
total_points: 100
fixtures: [mnist]
limits: {test_timeout_s: 10, import_timeout_s: 60, memory_mb: 1536, output_kb: 64}
default_visibility: hidden
deadline: null
"""

# What the CLI prints for a ConfigError, one line per problem: file:line: field: message
PROBLEM_LINE = re.compile(r"^(?P<path>[^:\n]+)(?::(?P<line>\d+))?: (?:(?P<field>[\w.\[\]]+): )?(?P<message>.+)$")


def replace_line(text: str, number: int, new: str | None) -> str:
    """Line ``number`` (1-based) becomes ``new``; None deletes it."""
    lines = text.splitlines()
    assert 1 <= number <= len(lines), f"line {number} not in the text"
    if new is None:
        del lines[number - 1]
    else:
        lines[number - 1] = new
    return "\n".join(lines) + "\n"


@dataclass
class CourseFolder:
    root: Path
    course: str = COURSE_YML
    roster: str | bytes = ROSTER_CSV
    assignment: str | None = ASSIGNMENT_YML
    extra_files: dict[str, str] = field(default_factory=dict)

    @property
    def course_file(self) -> Path:
        return self.root / "course.yml"

    def write(self) -> Path:
        self.course_file.write_text(self.course, encoding="utf-8")
        roster = self.root / "roster.csv"
        if isinstance(self.roster, bytes):
            roster.write_bytes(self.roster)
        else:
            roster.write_text(self.roster, encoding="utf-8")
        if self.assignment is not None:
            folder = self.root / "assignments" / "week01"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "assignment.yml").write_text(self.assignment, encoding="utf-8")
        for name, text in self.extra_files.items():
            target = self.root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        return self.course_file

    def load(self, **kwargs: object) -> Course:
        return load_course(self.write(), **kwargs)

    def problems(self) -> list[Problem]:
        """Every problem the loader reports; the test fails if it loads fine."""
        with pytest.raises(ConfigError) as caught:
            load_course(self.write())
        assert_cli_format(caught.value)
        return caught.value.problems

    def only_problem(self) -> Problem:
        found = self.problems()
        assert len(found) == 1, "expected one problem, got:\n" + "\n".join(map(str, found))
        return found[0]


def assert_cli_format(error: ConfigError) -> None:
    """What the CLI prints (str of the error) is file:line lines, no traceback or pydantic noise."""
    text = str(error)
    assert "Traceback" not in text and "pydantic" not in text.lower() and "Input should" not in text
    for line in text.splitlines():
        assert PROBLEM_LINE.match(line), f"not a 'file:line: field: message' line: {line!r}"
