"""Weeks 2-7 graded as .py files and as a notebook: the same outcome and points on every test.

As for week 1 (test_nb_equivalence.py): the reference as .py files and as the reference
notebook agree test by test, and so do the .py stubs and the released stub notebook. In the
notebook, ``mlp.py``'s ``from backprop import ...`` is commented out (one namespace).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import nbformat
import pytest

from deepgrade.authoring.notebook import build_reference_notebook, build_release_notebook

REPO = Path(__file__).resolve().parents[2]
SEED = 20220317
WEEKS = (2, 3, 4, 5, 6, 7, 8, 9, 10)
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def course() -> Any:
    from deepgrade.config.loader import load_course

    return load_course(REPO / "course.yml")


@pytest.fixture(scope="module")
def grade(course: Any, session_zygote: Any) -> Iterator[Any]:
    from deepgrade.authoring.validate import build_job
    from deepgrade.grading.runner import grade_submission

    def run(week: int, files: dict[str, bytes]) -> dict[str, tuple[str, float]]:
        result = grade_submission(build_job(course, week, files, public_only=False, seed=SEED),
                                  backend="sandbox", zygote=session_zygote)
        assert result.error is None, result.error
        return {t.name: (t.outcome, t.points) for t in result.tests()}

    yield run


def _sources(folder: Path, assignment: Any) -> dict[str, str]:
    return {f.name: (folder / f.name).read_text(encoding="utf-8") for f in assignment.config.files}


def _as_notebook(course: Any, week: int, builder: Any) -> dict[str, bytes]:
    assignment = course.assignments[week]
    nb = builder(assignment, _sources(assignment.solution_dir, assignment), deadline=course.deadline(week),
                 language=course.language)
    return {assignment.config.notebook: nbformat.writes(nb).encode("utf-8")}


@pytest.mark.parametrize("week", WEEKS)
def test_reference_notebook_grades_like_the_reference_py_files(course: Any, grade: Any, week: int) -> None:
    assignment = course.assignments[week]
    as_py = grade(week, {n: t.encode() for n, t in _sources(assignment.solution_dir, assignment).items()})
    as_notebook = grade(week, _as_notebook(course, week, build_reference_notebook))
    assert len(as_py) >= 15 and sum(points for _, points in as_py.values()) == 100
    assert as_notebook == as_py


@pytest.mark.parametrize("week", WEEKS)
def test_stub_notebook_grades_like_the_py_stubs(course: Any, grade: Any, week: int) -> None:
    assignment = course.assignments[week]
    as_py = grade(week, {n: t.encode() for n, t in _sources(assignment.dir, assignment).items()})
    as_notebook = grade(week, _as_notebook(course, week, build_release_notebook))
    assert as_notebook == as_py
    assert sum(points for _, points in as_notebook.values()) == 0
