"""Rosters as TAs really have them: a Google Forms/Sheets export with only id,name,group (with
or without a BOM), Korean headers, Excel's semicolon CSV. Mistakes stay ``file:line`` (exit 2)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from coursefiles import COURSE_YML, CourseFolder

COURSE = COURSE_YML.split("extensions:")[0]  # the extension names a student some rosters lack


def _load(folder: CourseFolder, roster: str | bytes):
    folder.roster = roster
    folder.course = COURSE
    return folder.load()


@pytest.mark.parametrize("text", [
    "id,name,group\n202210001,가가온,월1\n202210002,나나래,화1\n",
    "\ufeffid,name,group\r\n202210001,가가온,월1\r\n202210002,나나래,화1\r\n",          # Sheets' CSV with a BOM
    "ID,Name,Group\n202210001,가가온,월1\n202210002,나나래,화1\n",
    "학번,이름,조\n202210001,가가온,월1\n202210002,나나래,화1\n",
    "학번;이름;스터디 조\n202210001;가가온;월1\n202210002;나나래;화1\n",                  # Excel, ';' locale
    "타임스탬프,이메일 주소,학번,이름,조\n2022. 3. 2 오후 1:00:00,a@example.com,202210001,가가온,월1\n"
    "2022. 3. 2 오후 1:05:00,b@example.com,202210002,나나래,화1\n",                        # a Forms export
], ids=["plain", "bom-crlf", "capitalised", "korean", "semicolon", "forms"])
def test_id_name_group_is_enough(course_folder: CourseFolder, text: str) -> None:
    course = _load(course_folder, text)
    first, second = course.roster
    assert (first.id, first.name, first.group, first.role, first.status) == ("202210001", "가가온", "월1", "member", "active")
    assert (second.id, second.group) == ("202210002", "화1")


def test_korean_role_and_status_values(course_folder: CourseFolder) -> None:
    course = _load(course_folder, "학번,이름,조,역할,상태,하차일\n202210001,가가온,월1,조장,,\n"
                                  "202210002,나나래,화1,조원,하차,2022-03-15\n202190001,탁운영,,운영진,활동,\n")
    leader, dropped, staff = course.roster
    assert leader.role == "leader" and leader.status == "active"
    assert dropped.status == "dropped" and str(dropped.dropped_on) == "2022-03-15"
    assert staff.role == "staff" and staff.group is None


@pytest.mark.parametrize("text, line, field, words", [
    ("id,name\n202210001,가가온\n", 1, None, "missing column group (expected the header: id,name,group"),
    ("학번,이룸,조\n202210001,가가온,월1\n", 1, None, "unknown column 이룸 (did you mean name?)"),
    ("id,학번,name,group\n1,2,3,4\n", 1, None, "the same column twice: id and 학번"),
    ("id;name;group\n202210001;가가온;월1\n202210002;나나래\n", 3, None, "2 values (expected 3: id;name;group; a ';'"),
    ("id,name,group\n202210001,가가온,월9\n", 2, "group", "unknown group '월9'"),
    ("id,name,group,role\n202210001,가가온,월1,captain\n", 2, "role", "'captain' is not allowed"),
], ids=["no-group", "typo", "twice", "semicolon-row", "bad-group", "bad-role"])
def test_mistakes_name_the_line(course_folder: CourseFolder, text: str, line: int, field: str | None,
                                words: str) -> None:
    course_folder.roster = text
    course_folder.course = COURSE
    problem = course_folder.only_problem()
    assert (Path(problem.path).name, problem.line, problem.field) == ("roster.csv", line, field)
    assert words in problem.message


def test_cli_reports_a_bad_korean_header_with_exit_2(course_folder: CourseFolder) -> None:
    course_folder.roster = "학번,이름\n202210001,가가온\n"
    course_folder.course = COURSE
    course_file = course_folder.write()
    run = subprocess.run([sys.executable, "-m", "deepgrade", "validate", "--course", str(course_file)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert f"{course_folder.root / 'roster.csv'}:1: missing column group" in run.stderr
    assert "Traceback" not in run.stderr
