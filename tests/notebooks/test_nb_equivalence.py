"""Week 1 graded as .py files and as a notebook: the same outcome and points on every test.

The reference solution as .py files and as the reference notebook must agree test by
test, and so must the .py stubs and the released stub notebook. Runs the real engine
(the sandbox when it is installed), so it is marked slow.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import nbformat
import pytest

from deepgrade.authoring.notebook import build_reference_notebook, build_release_notebook

REPO = Path(__file__).resolve().parents[2]
SEED = 20220310
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def course() -> Any:
    from deepgrade.config.loader import load_course

    return load_course(REPO / "course.yml")


@pytest.fixture(scope="module")
def grade(course: Any) -> Iterator[Any]:
    from deepgrade.authoring.validate import build_job
    from deepgrade.grading.runner import grade_submission
    from deepgrade.sandbox import Zygote

    backend = "sandbox"
    with_zygote = Zygote()
    zygote = with_zygote.__enter__()

    def run(files: dict[str, bytes]) -> dict[str, tuple[str, float]]:
        result = grade_submission(build_job(course, 1, files, public_only=False, seed=SEED),
                                  backend=backend, zygote=zygote)
        assert result.error is None, result.error
        return {t.name: (t.outcome, t.points) for t in result.tests()}

    try:
        yield run
    finally:
        if with_zygote is not None:
            with_zygote.__exit__(None, None, None)


def _sources(folder: Path, course: Any) -> dict[str, str]:
    return {f.name: (folder / f.name).read_text(encoding="utf-8") for f in course.assignments[1].config.files}


def _as_notebook(course: Any, builder: Any) -> dict[str, bytes]:
    assignment = course.assignments[1]
    nb = builder(assignment, _sources(assignment.solution_dir, course), deadline=course.deadline(1),
                 language=course.language)
    return {assignment.config.notebook: nbformat.writes(nb).encode("utf-8")}


def test_reference_notebook_grades_like_the_reference_py_files(course: Any, grade: Any) -> None:
    py_files = {name: text.encode() for name, text in _sources(course.assignments[1].solution_dir, course).items()}
    as_py = grade(py_files)
    as_notebook = grade(_as_notebook(course, build_reference_notebook))
    assert len(as_py) >= 20
    assert as_notebook == as_py


def test_stub_notebook_grades_like_the_py_stubs(course: Any, grade: Any) -> None:
    assignment = course.assignments[1]
    py_stubs = {name: text.encode() for name, text in _sources(assignment.dir, course).items()}
    as_py = grade(py_stubs)
    as_notebook = grade(_as_notebook(course, build_release_notebook))
    assert as_notebook == as_py
    # the untouched stub earns nothing, as a notebook or as .py files
    assert sum(points for _, points in as_notebook.values()) == 0
