"""The student's week page leads with what to fix, folds passed tests away, keeps hidden tests'
messages and prints until the reveal point, and says what to do next (issue 10, items 4 and 11)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
from pathlib import Path

from reportkit import AFTER_DEADLINE, BEFORE_DEADLINE, DEADLINE, ROSTER, SEOUL, FakeCourse, student_week
from deepgrade.record import ProblemColumn, WeekRecord
from deepgrade.exporters import write_week
from deepgrade.results import ProblemResult, SubmissionResult, TestResult

HIDDEN_PRINT = "setdata got 37 -4\n"


def _records(result: SubmissionResult | None = None, *, status: str = "graded", error: str | None = None) -> WeekRecord:
    student = student_week("202210001", "가가온", "월1", status,
                           submitted_at=dt.datetime(2022, 3, 16, 20, 0, tzinfo=SEOUL),
                           raw_points=result.points if result else 0.0, points=result.points if result else 0.0,
                           result=result, error=error)
    return WeekRecord(week=1, assignment="week01", max_points=10.0,
                       graded_at=dt.datetime(2022, 3, 17, 9, 30, tzinfo=SEOUL), students=(student,),
                       deadline=DEADLINE, title="1주차", problems=(ProblemColumn("fourcal", "Fourcal과 상속", 10.0),))


def _graded() -> SubmissionResult:
    output = "import 중 출력\n" + HIDDEN_PRINT + "끝\n"
    start = output.index(HIDDEN_PRINT)
    tests = (
        TestResult("test_fourcal_div_is_true_division", "fourcal", "failed", 0.0, 1.0,
                   message="Fourcal(7, 2).div(): 3 (기대값 3.5)", visibility="visible",
                   description="Fourcal(7, 2).div()는 3.5", location="fourcal.py:40"),
        TestResult("test_setdata_overwrites", "fourcal", "failed", 0.0, 2.0,
                   message="setdata 뒤의 (first, second)[0]: 37 (기대값 12)", visibility="hidden",
                   description="생성자와 setdata가 객체 변수 first, second에 값을 저장하는지", location="fourcal.py:18"),
        TestResult("test_fourcal_add_sub_mul", "fourcal", "passed", 7.0, 7.0, visibility="visible",
                   description="Fourcal(4, 2)의 add, sub, mul: 6, 2, 8"),
    )
    return SubmissionResult(assignment="week01", problems=(ProblemResult("fourcal", tests, "Fourcal과 상속", 10.0),),
                            output=output, hidden_output_spans=((start, start + len(HIDDEN_PRINT)),))


def _page(tmp_path: Path, records: WeekRecord, now: dt.datetime) -> str:
    write_week(records, FakeCourse(roster=ROSTER), tmp_path, now=now)
    return (tmp_path / "students/202210001/week01.html").read_text(encoding="utf-8")


def _text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_the_page_leads_with_what_to_fix(tmp_path: Path) -> None:
    page = _page(tmp_path, _records(_graded()), BEFORE_DEADLINE)
    text = _text(page)
    box = text[text.index("고칠 것 (2개)"):text.index("Fourcal과 상속 7 / 10")]
    assert box.index("Fourcal(7, 2).div()는 3.5") < box.index("생성자와 setdata가")       # test order
    assert "확인할 코드: fourcal.py:40" in box and "Fourcal(7, 2).div(): 3 (기대값 3.5)" in box
    assert "확인할 코드: fourcal.py:18" in box
    # the passed test is folded away, after the failures
    assert page.index("<details>") > page.index("고칠 것") and "통과한 테스트 1개" in text
    assert text.index("Fourcal(4, 2)의 add, sub, mul") > text.index("통과한 테스트 1개")


def test_a_file_that_stopped_loading_is_something_to_fix(tmp_path: Path) -> None:
    stopped = ("fourcal.py: error: TypeError: Fourcal.__init__() missing 2 required positional arguments\n"
               "  fourcal.py:92 in <module>: a = SafeFourcal()")
    result = dataclasses.replace(_graded(), notes=(stopped, "다하늬_fourcal.py를 fourcal.py로 바꿔 채점했습니다"))
    text = _text(_page(tmp_path, _records(result), BEFORE_DEADLINE))
    box = text[text.index("고칠 것 (3개)"):text.index("참고")]
    assert "파일을 불러오다 멈춘 곳" in box and "fourcal.py:92 in <module>: a = SafeFourcal()" in box
    assert "바꿔 채점했습니다" in text[text.index("참고"):]  # other notes stay notes


def test_hidden_messages_and_prints_wait_for_the_reveal_point(tmp_path: Path) -> None:
    before = _text(_page(tmp_path, _records(_graded()), BEFORE_DEADLINE))
    assert "37 (기대값 12)" not in before and "setdata got 37" not in before
    assert "자세한 메시지는 2022-03-16 (수) 23:59 이후에 공개됩니다" in before
    assert "비공개 테스트가 실행되는 동안 출력된 내용은 2022-03-16 (수) 23:59 이후에 공개됩니다" in before
    assert "import 중 출력" in before and "끝" in before          # what was printed outside hidden tests
    after = _text(_page(tmp_path, _records(_graded()), AFTER_DEADLINE))
    assert "37 (기대값 12)" in after and "setdata got 37 -4" in after


def test_staff_read_every_message_in_results_json(tmp_path: Path) -> None:
    _page(tmp_path, _records(_graded()), BEFORE_DEADLINE)
    assert "37 (기대값 12)" in (tmp_path / "staff/week01/results.json").read_text(encoding="utf-8")


def test_a_page_without_failures_says_so(tmp_path: Path) -> None:
    result = _graded()
    passed = dataclasses.replace(result, problems=(dataclasses.replace(result.problems[0], tests=result.problems[0].tests[2:]),))
    assert "고칠 것이 없습니다" in _text(_page(tmp_path, _records(passed), BEFORE_DEADLINE))


def test_an_error_page_says_what_to_do_next(tmp_path: Path) -> None:
    refused = _text(_page(tmp_path, _records(status="error", error="zip 파일이 손상되어 열 수 없습니다"), BEFORE_DEADLINE))
    assert "zip 파일이 손상되어" in refused and "다음에 할 일" in refused and "다시 올리세요" in refused
    engine = SubmissionResult(assignment="week01", problems=(), error="the sandbox failed its self-test")
    broken = _text(_page(tmp_path, _records(engine, status="error"), BEFORE_DEADLINE))
    assert "할 일은 없습니다" in broken and "self-test" not in broken
    missing = _text(_page(tmp_path, _records(status="missing"), BEFORE_DEADLINE))
    assert "과제 폴더에 올리세요" in missing
