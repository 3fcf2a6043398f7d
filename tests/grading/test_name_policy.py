"""A name in another letter case (the textbook's FourCal for Fourcal) is graded per assignment.yml's
``names.case``: exact, note (the default) or deduct (issue 10, item 6)."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from deepgrade.grading.runner import GradeJob, grade_submission
from deepgrade.grading.scoring import ProblemSpec
from deepgrade.sandbox.shared.spec import Limits, SandboxSpec
from deepgrade.submission.loader import load_units

GRADER = '''
import pytest


@pytest.mark.points(3)
def test_add(student):
    """Fourcal.add가 합을 반환하는지"""
    assert student.Fourcal(2, 3).add() == 5


@pytest.mark.points(2)
def test_pow(student):
    """MoreFourcal.pow가 거듭제곱을 반환하는지"""
    assert student.MoreFourcal(2, 3).pow() == 8
'''

TEXTBOOK = b"""class FourCal:
    def __init__(self, first, second):
        self.first, self.second = first, second

    def add(self):
        return self.first + self.second


class MoreFourCal(FourCal):
    def pow(self):
        return self.first ** self.second
"""


def _job(root: Path, **policy: object) -> GradeJob:
    (root / "graders").mkdir()
    (root / "graders" / "test_fourcal.py").write_text(GRADER, encoding="utf-8")
    units = load_units({"fourcal.py": TEXTBOOK}, expected_files=["fourcal.py"])
    spec = SandboxSpec(units=units.units, limits=Limits(test_timeout_s=5.0),
                       provides={"Fourcal": "fourcal", "MoreFourcal": "fourcal"})
    job = GradeJob(assignment="week99", test_paths=(str(root / "graders"),), reference_dir=None, spec=spec,
                   problems=(ProblemSpec("fourcal", "계산기", 5),), seed=1)
    return dataclasses.replace(job, **policy)


@pytest.mark.parametrize("backend", ["inprocess", "sandbox"])
def test_by_default_a_case_variant_is_graded_with_a_note(tmp_path: Path, backend: str) -> None:
    result = grade_submission(_job(tmp_path), backend=backend)  # type: ignore[arg-type]
    assert result.points == 5
    assert any("과제의 이름은 Fourcal인데 FourCal(으)로 썼습니다" in n and "감점은 없습니다" in n for n in result.notes)
    assert any("MoreFourcal인데 MoreFourCal" in n for n in result.notes)


def test_exact_names_make_a_case_variant_missing(tmp_path: Path) -> None:
    result = grade_submission(_job(tmp_path, name_case="exact"), backend="inprocess")
    assert result.points == 0
    assert all(t.outcome == "error" and "FourCal" in t.message for t in result.tests())


def test_deduct_takes_points_off_per_name(tmp_path: Path) -> None:
    result = grade_submission(_job(tmp_path, name_case="deduct", name_deduction=1.0), backend="inprocess")
    (problem,) = result.problems
    assert (problem.points, problem.deduction, result.points) == (3.0, 2.0, 3.0)
    assert any("1점 감점했습니다" in n for n in result.notes)
    assert type(result).from_dict(result.to_dict()) == result  # stored and read back with its deduction
