"""The staff summary as a TA reads it on Thursday: what needs action comes first."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from reportkit import AFTER_DEADLINE, HOSTILE_NAME, ROSTER, FakeCourse, make_records, with_result
from deepgrade.exporters import write_week


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("export")
    records = dataclasses.replace(make_records(), override_warnings=(
        "overrides.yml:7: 202210003: 1주차에 채점된 제출이 없어 (missing) 문제별 점수 조정은 아무것도 바꾸지 않습니다",))
    write_week(records, FakeCourse(roster=ROSTER), out, now=AFTER_DEADLINE)
    return (out / "staff/week01/summary.html").read_text(encoding="utf-8")


def _section(text: str, start: str, end: str) -> str:
    return text[text.index(start):text.index(end)]


def test_needs_action_comes_before_the_tables(summary: str) -> None:
    text = _text(summary)
    assert text.index("조치 필요") < text.index("전체 학생") < text.index("테스트별 통과율")


def test_needs_action_names_everyone_and_everything(summary: str) -> None:
    actions = _section(_text(summary), "조치 필요", "전체 학생")
    assert "미제출 1명 타다온 202210003" in actions
    assert "지각 제출 1명 바나래 202210002 · 월1 마감 후 1일 2시간 지나서 제출 · −0.8" in actions
    # 마마루's result is the engine's error: said as such, with the reason, not as the student's fault
    assert "채점 환경 문제" in actions and "SyntaxError: invalid syntax (fourcal.py, line 3)" in actions
    assert "1명: 마마루" in actions
    assert "무제 문서.pdf" in actions and "김민수.py" in actions and "202210007, 202210008" in actions
    assert "seccomp 필터를 적용할 수 없음 (×3)" in actions
    assert "적용 중인 운영진 조정" in actions and "총점 15 — 표절 의심으로 감점 (overrides.yml:3)" in actions
    assert "아무것도 바꾸지 않는 조정" in actions and "overrides.yml:7: 202210003" in actions
    assert HOSTILE_NAME not in summary and "&lt;script&gt;" in summary


def test_an_upload_that_could_not_be_graded_shows_its_reason(tmp_path: Path) -> None:
    records = make_records()
    refused = with_result(records.students[4], None, error="바바온.zip: zip 파일이 손상되었습니다")
    records = dataclasses.replace(records, students=(*records.students[:4], refused))
    write_week(records, FakeCourse(roster=ROSTER), tmp_path, now=AFTER_DEADLINE)
    actions = _section(_text((tmp_path / "staff/week01/summary.html").read_text(encoding="utf-8")), "조치 필요", "전체 학생")
    assert "채점하지 못한 제출" in actions and "마마루 202210006 · 월2 바바온.zip: zip 파일이 손상되었습니다" in actions
    assert "채점 환경 문제" not in actions and "학생의 잘못이 아닙니다" not in actions


def test_errors_stay_out_of_submission_counts_and_averages(summary: str) -> None:
    text = _text(summary)
    # graded 가가온 20 and <script> 15, late 바나래 3.2; 마마루's error is neither submitted nor a 0 in the mean
    assert "대상 5명 · 제출 3명 · 미제출 1명 · 지각 1명 · 채점 오류 1명" in text
    assert "평균 (제출자): 12.73 · 중앙값 (제출자): 15 / 20" in text


def test_title_says_the_week_once(summary: str) -> None:
    assert "<h1>1주차 채점 요약</h1>" in summary
    assert "클래스, 텐서, 데이터셋" in summary and "1주차: 클래스" not in summary


def test_nothing_to_do_is_said(tmp_path: Path) -> None:
    records = make_records()
    records = dataclasses.replace(records, students=records.students[:1], unmatched=(), ambiguous=())
    records = dataclasses.replace(records, students=(with_result(
        records.students[0], dataclasses.replace(records.students[0].result, isolation_warnings=())),))
    write_week(records, FakeCourse(roster=ROSTER), tmp_path, now=AFTER_DEADLINE)
    assert "조치할 것이 없습니다" in (tmp_path / "staff/week01/summary.html").read_text(encoding="utf-8")


def test_histogram_axes_are_korean() -> None:
    from deepgrade.reports.plots import histogram_figure, korean_font_family

    assert korean_font_family() is not None   # the bundled NanumGothic, with no system font needed
    axes = histogram_figure([3.0, 15.0, 20.0], 20.0).axes[0]
    assert (axes.get_xlabel(), axes.get_ylabel()) == ("점수", "학생 수")
    assert [t.get_text() for t in axes.get_xticklabels()][:3] == ["0", "2", "4"]


def test_pages_print_without_scroll_boxes(summary: str) -> None:
    style = summary[summary.index("@media print"):]
    assert ".scroll { overflow: visible; }" in style and ".nav" in style
