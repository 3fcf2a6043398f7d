"""Pages across weeks: a study group's overview, a student's index, the gradebook and the
course lead's progress chart, over two fictional weeks."""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
from pathlib import Path

import pytest

from reportkit import AFTER_DEADLINE, DEADLINE, HOSTILE_NAME, ROSTER, FakeCourse, make_records, student_week
from deepgrade.exporters import write_overview, write_week

WEEK2_NOW = AFTER_DEADLINE + dt.timedelta(weeks=1)


def _text(path: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def week_two():
    """Week 2: 타다온 misses again (two weeks running), 바나래 is on time, 마마루's upload is refused."""
    first = make_records()
    students = []
    for record in first.students:
        if record.id == "202210002":
            record = dataclasses.replace(record, status="graded", late_minutes=0, penalty=0.0, points=4.0,
                                         submitted_at=DEADLINE + dt.timedelta(weeks=1, hours=-3))
        elif record.id == "202210006":
            record = student_week("202210006", "마마루", "월2", "error", error="마마루.zip: 손상된 zip",
                                  submitted_at=DEADLINE + dt.timedelta(weeks=1, hours=-1))
        students.append(record)
    return dataclasses.replace(first, week=2, assignment="week02", title="2주차 - MLP",
                               graded_at=first.graded_at + dt.timedelta(weeks=1), students=tuple(students),
                               deadline=DEADLINE + dt.timedelta(weeks=1))


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export")
    course = FakeCourse(roster=ROSTER, extensions={"202210001": DEADLINE + dt.timedelta(weeks=2, days=2)})
    weeks = [make_records(), week_two()]
    for records in weeks:
        write_week(records, course, out, now=WEEK2_NOW)
    write_overview(weeks, course, out, now=WEEK2_NOW)
    return out


def test_group_overview_shows_each_members_weeks(export: Path) -> None:
    page = (export / "groups/월1/index.html").read_text(encoding="utf-8")
    text = _text(export / "groups/월1/index.html")
    assert "월1 조 주차별 기록" in text
    # weeks down, members across: a column per member (three here) fits a phone
    header = page[page.index("<table"):page.index("</tr>")]
    assert header.count("<th") == 1 + 3 and "가가온" in header and "바나래" in header and "타다온" in header
    assert text.count("1주차") >= 1 and 'href="week02.html"' in page
    assert "누적 점수 /40 40 2/2 7.2 2/2 0 0/2" in text       # 가가온 20+20, 바나래 3.2+4, 타다온 0+0
    assert HOSTILE_NAME not in page and "마마루" not in page  # another group's members


def test_group_overview_names_who_is_behind_two_weeks_running(export: Path) -> None:
    text = _text(export / "groups/월1/index.html")
    behind = text[text.index("두 주 이상 연속으로 제출하지 않은 조원"):text.index("청강 기간 주차")]
    assert "타다온 2주 연속" in behind and "바나래" not in behind


def test_an_engine_failure_is_not_behind_but_a_refused_upload_is(tmp_path: Path) -> None:
    from deepgrade.reports.progress import people

    views = [make_records(), week_two()]
    by_id = {p.id: p for p in people(views, FakeCourse(roster=ROSTER))}
    assert by_id["202210006"].behind_run == 1    # week 1: the engine's error; week 2: a refused zip
    assert by_id["202210003"].behind and not by_id["202210002"].behind


def test_group_overview_shows_the_audit_period(export: Path) -> None:
    text = _text(export / "groups/월2/index.html")
    assert "청강 기간: 1–3주차" in text and "청강 기간입니다" in text
    assert "청강 기간에 하차한 조원" not in text   # 하하늘 dropped 3/20 but was never on a week's list


def test_group_week_page_puts_the_total_first_and_counts_in_words(export: Path) -> None:
    page = (export / "groups/월1/week01.html").read_text(encoding="utf-8")
    header = page[page.index("<table"):page.index("</tr>")]
    assert header.index("총점") < header.index("Fourcal과 상속")   # not cut off on a phone
    text = _text(export / "groups/월1/week01.html")
    assert "제출 2/3명 · 미제출 1명 · 지각 1명" in text
    assert 'class="badge s-missing">미제출</span> <span class="badge s-late">' not in page  # the old legend
    assert "1주차: 클래스" not in text and "클래스, 텐서, 데이터셋" in text


def test_student_index_lists_their_weeks_and_deadlines_ahead(export: Path) -> None:
    page = (export / "students/202210003/index.html").read_text(encoding="utf-8")
    text = _text(export / "students/202210003/index.html")
    assert "타다온 과제 기록" in text and "0 / 40" in text and "0/2주 제출" in text
    assert 'href="week01.html"' in page and 'href="week02.html"' in page and text.count("미제출") == 2
    ahead = text[text.index("다가오는 마감"):text.index("전체 주차")]
    assert "3주차" in ahead and "4주차" in ahead and "2주차" not in ahead and "1주차" not in ahead
    assert "2022-03-30 (수) 23:59" in ahead
    for other in ("가가온", "바나래", "202210001", "similarity"):
        assert other not in page


def test_student_index_shows_an_extension(export: Path) -> None:
    ahead = _text(export / "students/202210001/index.html")
    ahead = ahead[ahead.index("다가오는 마감"):ahead.index("전체 주차")]
    assert "2022-04-01 (금) 23:59 연장됨" in ahead


def test_only_people_with_a_week_page_get_an_index(export: Path) -> None:
    assert not (export / "students/202210099").exists()   # staff
    assert not (export / "students/202210005").exists()   # dropped before any week here


def test_a_student_who_left_loses_the_index_too(tmp_path: Path) -> None:
    course = FakeCourse(roster=ROSTER)
    write_week(make_records(), course, tmp_path, now=AFTER_DEADLINE)
    write_overview([make_records()], course, tmp_path, now=AFTER_DEADLINE)
    assert (tmp_path / "students/202210006/index.html").is_file()
    records = make_records()
    records = dataclasses.replace(records, students=tuple(s for s in records.students if s.id != "202210006"))
    short = FakeCourse(roster=tuple(s for s in ROSTER if s.id != "202210006"))
    write_week(records, short, tmp_path, now=AFTER_DEADLINE)
    write_overview([records], short, tmp_path, now=AFTER_DEADLINE)
    assert not (tmp_path / "students/202210006").exists()


def _gradebook(export: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO((export / "staff/gradebook.csv").read_text(encoding="utf-8-sig"))))


