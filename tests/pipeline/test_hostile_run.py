"""The whole grade run against a hostile inbox (red-team findings), in-process backend."""
from __future__ import annotations

import io
import json
import os
import sys
from datetime import timedelta

import pytest
from rich.console import Console

from deepgrade.config import load_course
from deepgrade.pipeline.grade import grade_course

from coursekit import DEADLINE, ROSTER_CSV, SOLUTION, make_course, write

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def fixed_engine(monkeypatch):
    monkeypatch.setattr("deepgrade.pipeline.jobs.engine_fingerprint", lambda: "test-engine")


def run(course) -> tuple[object, str]:
    out = Console(file=io.StringIO(), width=200, highlight=False)
    sys.modules.pop("calc", None)
    summary = grade_course(course, jobs=1, console=out, backend="inprocess")
    return summary, out.file.getvalue()


def test_non_utf8_names_hostile_names_and_a_student_leaving_the_roster(tmp_path):
    course = make_course(tmp_path)
    week = tmp_path / "inbox" / "week01"
    before = DEADLINE - timedelta(hours=1)
    write(week / "202210001" / "calc.py", SOLUTION, before)
    # CP949 bytes on disk (a Windows zip unpacked on Linux): the run used to die in SQLite.
    week.mkdir(parents=True, exist_ok=True)
    cp949 = week / os.fsdecode("나나래_calc.py".encode("cp949"))
    write(cp949, SOLUTION, before)
    write(week / os.fsdecode(b"\xff<script>alert(1)</script>.py"), SOLUTION, before)
    summary, text = run(course)
    assert summary.exit_code == 0 and summary.graded == 2
    results = (tmp_path / "out" / "staff" / "week01" / "results.json").read_text(encoding="utf-8")
    assert '"나나래_calc.py"' in results
    summary_page = (tmp_path / "out" / "staff" / "week01" / "summary.html").read_text(encoding="utf-8")
    assert "<script>alert" not in summary_page and "&lt;script&gt;alert(1)" in summary_page
    page = tmp_path / "out" / "students" / "202210002" / "week01.html"
    assert page.is_file()

    # Nothing changed: nothing is regraded.
    summary, text = run(course)
    assert summary.graded == 0 and "채점 0건" in text

    # 나나래 leaves the roster: no page of theirs may still look current in the shared folder.
    write(tmp_path / "roster.csv", ROSTER_CSV.replace("202210002,나나래,월1,member,active,\n", ""))
    course = load_course(tmp_path / "course.yml")
    summary, _ = run(course)
    assert summary.exit_code == 0
    assert not page.exists() and not page.parent.exists()
    assert (tmp_path / "out" / "students" / "202210001" / "week01.html").is_file()


def test_lone_surrogates_from_student_code_do_not_stop_the_run(tmp_path, monkeypatch):
    # `chr(0xd800)` in a message, a value or the output cannot be written as UTF-8: one
    # submission like this used to crash the whole Thursday run in the state database.
    # The engine's result is doctored here so the test holds whatever the engine escapes itself.
    import dataclasses

    from deepgrade.grading import runner

    original = runner.grade_submission

    def with_surrogates(job, **kwargs):
        result = original(job, **kwargs)
        return dataclasses.replace(result, output="out " + chr(0xd800), notes=(*result.notes, "note " + chr(0xdfff)))

    monkeypatch.setattr(runner, "grade_submission", with_surrogates)
    course = make_course(tmp_path)
    week = tmp_path / "inbox" / "week01"
    write(week / "202210001" / "calc.py", SOLUTION, DEADLINE - timedelta(hours=1))
    summary, _ = run(course)
    assert summary.exit_code == 0 and summary.graded == 1
    results = (tmp_path / "out" / "staff" / "week01" / "results.json").read_text(encoding="utf-8")
    json.dumps(json.loads(results), ensure_ascii=False).encode("utf-8")  # raises on a lone surrogate
    assert "note \\\\udfff" in results  # the visible escape, as JSON writes a backslash
    page = (tmp_path / "out" / "students" / "202210001" / "week01.html").read_text(encoding="utf-8")
    assert "out \\ud800" in page  # shown as an escape, like every unsafe character
    assert run(course)[0].graded == 0   # stored and found again


