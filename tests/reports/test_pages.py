"""Rendered reports, read the way a student, a study leader and a TA would read them."""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from pathlib import Path

import pytest

from reportkit import AFTER_DEADLINE, BEFORE_DEADLINE, DEADLINE, HOSTILE_NAME, ROSTER, FakeCourse, make_records
from deepgrade.exporters import write_overview, write_week
from deepgrade.reports.atomic import is_temp_leftover


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export")
    course = FakeCourse(roster=ROSTER)
    write_week(make_records(), course, out, now=AFTER_DEADLINE)
    write_overview([make_records()], course, out)
    return out


def _text(path: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def test_every_report_of_the_contract_is_written(export: Path) -> None:
    for relative in ["students/202210001/week01.html", "groups/월1/week01.html", "groups/월2/week01.html",
                     "staff/week01/summary.html", "staff/week01/summary.csv", "staff/week01/results.json",
                     "staff/week01/histogram.png", "staff/gradebook.csv", "staff/standings.html", "index.html"]:
        assert (export / relative).is_file(), relative
    assert not any(is_temp_leftover(p) for p in export.rglob("*"))


def test_student_page_totals_outcomes_and_language(export: Path) -> None:
    page = (export / "students/202210002/week01.html").read_text(encoding="utf-8")
    assert '<html lang="ko">' in page and '<meta charset="utf-8">' in page and "viewport" in page
    text = _text(export / "students/202210002/week01.html")
    assert "3.2 / 20" in text                 # total after penalty
    assert "채점 점수 4 − 지각 감점 0.8" in text
    assert "마감 후 1일 2시간 지나서 제출" in text
    assert "Fourcal.add는 두 수의 합" in text and "통과" in text
    assert "TypeError: row_means() missing" in text  # a visible test's message
    assert "노트북은 위에서 아래로" in text      # engine notes reach the student


def test_hidden_test_shows_title_and_outcome_until_the_reveal_point(tmp_path: Path) -> None:
    write_week(make_records(), FakeCourse(roster=ROSTER), tmp_path, now=BEFORE_DEADLINE)
    before = _text(tmp_path / "students/202210002/week01.html")
    assert "SafeFourcal.div가 0으로 나누면 0을 반환하는지" in before and "비공개 테스트" in before
    assert "SECRET" not in before             # its message waits for the reveal point
    assert "2022-03-16 (수) 23:59 이후에 공개됩니다" in before
    write_week(make_records(), FakeCourse(roster=ROSTER), tmp_path, now=AFTER_DEADLINE)
    assert "SECRET hidden input 7/0 expected 0" in _text(tmp_path / "students/202210002/week01.html")


def test_after_due_tests_wait_for_the_deadline(tmp_path: Path) -> None:
    write_week(make_records(), FakeCourse(roster=ROSTER), tmp_path, now=BEFORE_DEADLINE)
    before = (tmp_path / "students/202210002/week01.html").read_text(encoding="utf-8")
    assert "test_after_due_edge" not in before and "AFTERDUE" not in before
    assert "마감 후 공개되는 테스트 1개" in before
    write_week(make_records(), FakeCourse(roster=ROSTER), tmp_path, now=AFTER_DEADLINE)
    after = (tmp_path / "students/202210002/week01.html").read_text(encoding="utf-8")
    assert "test_after_due_edge" in after and "AFTERDUE" in after


def test_student_output_and_names_are_escaped(export: Path) -> None:
    for path in export.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        assert "<script>" not in page, path
    page = (export / "students/202210002/week01.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(" in page
    assert "x" * 3900 in page and "x" * 4000 not in page  # output excerpt capped at 4000 chars
    assert "4000자 이후는 생략" in page


def test_student_page_holds_no_other_student(export: Path) -> None:
    page = _text(export / "students/202210001/week01.html")
    for other in ("바나래", "타다온", "마마루", "202210002"):
        assert other not in page


def test_override_and_error_are_shown(export: Path) -> None:
    hostile = _text(export / "students/202210004/week01.html")
    assert "운영진 조정" in hostile and "표절 의심으로 감점" in hostile and "15 / 20" in hostile
    broken = _text(export / "students/202210006/week01.html")
    # result.error is the engine's (host, graders): the student is told it is not their fault,
    # staff read the text on the summary
    assert "채점하지 못했습니다" in broken and "학생의 잘못이 아닙니다" in broken and "SyntaxError" not in broken
    assert "SyntaxError" in _text(export / "staff/week01/summary.html")
    missing = _text(export / "students/202210003/week01.html")
    assert "제출물이 없습니다" in missing


def test_group_page_marks_missing_and_late(export: Path) -> None:
    page = (export / "groups/월1/week01.html").read_text(encoding="utf-8")
    assert 'class="row-missing"' in page and 'class="row-late"' in page
    text = _text(export / "groups/월1/week01.html")
    assert "가가온 (조장)" in text and "미제출" in text and "지각 제출" in text
    assert HOSTILE_NAME not in text and "202210004" not in text  # other group's member


def test_summary_lists_pass_rates_unmatched_ambiguous_warnings(export: Path) -> None:
    text = _text(export / "staff/week01/summary.html")
    # test_safe_div_hidden failed for 1 of 3 engine-graded submissions, the lowest rate
    rates = text[text.index("테스트별 통과율"):]
    assert rates.index("test_row_means") < rates.index("test_add")
    assert "2 / 3" in rates and "67%" in rates
    assert "무제 문서.pdf" in text and "김민수.py" in text and "202210007" in text
    assert "seccomp 필터를 적용할 수 없음 (×3)" in text
    assert "미제출 1명" in text and "지각 1명" in text
    assert 'src="data:image/png;base64,' in (export / "staff/week01/summary.html").read_text(encoding="utf-8")


def test_pages_are_self_contained(export: Path) -> None:
    for path in export.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="(https?:)?//', page), path
        assert "<link" not in page


def test_summary_csv_has_bom_and_parses(export: Path) -> None:
    raw = (export / "staff/week01/summary.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    by_id = {r["id"]: r for r in rows}
    assert by_id["202210002"]["points"] == "3.2" and by_id["202210002"]["late_minutes"] == "1561"
    assert by_id["202210003"]["status"] == "missing" and by_id["202210003"]["fourcal"] == ""
    assert by_id["202210004"]["override"] == "표절 의심으로 감점"


def test_csv_defuses_formulas(tmp_path: Path) -> None:
    records = make_records()
    data = dataclasses.replace(records, students=(
        dataclasses.replace(records.students[0], name="=HYPERLINK(\"http://evil\")"), *records.students[1:]))
    write_week(data, FakeCourse(roster=ROSTER), tmp_path, now=AFTER_DEADLINE)
    rows = list(csv.reader(io.StringIO((tmp_path / "staff/week01/summary.csv").read_text(encoding="utf-8-sig"))))
    assert any(cell.startswith("'=HYPERLINK") for row in rows for cell in row)


def test_gradebook_and_standings(export: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((export / "staff/gradebook.csv").read_text(encoding="utf-8-sig"))))
    ids = [r["id"] for r in rows]
    assert "202210099" not in ids                       # staff are not students
    # the maximum first, then by group and id (what Excel users filter by), not by rank
    assert rows[0]["name"] == "(만점)" and rows[0]["week01"] == "20" and rows[0]["total"] == "20"
    assert ids[1:] == ["202210001", "202210002", "202210003", "202210004", "202210005", "202210006"]
    assert rows[1]["week01"] == "20" and rows[1]["completion_percent"] == "100" and rows[1]["rank"] == "1"
    text = _text(export / "staff/standings.html")
    assert "청강 기간 하차" in text and "누적 순위" in text


def test_results_json_is_the_records_contract(export: Path) -> None:
    data = json.loads((export / "staff/week01/results.json").read_text(encoding="utf-8"))
    assert set(data) >= {"week", "assignment", "max_points", "graded_at", "students", "unmatched"}
    assert (data["week"], data["assignment"], data["max_points"]) == (1, "week01", 20.0)
    student = data["students"][1]
    assert {k: student[k] for k in ("id", "name", "group", "status", "late_minutes", "raw_points", "penalty",
                                    "points")} == {"id": "202210002", "name": "바나래", "group": "월1",
                                                   "status": "late", "late_minutes": 1561, "raw_points": 4.0,
                                                   "penalty": 0.8, "points": 3.2}
    assert student["submitted_at"] == "2022-03-18T02:00:00+09:00"
    fourcal = student["problems"][0]
    assert (fourcal["id"], fourcal["points"], fourcal["max_points"]) == ("fourcal", 4.0, 10.0)
    assert fourcal["tests"][1] == {"name": "test_safe_div_hidden", "outcome": "failed", "points": 0.0,
                                   "max_points": 3.0, "message": "SECRET hidden input 7/0 expected 0",
                                   "visibility": "hidden", "location": ""}
    assert data["students"][2]["status"] == "missing" and data["students"][2]["problems"] == []
    assert data["unmatched"] == ["무제 문서.pdf"]


def test_histogram_is_png(export: Path) -> None:
    png = (export / "staff/week01/histogram.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000


def test_english_pages(tmp_path: Path) -> None:
    write_week(make_records(), FakeCourse(roster=ROSTER, language="en"), tmp_path, now=BEFORE_DEADLINE)
    page = (tmp_path / "students/202210002/week01.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Late penalty" in page and "Hidden test" in page and "To fix" in page


def test_rebuild_from_the_stored_record(tmp_path: Path) -> None:
    from deepgrade.record import WeekRecord

    stored = json.loads(json.dumps(make_records().to_json(), ensure_ascii=False))
    assert WeekRecord.from_json(stored) == make_records()
    write_week(WeekRecord.from_json(stored), FakeCourse(roster=ROSTER), tmp_path, now=BEFORE_DEADLINE)  # hidden: not yet
    text = _text(tmp_path / "students/202210002/week01.html")
    assert "3.2 / 20" in text and "SECRET" not in text


def test_student_ids_cannot_escape_the_export(tmp_path: Path) -> None:
    records = make_records()
    data = dataclasses.replace(records, students=(
        dataclasses.replace(records.students[0], id="../../evil", group="../grp"), *records.students[1:]))
    write_week(data, FakeCourse(roster=ROSTER), tmp_path / "out", now=AFTER_DEADLINE)
    assert not (tmp_path / "evil").exists() and not (tmp_path / "grp").exists()
    assert all(p.resolve().is_relative_to((tmp_path / "out").resolve()) for p in (tmp_path / "out").rglob("*"))


def test_after_due_tests_wait_for_every_extension_and_the_late_cut_off(tmp_path: Path) -> None:
    # shown at one student's deadline, a classmate still working (an extension, or a late
    # upload inside the cut-off) could be told what the after_due tests check
    import datetime as dt
    from types import SimpleNamespace

    extended = FakeCourse(roster=ROSTER, extensions={"202210003": DEADLINE + dt.timedelta(days=2)})
    write_week(make_records(), extended, tmp_path, now=AFTER_DEADLINE)
    page = (tmp_path / "students/202210002/week01.html").read_text(encoding="utf-8")
    assert "test_after_due_edge" not in page and "마감 후 공개되는 테스트 1개" in page
    with_cutoff = FakeCourse(roster=ROSTER, config=SimpleNamespace(
        audit_weeks=3, late_policy=SimpleNamespace(cutoff_days=3),
        sessions=extended.config.sessions))
    write_week(make_records(), with_cutoff, tmp_path, now=DEADLINE + dt.timedelta(days=2))
    assert "test_after_due_edge" not in (tmp_path / "students/202210002/week01.html").read_text(encoding="utf-8")
    write_week(make_records(), with_cutoff, tmp_path, now=DEADLINE + dt.timedelta(days=3, minutes=1))
    assert "test_after_due_edge" in (tmp_path / "students/202210002/week01.html").read_text(encoding="utf-8")


def test_gradescope_exporter_writes_the_autograder_format(tmp_path: Path) -> None:
    from deepgrade.exporters import write_week
    from deepgrade.exporters.gradescope import GradescopeExporter

    written = write_week(make_records(), FakeCourse(roster=ROSTER), tmp_path, now=AFTER_DEADLINE,
                         exporters=[GradescopeExporter()])
    folder = tmp_path / "gradescope/week01"
    # missing (202210003) and the engine's failure (202210006, retried next run) get no file
    assert sorted(p.parent.name for p in written) == ["202210001", "202210002", "202210004"]
    late = json.loads((folder / "202210002/results.json").read_text(encoding="utf-8"))
    assert late["score"] == 3.2                   # the week's points: the late penalty applied
    assert [t["score"] for t in late["tests"]] == [4.0, 0.0, 0.0, 0.0]
    assert [t["max_score"] for t in late["tests"]] == [4.0, 3.0, 3.0, 10.0]
    first = late["tests"][0]
    assert first["name"] == "Fourcal.add는 두 수의 합 (test_add)" and first["status"] == "passed"
    hidden = late["tests"][1]
    assert hidden["status"] == "failed" and hidden["output"] == "SECRET hidden input 7/0 expected 0"
    # Gradescope shows a test whole or not at all: hidden ones wait for the due date there
    assert hidden["visibility"] == "after_due_date" and first["visibility"] == "visible"
    assert {t["visibility"] for t in late["tests"]} <= {"visible", "hidden", "after_due_date", "after_published"}
    overridden = json.loads((folder / "202210004/results.json").read_text(encoding="utf-8"))
    assert overridden["score"] == 15.0            # the TA's total
    assert "노트북은 위에서 아래로 실행해 채점했습니다" in late["output"]


def test_course_yml_names_the_exporters(tmp_path: Path) -> None:
    from deepgrade.config.course import CourseConfig
    from deepgrade.exporters import DEFAULT_EXPORTS, EXPORTERS

    field = CourseConfig.model_fields["exports"]
    assert tuple(field.default) == DEFAULT_EXPORTS
    allowed = set(field.annotation.__args__[0].__args__)
    assert allowed == set(EXPORTERS)              # course.yml can name every exporter, and only those


def test_each_students_share_of_the_maximum_in_the_staff_summary_and_gradebook(export: Path) -> None:
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(
        (export / "staff/week01/summary.csv").read_text(encoding="utf-8-sig")))}
    assert rows["202210002"]["percent_of_max"] == "16"        # 3.2 of 20
    assert rows["202210004"]["percent_of_max"] == "75"        # the TA's 15 of 20
    assert rows["202210003"]["percent_of_max"] == "0"         # missing
    summary = _text(export / "staff/week01/summary.html")
    assert "만점 대비" in summary and "16%" in summary
    book = list(csv.DictReader(io.StringIO((export / "staff/gradebook.csv").read_text(encoding="utf-8-sig"))))
    assert book[0]["percent_of_max"] == "100"                   # the (만점) row
    assert {r["id"]: r["percent_of_max"] for r in book[1:]}["202210002"] == "16"
