"""A tiny real course in tmp_path: course.yml, roster.csv, one-problem assignment, graders."""
from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from deepgrade.config import load_course

SEOUL = ZoneInfo("Asia/Seoul")
DEADLINE = datetime(2022, 3, 16, 23, 59, tzinfo=SEOUL)

COURSE_YML = """\
name: Tiny Course
term: "2022-1"
timezone: Asia/Seoul
language: ko
sessions:
  - {week: 1, date: 2022-03-10, topic: 클래스}
  - {week: 2, date: 2022-03-17, topic: MLP}
deadline: {weekday: wednesday, time: "23:59"}
audit_weeks: 1
late_policy: {grace_minutes: 10, penalty_per_day: 10, cutoff_days: 3}
groups: [월1, 화1]
paths: {roster: roster.csv, inbox: inbox, export: out, state: state}
extensions:
  - {student: "202210004", week: 1, until: "2022-03-18 23:59"}
"""

ROSTER_CSV = """\
id,name,group,role,status,dropped_on
202210001,가가온,월1,leader,active,
202210002,나나래,월1,member,active,
202210003,다다온,화1,member,dropped,2022-03-12
202210004,라라온,화1,member,active,
202210005,마마온,화1,member,active,
202210006,바바온,화1,member,active,
202190001,탁운영,,staff,active,
"""

ASSIGNMENT_YML = """\
id: week01
week: 1
title: "1주차"
files:
  - name: calc.py
    provides: [add, mul]
problems:
  - {id: calc, title: "계산", points: 10}
total_points: 10
fixtures: []
default_visibility: hidden
"""

GRADER = '''
import pytest

@pytest.mark.points(4)
@pytest.mark.visibility("visible")
def test_add(student, reference):
    """add(2, 3)"""
    assert student.add(2, 3) == reference.add(2, 3)

@pytest.mark.points(6)
def test_mul(student):
    """mul(4, 5)"""
    assert student.mul(4, 5) == 20
'''

SOLUTION = "def add(a, b):\n    return a + b\n\ndef mul(a, b):\n    return a * b\n"
PARTIAL = "def add(a, b):\n    return a + b\n\ndef mul(a, b):\n    return a + b\n"


def write(path: Path, text: str | bytes, when: datetime | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    if when is not None:
        os.utime(path, (when.timestamp(), when.timestamp()))
    return path


def make_course(root: Path, *, grader: str = GRADER):
    write(root / "course.yml", COURSE_YML)
    write(root / "roster.csv", ROSTER_CSV)
    write(root / "assignments/week01/assignment.yml", ASSIGNMENT_YML)
    write(root / "graders/week01/test_calc.py", grader)
    write(root / "solutions/week01/calc.py", SOLUTION)
    return load_course(root / "course.yml")


def grade_quietly(course, **kwargs):
    """One in-process grade run; returns (RunSummary, what the console said). The engine's
    hash is pinned by the caller's `pinned_engine` fixture (other work edits its source)."""
    import io
    import sys

    from rich.console import Console

    from deepgrade.pipeline.grade import grade_course

    out = Console(file=io.StringIO(), width=250, highlight=False)
    sys.modules.pop("calc", None)  # each run imports the submitted calc.py afresh
    summary = grade_course(course, jobs=1, console=out, backend="inprocess", **kwargs)
    return summary, out.file.getvalue()
