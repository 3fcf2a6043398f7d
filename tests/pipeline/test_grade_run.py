"""The whole grade run on a tiny inbox (in-process backend: no sandbox needed)."""
from __future__ import annotations

import io
import json
import sqlite3
import sys
import zipfile
from datetime import timedelta

import pytest
from rich.console import Console

from deepgrade.pipeline.grade import grade_course, rebuild_reports
from deepgrade.store import DB_NAME

from coursekit import DEADLINE, GRADER, PARTIAL, SOLUTION, make_course, write

pytestmark = pytest.mark.slow


def console() -> Console:
    return Console(file=io.StringIO(), width=160, highlight=False)


def text_of(out: Console) -> str:
    return out.file.getvalue()


def fill_inbox(root):
    week = root / "inbox" / "week01"
    write(week / "202210001" / "calc.py", SOLUTION, DEADLINE - timedelta(hours=2))
    write(week / "1주차_나나래_calc.py", PARTIAL, DEADLINE + timedelta(hours=30))   # 2 started days late
    write(week / "다다온_calc.py", SOLUTION, DEADLINE)                              # dropped before
    write(week / "라라온" / "calc.py", SOLUTION, DEADLINE + timedelta(days=1))      # has an extension
    write(week / "바바온.zip", b"PK\x03\x04 broken", DEADLINE - timedelta(hours=1))
    write(week / "누구인지모름.py", SOLUTION, DEADLINE)
    write(week / "탁운영_calc.py", SOLUTION, DEADLINE)                              # staff: not graded
    sys.modules.pop("calc", None)


def load_results(root):
    return json.loads((root / "out" / "staff" / "week01" / "results.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def fixed_engine(monkeypatch):
    # Other work edits the engine's source while these tests run; its hash must hold still here.
    monkeypatch.setattr("deepgrade.pipeline.jobs.engine_fingerprint", lambda: "test-engine")


@pytest.fixture
def graded(tmp_path):
    course = make_course(tmp_path)
    fill_inbox(tmp_path)
    out = console()
    summary = grade_course(course, jobs=1, console=out, backend="inprocess")
    return course, summary, out


def test_first_run_grades_and_writes_results_json(graded, tmp_path):
    course, summary, out = graded
    assert summary.exit_code == 0
    assert summary.graded == 3 and summary.cached == 0
    data = load_results(tmp_path)
    students = {s["id"]: s for s in data["students"]}
    assert set(students) == {"202210001", "202210002", "202210004", "202210005", "202210006"}
    assert students["202210001"]["status"] == "graded" and students["202210001"]["points"] == 10.0
    late = students["202210002"]
    assert late["status"] == "late" and late["late_minutes"] == 30 * 60
    assert (late["raw_points"], late["penalty"], late["points"]) == (4.0, 2.0, 2.0)
    assert students["202210004"]["status"] == "graded" and students["202210004"]["late_minutes"] == 0
    assert students["202210005"]["status"] == "missing"
    assert students["202210006"]["status"] == "error" and "손상" in " ".join(students["202210006"]["notes"])
    assert data["unmatched"] == ["누구인지모름.py"]
    test = students["202210001"]["problems"][0]["tests"][0]
    assert set(test) >= {"name", "outcome", "points", "max_points", "message"}
    assert "채점 3건" in text_of(out)


def test_second_run_regrades_nothing_and_says_so(graded, tmp_path):
    course, _, _ = graded
    out = console()
    summary = grade_course(course, jobs=1, console=out, backend="inprocess")
    assert summary.graded == 0 and summary.cached == 3
    assert "채점 0건" in text_of(out)
    assert load_results(tmp_path)["students"][0]["points"] == 10.0


def test_a_run_that_changes_nothing_rewrites_no_page(graded, tmp_path, monkeypatch):
    # every page shows the week's grading time: a new one each run would make Drive sync all
    import datetime as dt

    class AnHourLater(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime.now(tz) + dt.timedelta(hours=1)

    course, _, _ = graded
    pages = sorted((tmp_path / "out").rglob("*.html"))
    before = {page: (page.stat().st_mtime_ns, page.read_bytes()) for page in pages}
    monkeypatch.setattr("deepgrade.pipeline.grade.datetime", AnHourLater)
    grade_course(course, jobs=1, console=console(), backend="inprocess")
    assert {page: (page.stat().st_mtime_ns, page.read_bytes()) for page in pages} == before


def test_regrade_grades_everything_again_and_keeps_the_history(graded, tmp_path):
    course, _, _ = graded
    summary = grade_course(course, jobs=1, console=console(), backend="inprocess", regrade=True)
    assert summary.graded == 3 and summary.cached == 0
    with sqlite3.connect(tmp_path / "state" / DB_NAME) as db:
        assert db.execute("SELECT COUNT(*) FROM history").fetchone()[0] == 6
    assert grade_course(course, jobs=1, console=console(), backend="inprocess").graded == 0


def test_a_torch_upgrade_regrades(graded, tmp_path, monkeypatch):
    # numbers can change with the library: a stored result is only reused on the same runtime
    course, _, _ = graded
    monkeypatch.setattr("deepgrade.pipeline.jobs.runtime_fingerprint", lambda: "python 3.11, torch 9.9.9")
    assert grade_course(course, jobs=1, console=console(), backend="inprocess").graded == 3


def test_changed_grader_regrades_only_its_week_and_history_is_kept(graded, tmp_path):
    course, _, _ = graded
    write(tmp_path / "graders/week01/test_calc.py", GRADER + "\n# stricter wording\n")
    summary = grade_course(course, jobs=1, console=console(), backend="inprocess")
    assert summary.graded == 3
    with sqlite3.connect(tmp_path / "state" / DB_NAME) as db:
        assert db.execute("SELECT COUNT(*) FROM history").fetchone()[0] == 6
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_overrides_apply_on_report_rebuild_without_regrading(graded, tmp_path):
    course, _, _ = graded
    write(tmp_path / "overrides.yml", "- {student: '202210002', week: 1, points: 9, reason: 수기 채점}\n")
    assert rebuild_reports(course, console=console()) == 0
    late = {s["id"]: s for s in load_results(tmp_path)["students"]}["202210002"]
    assert late["points"] == 9 and late["override"]["reason"] == "수기 채점"
    summary = grade_course(course, jobs=1, console=console(), backend="inprocess")  # survives a regrade
    assert summary.graded == 0
    assert {s["id"]: s for s in load_results(tmp_path)["students"]}["202210002"]["points"] == 9


def test_state_inside_export_is_refused(tmp_path):
    from deepgrade.config import load_course
    from deepgrade.errors import ConfigError

    make_course(tmp_path)
    course = load_course(tmp_path / "course.yml", state=tmp_path / "out" / "state")
    with pytest.raises(ConfigError, match="inside the export folder"):
        grade_course(course, console=console(), backend="inprocess")