def test_files_not_in_the_graded_upload_are_named_on_the_report(tmp_path):
    course = make_course(tmp_path)
    week = tmp_path / "inbox" / "week01"
    write(week / "202210001" / "calc.py", SOLUTION, DEADLINE - timedelta(hours=1))
    write(week / "202210001" / "calc (1).py", "broken(", DEADLINE + timedelta(hours=3))  # late, not graded
    summary, _ = run(course)
    page = (tmp_path / "out" / "students" / "202210001" / "week01.html").read_text(encoding="utf-8")
    assert "채점에 쓰지 않은 다른 제출 파일" in page and "202210001/calc (1).py" in page


def test_uploads_of_staff_and_dropped_students_are_listed_not_passed_over(tmp_path):
    course = make_course(tmp_path)
    week = tmp_path / "inbox" / "week01"
    write(week / "202210001" / "calc.py", SOLUTION, DEADLINE - timedelta(hours=1))
    write(week / "202190001" / "calc.py", SOLUTION, DEADLINE - timedelta(hours=1))   # a TA trying the upload
    write(week / "202210003" / "calc.py", SOLUTION, DEADLINE - timedelta(hours=1))   # dropped on 03-12
    summary, console = run(course)
    summary_page = (tmp_path / "out" / "staff" / "week01" / "summary.html").read_text(encoding="utf-8")
    for text in (console, summary_page):
        assert "탁운영 (202190001): 운영진이라 채점하지 않음: 202190001/calc.py" in text
        assert "다다온 (202210003): 2022-03-12 중도 하차로 채점하지 않음: 202210003/calc.py" in text
    assert not (tmp_path / "out" / "students" / "202190001").exists()


def test_a_copied_inbox_whose_file_times_are_all_the_copy_time_is_called_out(tmp_path):
    course = make_course(tmp_path)
    week = tmp_path / "inbox" / "week01"
    copied_at = DEADLINE + timedelta(days=1, hours=8)
    for n in range(1, 7):
        write(week / f"20221000{n}" / "calc.py", SOLUTION, copied_at + timedelta(seconds=n))
    _, console = run(course)
    assert "파일 시각이 복사본의 것으로 보입니다" in console


def test_a_grader_bug_is_named_once_on_the_console_not_only_as_errored_students(tmp_path):
    broken = "import pytest\n\n@pytest.fixture\ndef numbers():\n    raise RuntimeError('typo in the grader')\n\n" \
             "def test_add(student, numbers):\n    assert student.add(2, 3) == 5\n"
    course = make_course(tmp_path, grader=broken)
    week = tmp_path / "inbox" / "week01"
    for student_id in ("202210001", "202210002"):
        write(week / student_id / "calc.py", SOLUTION, DEADLINE - timedelta(hours=1))
    summary, console = run(course)
    assert "오류 원인 (2명)" in console and "typo in the grader" in console
    assert console.count("typo in the grader") == 1


ESC_NAME = "notes\x1b[2J\x1b[H채점 3건, 오류 0건\x1b[8m.py"


def test_terminal_control_sequences_never_reach_the_console_or_a_stored_record(tmp_path):
    # A file name, a zip member's name, an exception message and printed output, each holding
    # ESC sequences that would clear the TA's screen and print a fake summary line.
    import io
    import json
    import zipfile

    course = make_course(tmp_path)
    week = tmp_path / "inbox" / "week01"
    before = DEADLINE - timedelta(hours=1)
    write(week / ESC_NAME, SOLUTION, before)                       # matches no student
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("calc.py", SOLUTION)
        archive.writestr("\x1b]0;pwned\x07extra.txt", "x")         # a member name with OSC
    write(week / "202210001.zip", buffer.getvalue(), before)
    evil = "print('\\x1b[31mred\\x1b[0m')\ndef add(a, b):\n    raise ValueError('\\x1b[2Jgone\\u202e')\n" \
           "def mul(a, b):\n    return a * b\n"
    write(week / "202210002" / "calc.py", evil, before)
    summary, console = run(course)
    assert summary.exit_code == 0
    assert "\x1b" not in console and "\\x1b[2J" in console
    for path in (tmp_path / "out").rglob("*"):
        if path.suffix in (".json", ".csv", ".html"):
            text = path.read_text(encoding="utf-8-sig")
            data = json.loads(text) if path.suffix == ".json" else None
            assert "\x1b" not in text and "\u202e" not in text, path
            if data is not None:
                assert "\x1b" not in json.dumps(data, ensure_ascii=False), path
    results = (tmp_path / "out" / "staff" / "week01" / "results.json").read_text(encoding="utf-8")
    assert "notes\\\\x1b[2J" in results  # the escaped name, as JSON writes a backslash