def test_gradebook_is_for_excel_users(export: Path) -> None:
    header, maximum, *rows = _gradebook(export)
    assert header == ["id", "name", "group", "role", "status", "dropped_on", "week01", "week01_status",
                      "week02", "week02_status", "total", "percent_of_max", "weeks_submitted", "completion_percent",
                      "rank"]
    assert maximum[:10] == ["", "(만점)", "", "", "", "", "20", "", "20", ""] and maximum[10] == "40"
    assert [(r[2], r[0]) for r in rows] == sorted((r[2], r[0]) for r in rows)     # group, then id
    book = {r[0]: dict(zip(header, r)) for r in rows}
    # 마마루: an engine error, then a refused zip: no week submitted, nothing averaged in
    assert book["202210006"]["week02_status"] == "error" and book["202210006"]["weeks_submitted"] == "0"
    assert book["202210006"]["completion_percent"] == "0"
    assert book["202210002"]["weeks_submitted"] == "2" and book["202210002"]["total"] == "7.2"
    assert book["202210002"]["percent_of_max"] == "18"    # 7.2 of 40


def test_progress_chart_for_the_course_lead(export: Path) -> None:
    page = (export / "staff/standings.html").read_text(encoding="utf-8")
    chart = page[page.index("<svg"):page.index("</svg>")]
    assert "주차별 진행" in page and "제출률" in chart and "평균 점수" in chart and "청강 기간" in chart
    assert chart.count("<circle") == 4                 # two weeks, two lines
    # week 1: 3 of 5 submitted (the error is no submission), mean (20+3.2+15)/3 of 20 = 64 %
    assert ">60</text>" in chart and ">64</text>" in chart



def test_a_student_week_page_links_to_their_index(export: Path) -> None:
    page = (export / "students/202210003/week01.html").read_text(encoding="utf-8")
    assert '<a href="index.html">전체 주차 보기</a>' in page
