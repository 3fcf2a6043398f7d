"""A grader fixture that cannot use a student's value is that student's outcome; it is the
grader's bug only when it fails on the reference solution too (issue 10, item 2: a
build_datasets without `return` made the whole submission "grader error")."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

from deepgrade.grading.runner import GradeJob, grade_submission
from deepgrade.grading.scoring import ProblemSpec
from deepgrade.sandbox.shared.spec import Limits, SandboxSpec
from deepgrade.submission.loader import load_units

GRADER = '''
import pytest


@pytest.fixture
def pair(student):
    first, second = student.make_pair(3)
    return first, second


@pytest.mark.points(2)
def test_pair_sum(pair):
    """make_pair의 두 값의 합이 맞는지"""
    assert sum(pair) == 7


@pytest.mark.points(3)
def test_add(student):
    """add가 두 수의 합을 반환하는지"""
    assert student.add(2, 3) == 5
'''

SOLUTION = "def make_pair(n):\n    return n, n + 1\n\n\ndef add(a, b):\n    return a + b\n"
NO_RETURN = b"def make_pair(n):\n    n, n + 1\n\n\ndef add(a, b):\n    return a + b\n"


def _job(root: Path, grader: str, files: dict[str, bytes]) -> GradeJob:
    (root / "graders").mkdir(exist_ok=True)
    (root / "graders" / "test_calc.py").write_text(grader, encoding="utf-8")
    (root / "solutions").mkdir(exist_ok=True)
    (root / "solutions" / "calc.py").write_text(SOLUTION, encoding="utf-8")
    units = load_units(files, expected_files=["calc.py"])
    spec = SandboxSpec(units=units.units, limits=Limits(test_timeout_s=5.0, import_timeout_s=60.0),
                       provides={"make_pair": "calc", "add": "calc"})
    return GradeJob(assignment="week99", test_paths=(str(root / "graders"),), reference_dir=str(root / "solutions"),
                    spec=spec, problems=(ProblemSpec("calc", "계산", 5),), seed=3)


@pytest.fixture(scope="module", params=["inprocess", "sandbox"])
def grade(request: pytest.FixtureRequest) -> Iterator[Any]:
    if request.param == "inprocess":
        yield lambda job: grade_submission(job, backend="inprocess")
        return
    zygote = request.getfixturevalue("session_zygote")
    yield lambda job: grade_submission(job, backend="sandbox", zygote=zygote)


def test_a_fixture_broken_by_the_students_value_is_their_outcome(grade: Any, tmp_path: Path) -> None:
    result = grade(_job(tmp_path, GRADER, {"calc.py": NO_RETURN}))
    assert result.error is None, result.error
    tests = {t.name: t for t in result.tests()}
    assert (tests["test_pair_sum"].outcome, tests["test_add"].outcome) == ("failed", "passed")
    assert result.points == 3
    assert "테스트 준비 단계(pair)" in tests["test_pair_sum"].message
    assert "cannot unpack non-iterable NoneType object" in tests["test_pair_sum"].message
    assert "test_calc.py" not in tests["test_pair_sum"].message  # never the grader's file


def test_a_fixture_that_fails_on_the_reference_too_is_the_graders_bug(grade: Any, tmp_path: Path) -> None:
    buggy = GRADER.replace("first, second = student.make_pair(3)", "first, second, third = student.make_pair(3)")
    result = grade(_job(tmp_path, buggy, {"calc.py": NO_RETURN}))
    assert result.problems == () and result.error is not None
    assert "graders/test_calc.py" not in result.error  # named relative to the graders' folder
    assert "test_calc.py:7: test_pair_sum: fixture error: TypeError" in result.error
    assert "grader error (not the student's fault" in result.error
