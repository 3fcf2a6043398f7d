"""Hostile and careless inputs found by the red-team pass: each is reported as a TA reads it
(``file:line: field: what is wrong (expected …)``), nothing is executed, nothing blows up."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from coursefiles import ASSIGNMENT_YML as A
from coursefiles import COURSE_YML as C
from coursefiles import ROSTER_CSV as R
from coursefiles import CourseFolder, assert_cli_format
from deepgrade.config import load_course
from deepgrade.errors import ConfigError

H = "id,name,group,role,status,dropped_on\n"


def _messages(folder: CourseFolder, **kwargs: object) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_course(folder.write(), **kwargs)
    assert_cli_format(caught.value)
    return [str(p) for p in caught.value.problems]


# --- course.yml -----------------------------------------------------------------------

def test_alias_bomb_is_refused_before_it_grows(course_folder: CourseFolder) -> None:
    # 10 ** 8 values once expanded: without a bound this takes minutes and gigabytes
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 8)]
    course_folder.course = "\n".join(levels) + "\n"
    [message] = _messages(course_folder)
    assert message.endswith("course.yml:1: more than 100000 values once aliases (*name) are expanded "
                            "(expected a plain file; a chain of aliases repeating aliases?)")


def test_python_tags_are_refused_and_never_run(course_folder: CourseFolder, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    course_folder.course = C.replace("name: Test Course", f"name: !!python/object/apply:os.system ['touch {marker}']")
    [message] = _messages(course_folder)
    assert "course.yml:1: name: the YAML tag !!python/object/apply:os.system is not allowed" in message
    assert not marker.exists()


def test_a_second_yaml_document_is_named(course_folder: CourseFolder) -> None:
    course_folder.course = C + "---\nname: other\n"
    [message] = _messages(course_folder)
    assert message.endswith(f"course.yml:{C.count(chr(10)) + 1}: a second YAML document starts here "
                            "(expected one document per file: remove this '---' line, or merge what follows)")


def test_yaml_11_words_and_leading_zeros_stay_as_written(course_folder: CourseFolder) -> None:
    course_folder.course = C.replace("language: ko", "language: no")
    assert any("course.yml:4: language: 'no' is not allowed (expected 'ko' or 'en')" in m for m in _messages(course_folder))
    # an unquoted id with a leading zero is not read as an octal number
    course_folder.course = C.replace('student: "202210002"', "student: 0123")
    course_folder.roster = R + "0123,라라온,화1,member,active,\n"
    assert course_folder.load().config.extensions[0].student == "0123"


def test_home_and_environment_variables_in_paths(course_folder: CourseFolder, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DG_DRIVE", str(tmp_path / "drive"))
    monkeypatch.delenv("DEEPGRADE_EXPORT", raising=False)
    monkeypatch.delenv("DEEPGRADE_INBOX", raising=False)
    course_folder.course = C.replace("inbox: inbox, export: out", "inbox: ~/uploads, export: $DG_DRIVE/reports")
    course = course_folder.load()
    assert (course.inbox, course.export) == (tmp_path / "home" / "uploads", tmp_path / "drive" / "reports")
    monkeypatch.delenv("DG_DRIVE")
    [message] = _messages(course_folder)
    assert message.endswith("course.yml:19: paths.export: uses $DG_DRIVE, which is not set in the environment "
                            "(expected a set variable, or the path written out)")


def test_reports_and_state_never_land_in_the_inbox(course_folder: CourseFolder, monkeypatch) -> None:
    monkeypatch.delenv("DEEPGRADE_EXPORT", raising=False)
    monkeypatch.delenv("DEEPGRADE_INBOX", raising=False)
    course_folder.course = C.replace("export: out, state: state", "export: inbox, state: inbox/.state")
    export, state = _messages(course_folder)
    assert "course.yml:19: paths.export:" in export and "is the inbox" in export
    assert "every student's report would land in the upload folder (expected a separate folder, e.g. export/)" in export
    assert "course.yml:19: paths.state:" in state and "is inside the inbox" in state
    course_folder.course = C
    [flag] = _messages(course_folder, export=course_folder.root / "inbox" / "reports")
    assert flag.startswith("--export: ") and "is inside the inbox" in flag


def test_export_never_holds_the_graders_or_solutions(course_folder: CourseFolder, monkeypatch) -> None:
    monkeypatch.delenv("DEEPGRADE_EXPORT", raising=False)
    course_folder.course = C.replace("export: out, state: state", "export: ., state: /tmp/dg-state-not-created")
    graders, solutions = _messages(course_folder)
    assert "paths.export:" in graders and "holds the graders folder" in graders
    assert "sharing the reports would share the solutions" in solutions


def test_empty_values(course_folder: CourseFolder) -> None:
    course_folder.course = C.replace("roster: roster.csv", 'roster: ""').split("extensions:")[0] + "extensions:\n"
    [roster] = _messages(course_folder)  # an empty `extensions:` is no extensions; no cascade into "roster None"
    assert roster.endswith("course.yml:19: paths.roster: must not be empty")
    course_folder.course = C.replace("groups: [월1, 화1]", "groups:")
    assert any(m.endswith("groups: expected a list (lines starting with '- '), got nothing (the value is empty)")
               for m in _messages(course_folder))


# --- assignment.yml ---------------------------------------------------------------------

ASSIGNMENT = "assignments/week01/assignment.yml"


@pytest.mark.parametrize("old, new, line, field, words", [
    ("points: 60}", "points: .inf}", 12, "problems[1].points", "inf is not a number a person can score"),
    ("memory_mb: 1536", "memory_mb: 1000000000", 15, "limits.memory_mb", "must be at most 262144, got 1000000000"),
    ("test_timeout_s: 10", "test_timeout_s: .inf", 15, "limits.test_timeout_s", "must be at most 3600, got inf"),
    ("name: tensor_ops.py", "name: torch.py", 7, "files[1].name", "'torch.py' would hide the real torch module"),
    ("name: tensor_ops.py", "name: os.py", 7, "files[1].name", "'os.py' would hide the real os module"),
    ("notebook: week01.ipynb", "notebook: '..\\week01.ipynb'", 9, "notebook", "is not a notebook file name"),
    ("notebook: week01.ipynb", "notebook: .ipynb", 9, "notebook", "is not a notebook file name"),
    ("deadline: null", "deadline: 2022-03-16", 17, "deadline",
     "'2022-03-16' has no time (expected \"2022-03-16 23:59\": a date alone would mean 00:00 that morning)"),
    ("deadline: null", 'deadline: "2022-03-09 23:59"', 17, "deadline",
     "2022-03-09 23:59 is not after the week's session 2022-03-10 18:00"),
])
def test_assignment_values(course_folder: CourseFolder, old: str, new: str, line: int, field: str, words: str) -> None:
    assert old in A
    course_folder.assignment = A.replace(old, new, 1)
    problem = course_folder.only_problem()
    assert Path(problem.path) == course_folder.root / ASSIGNMENT
    assert (problem.line, problem.field) == (line, field)
    assert words in problem.message


def test_every_bad_provided_name_is_reported_at_its_index(course_folder: CourseFolder) -> None:
    course_folder.assignment = A.replace("provides: [Fourcal]", "provides: [class, __init__, Fourcal, __name__]")
    found = [(p.field, p.message) for p in course_folder.problems()]
    assert [f for f, _ in found] == ["files[0].provides[0]", "files[0].provides[1]", "files[0].provides[3]"]
    assert "'__init__' is a special (dunder) name every module has" in found[1][1]


# --- roster.csv ---------------------------------------------------------------------------

@pytest.mark.parametrize("row, field, words", [
    ("../../etc,가가온,월1,leader,active,", "id", "'../../etc' is not a student id (expected letters, digits"),
    ("2.02210001E+8,가가온,월1,leader,active,", "id", "looks like a number Excel reformatted"),
    ("202210001.0,가가온,월1,leader,active,", "id", "looks like a number Excel reformatted"),
    ('202210001,"가가\n온",월1,leader,active,', "name", "contains a line break or control character"),
    ("202210001,가가\x00온,월1,leader,active,", "name", "contains a line break or control character"),
    ('202210001,"가가온,월1,leader,active,\n202210002,나나,월1,member,active,', None,
     'a quote (") opened on this line is never closed'),
])
def test_roster_rows(course_folder: CourseFolder, row: str, field: str | None, words: str) -> None:
    course_folder.roster = H + row + "\n"
    course_folder.course = C.split("extensions:")[0]
    problem = course_folder.only_problem()
    assert (Path(problem.path).name, problem.line, problem.field) == ("roster.csv", 2, field)
    assert words in problem.message


@pytest.mark.parametrize("text, words", [
    (R.replace(",", "|"), "unknown column id|name|group|role|status|dropped_on"),
    (H, "roster.csv:1: no students (expected one line per student after the header)"),
])
def test_roster_file_shape(course_folder: CourseFolder, text: str, words: str) -> None:
    course_folder.roster = text
    course_folder.course = C.split("extensions:")[0]
    assert words in str(course_folder.only_problem())


def test_excel_and_mac_rosters_load(course_folder: CourseFolder) -> None:
    # capitalised header, trailing empty columns, names and groups in decomposed (NFD) Hangul
    text = R.replace("id,name,group,role,status,dropped_on", "ID,Name,Group,Role,Status,Dropped_on,,")
    text = "\n".join(line + ",," for line in text.splitlines()) + "\n"
    course_folder.roster = unicodedata.normalize("NFD", text)
    course = course_folder.load()
    assert course.student("202210001").group == "월1" and course.student("202210001").name == "가가온"
