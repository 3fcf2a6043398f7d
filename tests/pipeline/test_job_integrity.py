"""A submitted notebook whose locked cells were edited is reported with its result."""
from __future__ import annotations

from pathlib import Path

import nbformat

from deepgrade.config import load_course
from deepgrade.pipeline.jobs import build_job

REPO = Path(__file__).resolve().parents[2]


def _released() -> tuple[object, object, nbformat.NotebookNode]:
    course = load_course(REPO / "course.yml")
    assignment = course.assignments[1]
    return course, assignment, nbformat.read(str(assignment.dir / assignment.config.notebook), as_version=4)


def test_edited_locked_cell_becomes_a_note_on_the_job():
    course, assignment, nb = _released()
    locked = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("locked")]
    locked[0].source += "\n# changed by the student"
    job = build_job(course, assignment, {"week01.ipynb": nbformat.writes(nb).encode()}, seed=1)
    assert any("수정" in note and locked[0].metadata["nbgrader"]["grade_id"] in note for note in job.notes)


def test_untouched_notebook_and_py_files_have_no_integrity_note():
    course, assignment, nb = _released()
    job = build_job(course, assignment, {"week01.ipynb": nbformat.writes(nb).encode()}, seed=1)
    assert not [n for n in job.notes if "잠긴 셀" in n]
    py = build_job(course, assignment, {"fourcal.py": b"x = 1\n"}, seed=1)
    assert not [n for n in py.notes if "잠긴 셀" in n]
