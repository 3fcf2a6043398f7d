"""Records and a course stand-in shared by the report tests (imported by name: reportkit)."""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from deepgrade.config.roster import Student
from deepgrade.record import (AmbiguousUpload, Attempt, GradedUpload, OverrideInfo, ProblemColumn, StudentWeek,
                              WeekRecord)
from deepgrade.results import ProblemResult, SubmissionResult, TestResult

SEOUL = ZoneInfo("Asia/Seoul")
DEADLINE = dt.datetime(2022, 3, 16, 23, 59, tzinfo=SEOUL)
AFTER_DEADLINE = dt.datetime(2022, 3, 17, 9, 0, tzinfo=SEOUL)
BEFORE_DEADLINE = dt.datetime(2022, 3, 15, 9, 0, tzinfo=SEOUL)
HOSTILE_NAME = "<script>alert('name')</script>"


@dataclass(frozen=True)
class FakeCourse:
    roster: tuple[Student, ...]
    language: str = "ko"
    timezone: ZoneInfo = SEOUL
    extensions: dict[str, dt.datetime] = field(default_factory=dict)
    config: SimpleNamespace = field(default_factory=lambda: SimpleNamespace(
        audit_weeks=3,
        sessions=[SimpleNamespace(week=w, date=dt.date(2022, 3, 10) + dt.timedelta(weeks=w - 1)) for w in range(1, 5)],
    ))

    def deadline(self, week: int, student_id: str | None = None) -> dt.datetime:
        if student_id in self.extensions:
            return self.extensions[student_id]
        return DEADLINE + dt.timedelta(weeks=week - 1)


ROSTER = (
    Student("202210001", "가가온", "월1", "leader", "active"),
    Student("202210002", "바나래", "월1", "member", "active"),
    Student("202210003", "타다온", "월1", "member", "active"),
    Student("202210004", HOSTILE_NAME, "월2", "member", "active"),
    Student("202210005", "하하늘", "월2", "member", "dropped", dt.date(2022, 3, 20)),
    Student("202210006", "마마루", "월2", "member", "active"),
    Student("202210099", "운영진", "운영", "staff", "active"),
)


def _fourcal(add_ok: bool, hidden_ok: bool, after_due_ok: bool = True) -> ProblemResult:
    return ProblemResult(id="fourcal", title="Fourcal과 상속", max_points=10.0, tests=(
        TestResult("test_add", "fourcal", "passed" if add_ok else "failed", 4.0 if add_ok else 0.0, 4.0,
                   message="" if add_ok else "Fourcal(4, 2).add()가 6이 아니라 8을 돌려줌",
                   description="Fourcal.add는 두 수의 합", visibility="visible"),
        TestResult("test_safe_div_hidden", "fourcal", "passed" if hidden_ok else "failed",
                   3.0 if hidden_ok else 0.0, 3.0,
                   message="" if hidden_ok else "SECRET hidden input 7/0 expected 0",
                   description="SafeFourcal.div가 0으로 나누면 0을 반환하는지", visibility="hidden"),
        TestResult("test_after_due_edge", "fourcal", "passed" if after_due_ok else "timeout",
                   3.0 if after_due_ok else 0.0, 3.0,
                   message="" if after_due_ok else "AFTERDUE: 10초 안에 끝나지 않음", visibility="after_due"),
    ))


def _tensors(ok: bool) -> ProblemResult:
    return ProblemResult(id="tensor_ops", title="텐서 연산", max_points=10.0, tests=(
        TestResult("test_row_means", "tensor_ops", "passed" if ok else "error", 10.0 if ok else 0.0, 10.0,
                   message="" if ok else "TypeError: row_means() missing 1 required positional argument",
                   visibility="visible"),
    ))


def _result(*problems: ProblemResult, output: str = "", notes: tuple[str, ...] = ()) -> SubmissionResult:
    return SubmissionResult(assignment="week01", problems=problems, output=output, notes=notes,
                            isolation_warnings=("seccomp 필터를 적용할 수 없음",))


def student_week(student_id: str, name: str, group: str, status: str, *, result: SubmissionResult | None = None,
                 submitted_at: dt.datetime | None = None, source_files: tuple[str, ...] = (),
                 notes: tuple[str, ...] = (), **fields) -> StudentWeek:
    """A StudentWeek whose one attempt holds ``result`` (none when nothing was uploaded)."""
    attempts = ()
    if submitted_at is not None:
        attempts = (Attempt(GradedUpload(submitted_at, source_files), result),)
    notes = notes + (result.notes if result else ())
    return StudentWeek(student_id, name, group, status, submitted_at=submitted_at, attempts=attempts,
                       counted=0 if attempts else None, notes=notes, **fields)


def with_result(student: StudentWeek, result: SubmissionResult | None, **fields) -> StudentWeek:
    """``student`` with the result of the attempt that counts replaced."""
    attempt = dataclasses.replace(student.attempt, result=result)
    attempts = tuple(attempt if i == student.counted else a for i, a in enumerate(student.attempts))
    return dataclasses.replace(student, attempts=attempts, **fields)


def make_records() -> WeekRecord:
    perfect = _result(_fourcal(True, True), _tensors(True), output="hello 안녕\n")
    partial = _result(_fourcal(True, False, False), _tensors(False),
                      output="<script>alert('x')</script>\n" + "x" * 10_000,
                      notes=("노트북은 위에서 아래로 실행해 채점했습니다",))
    students = (
        student_week("202210001", "가가온", "월1", "graded",
                          submitted_at=dt.datetime(2022, 3, 16, 20, 0, tzinfo=SEOUL),
                          raw_points=20.0, points=20.0, result=perfect, source_files=("202210001/fourcal.py",)),
        student_week("202210002", "바나래", "월1", "late",
                          submitted_at=dt.datetime(2022, 3, 18, 2, 0, tzinfo=SEOUL), late_minutes=1561,
                          raw_points=4.0, penalty=0.8, points=3.2, result=partial),
        student_week("202210003", "타다온", "월1", "missing"),
        student_week("202210004", HOSTILE_NAME, "월2", "graded",
                          submitted_at=dt.datetime(2022, 3, 16, 23, 0, tzinfo=SEOUL),
                          raw_points=20.0, points=15.0, result=perfect,
                          override=OverrideInfo(reason="표절 의심으로 감점", source="overrides.yml:3", points=15.0)),
        student_week("202210006", "마마루", "월2", "error",
                          submitted_at=dt.datetime(2022, 3, 16, 21, 0, tzinfo=SEOUL),
                          result=SubmissionResult(assignment="week01", problems=(), error="SyntaxError: invalid syntax (fourcal.py, line 3)")),
    )
    return WeekRecord(
        week=1, assignment="week01", max_points=20.0,
        graded_at=dt.datetime(2022, 3, 17, 9, 30, tzinfo=SEOUL), students=students,
        unmatched=("무제 문서.pdf",), ambiguous=(AmbiguousUpload("김민수.py", ("202210007", "202210008"), "동명이인"),),
        deadline=DEADLINE, title="1주차: 클래스, 텐서, 데이터셋",
        problems=(ProblemColumn("fourcal", "Fourcal과 상속", 10.0), ProblemColumn("tensor_ops", "텐서 연산", 10.0)),
    )
