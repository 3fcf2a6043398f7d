"""A state made before the week record (main at cc3c585 stored a plain snapshot dict per week)
still rebuilds every report, and the next grade run stores the week in the current schema.
`data/week01_snapshot_v1.json` is that version's stored week of coursekit's course, graded
in-process: 202210001 on time, 나나래 30 hours late with partial code, 라라온 inside an
extension, 바바온's broken zip."""
from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest
from rich.console import Console

from deepgrade.pipeline.grade import grade_course, rebuild_reports
from deepgrade.record import SCHEMA_VERSION, WeekRecord
from deepgrade.store import DB_NAME, ResultStore

from coursekit import make_course

pytestmark = pytest.mark.slow
V1 = Path(__file__).parent / "data" / "week01_snapshot_v1.json"


def _old_state(root: Path) -> None:
    with ResultStore(root / "state"):
        pass  # the tables, as every version made them
    with sqlite3.connect(root / "state" / DB_NAME) as db:
        db.execute("INSERT INTO week_snapshots VALUES (1, ?, '2022-03-17T00:00:00+00:00')",
                   (V1.read_text(encoding="utf-8"),))


def _results(root: Path) -> dict:
    return json.loads((root / "out/staff/week01/results.json").read_text(encoding="utf-8"))


def test_a_week_stored_before_the_record_rebuilds_every_report(tmp_path, pinned_engine):
    course = make_course(tmp_path)
    _old_state(tmp_path)
    assert rebuild_reports(course, console=Console(file=io.StringIO())) == 0
    students = {s["id"]: s for s in _results(tmp_path)["students"]}
    assert (students["202210001"]["status"], students["202210001"]["points"]) == ("graded", 10.0)
    late = students["202210002"]
    assert (late["status"], late["late_minutes"], late["raw_points"], late["penalty"], late["points"]) == \
        ("late", 1800, 4.0, 2.0, 2.0)
    assert late["problems"][0]["tests"][1]["message"] == "assert 9 == 20"
    assert students["202210004"]["status"] == "graded"                   # inside the extension
    assert students["202210006"]["status"] == "error" and "zip" in students["202210006"]["error"]
    assert students["202210005"]["status"] == "missing"
    assert _results(tmp_path)["unmatched"] == ["누구인지모름.py"]
    page = (tmp_path / "out/students/202210002/week01.html").read_text(encoding="utf-8")
    assert "나나래" in page and "1일 6시간" in page


def test_the_next_grade_run_stores_the_week_in_the_current_schema(tmp_path, pinned_engine):
    course = make_course(tmp_path)
    _old_state(tmp_path)
    (tmp_path / "inbox/week01").mkdir(parents=True)
    before = json.loads(V1.read_text(encoding="utf-8"))
    grade_course(course, jobs=1, console=Console(file=io.StringIO()), backend="inprocess",
                 students=["202210005"])  # grade one student; the others keep what was stored
    with sqlite3.connect(tmp_path / "state" / DB_NAME) as db:
        (text,) = db.execute("SELECT snapshot_json FROM week_snapshots WHERE week=1").fetchone()
    stored = json.loads(text)
    assert stored["schema"] == SCHEMA_VERSION
    record = WeekRecord.from_json(stored)
    kept = record.student("202210002")
    assert kept.points == 2.0 and kept.attempt.upload.content_hash == \
        before["students"]["202210002"]["chosen"]["content_hash"]
    assert record.student("202210005").status == "missing"
