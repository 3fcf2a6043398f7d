"""Red-team findings on the reports, read as a student, a study leader, a TA and the course lead."""
from __future__ import annotations

import csv
import dataclasses
import json
import io
import os
from pathlib import Path

from reportkit import AFTER_DEADLINE, ROSTER, FakeCourse, make_records, with_result
from deepgrade.exporters import write_overview, write_week


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


def _text(path: Path) -> str:
    import re
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def test_a_refused_upload_says_why_to_the_student_and_on_the_staff_summary(tmp_path: Path) -> None:
    # A zip refused as a whole (status error, no result): the summary row used to show only
    # "채점 오류", and the student found the reason at the bottom of the page under 참고.
    import dataclasses
    import datetime as dt
    from types import SimpleNamespace

    from reportkit import DEADLINE
    from deepgrade.pipeline.assess import build_student_week
    from deepgrade.record import Attempt, GradedUpload

    reason = "zip에 안전하지 않은 경로가 있습니다 (상위 폴더(../) 경로): ../../escape.py"
    chosen = GradedUpload(DEADLINE - dt.timedelta(hours=1), ("week1_바나래.zip",), (), reason, "h")
    record = build_student_week(ROSTER[1], [Attempt(chosen)], deadline=DEADLINE, max_points=20.0, override=None,
                                policy=SimpleNamespace(grace_minutes=10, penalty_per_day=10, cutoff_days=3))
    records = make_records()
    records = dataclasses.replace(records, students=tuple(
        record if s.id == record.id else s for s in records.students))
    _write(tmp_path, records)
    student = _text(tmp_path / "students/202210002/week01.html")
    assert "채점하지 못했습니다" in student and student.count("escape.py") == 1
    summary = _text(tmp_path / "staff/week01/summary.html")
    assert "escape.py" in summary


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_csv_ids_stay_text_in_excel_and_missing_differs_from_a_graded_zero(tmp_path: Path) -> None:
    records = make_records()
    first, second, *rest = records.students
    data = dataclasses.replace(records, students=(
        dataclasses.replace(first, id="0123"),                      # Excel would show 123
        dataclasses.replace(second, id="2022-1", points=10 / 3),    # Excel would show a date
        *rest))
    _write(tmp_path, data)
    summary = {r["id"]: r for r in _csv(tmp_path / "staff/week01/summary.csv")}
    assert '="0123"' in summary and '="2022-1"' in summary and "202210006" in summary
    assert summary['="2022-1"']["points"] == "3.333333"  # as results.json rounds, no "3.33333"
    book = {r["id"]: r for r in _csv(tmp_path / "staff/gradebook.csv")}
    assert '="0123"' in book
    # 타다온 is missing, 마마루's submission errored: both 0 points, told apart by the status
    assert book["202210003"]["week01"] == book["202210006"]["week01"] == "0"
    assert book["202210003"]["week01_status"] == "missing" and book["202210006"]["week01_status"] == "error"
    standings = _text(tmp_path / "staff/standings.html")
    assert "0 미제출" in standings and "0 채점 오류" in standings


def test_percents_round_half_up_like_excel(tmp_path: Path) -> None:
    from deepgrade.reports.course_view import percent

    assert (percent(1, 8), percent(5, 8), percent(1, 3), percent(0, 0)) == (13, 63, 33, 0)


def test_histogram_of_a_week_nobody_was_graded_has_no_negative_counts() -> None:
    from deepgrade.reports.plots import histogram_figure

    axes = histogram_figure([], 100.0).axes[0]
    assert axes.get_ylim() == (0.0, 1.0)
    assert [t.get_text() for t in axes.texts] in (["채점된 제출 없음"], ["no graded submissions"])
    assert histogram_figure([55.0], 100.0).axes[0].get_ylim()[0] == 0.0


def test_staff_tables_follow_the_course_group_order(tmp_path: Path) -> None:
    # Unicode order puts 금1 before 월1; a TA reads groups in course.yml's (weekday) order.
    import dataclasses
    from types import SimpleNamespace

    course = FakeCourse(roster=ROSTER)
    course = dataclasses.replace(course, config=SimpleNamespace(**vars(course.config), groups=["월2", "월1"]))
    write_week(make_records(), course, tmp_path, now=AFTER_DEADLINE)
    write_overview([make_records()], course, tmp_path)
    groups = [r["group"] for r in _csv(tmp_path / "staff/week01/summary.csv")]
    assert groups == sorted(groups, reverse=True) and groups[0] == "월2"
    summary = _text(tmp_path / "staff/week01/summary.html")
    table = summary[summary.index("전체 학생"):]
    assert table.index("마마루") < table.index("가가온")
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert index.index("월2:") < index.index("월1:")


def test_an_engine_failure_shows_the_student_no_grader_log(tmp_path: Path) -> None:
    # A hidden grader that fails to import makes result.error a pytest log tail: grader paths
    # and source lines. The student page used to print it verbatim.
    import dataclasses

    from deepgrade.results import SubmissionResult

    log = ("pytest exit code 2:\n/work/main/graders/week01/test_fourcal.py:12: in <module>\n"
           "    SECRET_INPUT = (7, 0)\nE   NameError: name 'refrence' is not defined")
    records = make_records()
    broken = with_result(records.students[1], SubmissionResult(assignment="week01", problems=(), error=log),
                         status="error", raw_points=0.0, penalty=0.0, points=0.0)
    records = dataclasses.replace(records, students=(records.students[0], broken, *records.students[2:]))
    _write(tmp_path, records)
    page = (tmp_path / "students/202210002/week01.html").read_text(encoding="utf-8")
    assert "/work/" not in page and "SECRET_INPUT" not in page and "pytest" not in page
    assert "학생의 잘못이 아닙니다" in page
    assert "SECRET_INPUT" in (tmp_path / "staff/week01/summary.html").read_text(encoding="utf-8") or \
        "test_fourcal.py" in (tmp_path / "staff/week01/summary.html").read_text(encoding="utf-8")
    # rebuilt from the stored record (deepgrade report), the same holds
    from deepgrade.record import WeekRecord

    again = WeekRecord.from_json(json.loads(json.dumps(records.to_json())))
    write_week(again, FakeCourse(roster=ROSTER), tmp_path / "again", now=AFTER_DEADLINE)
    assert "SECRET_INPUT" not in (tmp_path / "again/students/202210002/week01.html").read_text(encoding="utf-8")
    assert "SECRET_INPUT" in (tmp_path / "staff/week01/results.json").read_text(encoding="utf-8")  # staff: all


def test_a_total_override_on_a_late_upload_says_the_penalty_is_not_applied() -> None:
    import datetime as dt
    from types import SimpleNamespace

    from reportkit import DEADLINE
    from deepgrade.record import Attempt, GradedUpload, OverrideInfo
    from deepgrade.pipeline.assess import build_student_week

    chosen = GradedUpload(DEADLINE + dt.timedelta(days=2), ("a/fourcal.py",), (), None, "h")
    record = build_student_week(ROSTER[2], [Attempt(chosen, make_records().students[0].result)], deadline=DEADLINE,
                                policy=SimpleNamespace(grace_minutes=10, penalty_per_day=10, cutoff_days=3),
                                max_points=20.0, override=OverrideInfo("늦은 제출 인정", "overrides.yml:3", points=20.0))
    assert record.points == 20.0 and record.penalty == 0.0
    assert any("지각 감점은 적용하지 않습니다" in note for note in record.notes)
