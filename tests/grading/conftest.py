"""A tiny two-problem assignment written into tmp_path, graded end to end.

(pytester's ``pytest_plugins`` would have to live in a top-level conftest; these tests run
grade_submission, which runs pytest inline itself, so tmp_path is all they need.)
"""
from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from deepgrade.grading.runner import GradeJob
from deepgrade.grading.scoring import ProblemSpec
from deepgrade.sandbox.shared.spec import Limits, SandboxSpec
from deepgrade.submission.loader import load_units

GRADER_CALC = '''
import pytest

@pytest.mark.points(2)
@pytest.mark.visibility("visible")
def test_add(student, reference):
    """add(2, 3) returns 5"""
    assert student.add(2, 3) == reference.add(2, 3)

@pytest.mark.points(3)
def test_mul(student):
    """mul multiplies"""
    assert student.mul(4, 5) == 20
'''

GRADER_VEC = '''
import pytest, torch

@pytest.mark.points(5)
@pytest.mark.visibility("after_due")
def test_double(student, reference, seed):
    """double() doubles a random tensor"""
    x = torch.randn(4, generator=seed)
    torch.testing.assert_close(student.double(x), reference.double(x))

@pytest.mark.points(0)
@pytest.mark.problem("probe")
def test_seed_probe(seed, data_root):
    assert False, f"seed={seed.initial_seed()} data={data_root}"
'''

SOLUTION = '''
def add(a, b):
    return a + b

def mul(a, b):
    return a * b

def double(x):
    return x * 2
'''


@pytest.fixture
def assignment(tmp_path: Path) -> Path:
    (tmp_path / "graders").mkdir()
    (tmp_path / "graders" / "test_calc.py").write_text(textwrap.dedent(GRADER_CALC))
    (tmp_path / "graders" / "test_vec_random.py").write_text(textwrap.dedent(GRADER_VEC))
    (tmp_path / "solutions").mkdir()
    (tmp_path / "solutions" / "calc.py").write_text(SOLUTION)
    return tmp_path


def _make_job(root: Path, files: dict[str, bytes], *, seed: int = 7, timeout: float = 5.0,
              total: float = 120.0) -> GradeJob:
    units = load_units(files, expected_files=["calc.py"])
    spec = SandboxSpec(
        units=units.units,
        # The import limit stays generous: a loaded machine must not turn a test about test
        # time limits into an import timeout.
        limits=Limits(test_timeout_s=timeout, import_timeout_s=max(timeout, 60.0), total_timeout_s=total),
        fixtures={"data/MNIST/raw": str(root)},
        provides={"add": "calc", "mul": "calc", "double": "calc"},
    )
    return GradeJob(
        assignment="week99",
        test_paths=(str(root / "graders"),),
        reference_dir=str(root / "solutions"),
        spec=spec,
        problems=(ProblemSpec("calc", "계산", 5), ProblemSpec("vec", "벡터", 5), ProblemSpec("probe", "", 0)),
        seed=seed,
        notes=units.notes,
    )


@pytest.fixture
def make_job() -> Any:
    """``make_job(root, files, seed=, timeout=, total=)`` -> a GradeJob for the tiny assignment."""
    return _make_job
