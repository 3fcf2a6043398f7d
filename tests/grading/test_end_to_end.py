"""grade_submission end to end: points, outcomes, visibility, descriptions, seeds."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from deepgrade.grading.runner import grade_submission
from deepgrade.results import SubmissionResult

CORRECT = b"def add(a, b):\n    return a + b\n\ndef mul(a, b):\n    return a * b\n\ndef double(x):\n    return x + x\n"
PARTIAL = (
    b"def add(a, b):\n    return a + b\n\ndef mul(a, b):\n    return a + b\n\n"
    b"def double(x):\n    raise NotImplementedError\n"
)
BROKEN = b"def add(a, b)\n    return a + b\n"
RAISES = b"def add(a, b):\n    return helper(a)\n\ndef helper(a):\n    return {}[a]\n"


def _has_sandbox() -> bool:
    try:
        from deepgrade.sandbox import Sandbox, Zygote  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module", params=["inprocess", "sandbox"])
def grade(request: pytest.FixtureRequest) -> Iterator[Any]:
    if request.param == "inprocess":
        yield lambda job: grade_submission(job, backend="inprocess")
        return
    if not _has_sandbox():
        pytest.skip("deepgrade.sandbox not available yet")
    zygote = request.getfixturevalue("session_zygote")
    yield lambda job: grade_submission(job, backend="sandbox", zygote=zygote)


def _tests(result: SubmissionResult) -> dict[str, Any]:
    assert result.error is None, result.error
    return {t.name: t for t in result.tests()}


def test_correct_submission_gets_full_marks(grade: Any, assignment: Path, make_job: Any) -> None:
    result = grade(make_job(assignment, {"calc.py": CORRECT}))
    tests = _tests(result)
    assert result.points == 10 and result.max_points == 10
    assert [p.id for p in result.problems] == ["calc", "vec", "probe"]
    assert [(p.points, p.total_max) for p in result.problems] == [(5, 5), (5, 5), (0, 0)]
    assert tests["test_add"].outcome == "passed" and tests["test_add"].description == "add(2, 3) returns 5"
    assert tests["test_add"].visibility == "visible"
    assert tests["test_mul"].visibility == "hidden"  # the job's default_visibility
    assert tests["test_double"].visibility == "after_due"
    assert tests["test_double"].problem == "vec"  # from test_vec_random.py


def test_partial_submission_gets_partial_points_with_messages(grade: Any, assignment: Path, make_job: Any) -> None:
    result = grade(make_job(assignment, {"calc.py": PARTIAL}))
    tests = _tests(result)
    assert result.points == 2
    assert tests["test_mul"].outcome == "failed"
    assert tests["test_mul"].message == "assert 9 == 20"  # no "+ where" lines from the grader
    assert tests["test_double"].outcome == "error"
    assert "아직 구현되지 않았습니다" in tests["test_double"].message
    for test in tests.values():
        assert "graders" not in test.message and "reference" not in test.message


def test_broken_submission_scores_zero_and_says_why(grade: Any, assignment: Path, make_job: Any) -> None:
    result = grade(make_job(assignment, {"calc.py": BROKEN}))
    tests = _tests(result)
    assert result.points == 0
    assert {tests[n].outcome for n in ("test_add", "test_mul", "test_double")} == {"error"}
    assert "mul" in tests["test_mul"].message
    assert any("calc.py" in n and "SyntaxError" in n for n in result.notes), result.notes


def test_student_exception_shows_only_student_traceback(grade: Any, assignment: Path, make_job: Any) -> None:
    result = grade(make_job(assignment, {"calc.py": RAISES}))
    message = _tests(result)["test_add"].message
    assert "KeyError" in message and "calc.py" in message and "helper" in message
    assert "test_calc.py" not in message and "deepgrade" not in message


def test_a_students_own_name_error_is_their_error_not_a_grader_fault(grade: Any, assignment: Path,
                                                                     make_job: Any) -> None:
    # NameError/ImportError in a grader's own code void the score as a grader bug; the same
    # exceptions from the student's code are the student's outcome, scored and cached
    late_import = b"def add(a, b):\n    return a + b\n\ndef mul(a, b):\n    return totl * b\n"
    result = grade(make_job(assignment, {"calc.py": late_import}))
    assert result.error is None and result.problems
    test = _tests(result)["test_mul"]
    assert test.outcome == "error" and "NameError" in test.message and "totl" in test.message
    assert _tests(result)["test_add"].outcome == "passed"


def test_missing_expected_file_is_noted(grade: Any, assignment: Path, make_job: Any) -> None:
    result = grade(make_job(assignment, {"other.py": b"x = 1\n"}))
    assert result.points == 0
    assert any("calc.py" in n and "제출되지 않았습니다" in n for n in result.notes)


def _probe(result: SubmissionResult) -> str:
    return _tests(result)["test_seed_probe"].message


def test_seeds_differ_per_submission_and_are_reproducible(grade: Any, assignment: Path, make_job: Any) -> None:
    first = _probe(grade(make_job(assignment, {"calc.py": CORRECT}, seed=1)))
    again = _probe(grade(make_job(assignment, {"calc.py": CORRECT}, seed=1)))
    other = _probe(grade(make_job(assignment, {"calc.py": CORRECT}, seed=2)))
    assert first == again and first != other
    # data_root: the mount inside the sandbox; in-process (no mounts), the folder on this machine
    data = first.partition(" data=")[2]
    assert first.startswith("seed=") and (data == "data" or Path(data).is_absolute())


def test_runs_leave_no_modules_behind(grade: Any, assignment: Path, make_job: Any) -> None:
    before = set(sys.modules)
    grade(make_job(assignment, {"calc.py": CORRECT}))
    leaked = {m for m in set(sys.modules) - before if "calc" in m or "reference" in m or m == "conftest"}
    assert "calc" not in sys.modules and not {m for m in leaked if not m.startswith("torch")}


def test_a_submission_that_hangs_everywhere_costs_at_most_its_total_budget(
        grade: Any, assignment: Path, make_job: Any) -> None:
    hanging = (b"def add(a, b):\n    while True:\n        pass\n\n"
               b"def mul(a, b):\n    while True:\n        pass\n\n"
               b"def double(x):\n    while True:\n        pass\n")
    result = grade(make_job(assignment, {"calc.py": hanging}, timeout=1.0, total=1.5))
    tests = _tests(result)
    timed_out = [t for t in tests.values() if t.outcome == "timeout"]
    not_run = [t for t in timed_out if "used up" in t.message or "다 써서" in t.message]
    assert len(timed_out) >= 3 and not_run, {n: t.message for n, t in tests.items()}
    assert result.points == 0


def test_timeout_is_an_outcome(grade: Any, assignment: Path, make_job: Any) -> None:
    looping = b"def add(a, b):\n    while True:\n        pass\n" + CORRECT.split(b"\n\n", 1)[1]
    result = grade(make_job(assignment, {"calc.py": looping}, timeout=1.5))
    tests = _tests(result)
    assert tests["test_add"].outcome == "timeout" and "1.5" in tests["test_add"].message
    assert tests["test_mul"].outcome == "passed"
