"""Red-team findings on the reports, read as a student, a study leader, a TA and the course lead."""
from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from conftest import AFTER_DEADLINE, ROSTER, FakeCourse, make_records
from deepgrade.reports import write_overview, write_week


def _write(out: Path, data=None) -> None:
    course = FakeCourse(roster=ROSTER)
    write_week(data if data is not None else make_records(), course, out, now=AFTER_DEADLINE)
    write_overview([data if data is not None else make_records()], course, out)


def test_rebuilding_unchanged_reports_touches_no_file(tmp_path: Path) -> None:
    # Drive re-uploads a file whose mtime changed; `deepgrade report` with nothing new must not.
    _write(tmp_path)
    before = {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in tmp_path.rglob("*") if p.is_file()}
    os.utime(next(iter(before)), ns=(1, 1))  # an old mtime makes a rewrite visible for sure
    before = {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in tmp_path.rglob("*") if p.is_file()}
    _write(tmp_path)
    after = {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before


def test_stale_page_cleanup_never_follows_a_linked_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "week01.html").write_text("a TA's own file", encoding="utf-8")
    export = tmp_path / "export"
    _write(export)
    (export / "students" / "linked").symlink_to(outside, target_is_directory=True)
    _write(export)
    assert (outside / "week01.html").read_text(encoding="utf-8") == "a TA's own file"
