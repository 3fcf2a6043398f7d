"""Through the real CLI entry point: a broken course file exits 2 with file:line lines, no traceback."""
from __future__ import annotations

import sys
import types

import pytest

from coursefiles import COURSE_YML as C
from coursefiles import PROBLEM_LINE, CourseFolder, replace_line
from deepgrade import cli


@pytest.fixture
def validate_stub(monkeypatch) -> list[object]:
    # `validate` belongs to the authoring part; here only the config loading before it matters
    calls: list[object] = []
    module = types.ModuleType("deepgrade.authoring.validate")
    module.validate = lambda course, weeks, console: calls.append(course) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "deepgrade.authoring.validate", module)
    return calls


def test_broken_course_exits_2_with_located_lines(course_folder: CourseFolder, validate_stub, capsys) -> None:
    course_folder.course = replace_line(C, 10, "    date: 2022-02-30").replace("language: ko", "langauge: ko")
    code = cli.main(["validate", "--course", str(course_folder.write())])
    out = capsys.readouterr()
    assert code == 2 and validate_stub == []
    lines = out.err.strip().splitlines()
    assert "Traceback" not in out.err and len(lines) == 2
    assert all(PROBLEM_LINE.match(line) for line in lines)
    assert lines[0].endswith("course.yml:4: langauge: unknown key; did you mean 'language'? (expected one of: name, term, "
                             "timezone, language, session_weekday, sessions, deadline, audit_weeks, late_policy, groups, "
                             "paths, extensions, publish, exports)")
    assert "course.yml:10: sessions[1].date: '2022-02-30' is not a real date" in lines[1]


def test_missing_course_file_exits_2(tmp_path, validate_stub, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["validate"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("course.yml: file not found") and "--course FILE" in err and "Traceback" not in err


def test_good_course_reaches_the_command(course_folder: CourseFolder, validate_stub) -> None:
    assert cli.main(["validate", "--course", str(course_folder.write())]) == 0
    assert len(validate_stub) == 1
