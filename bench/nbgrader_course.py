"""The same week 1 assignment as an nbgrader course, and ``nbgrader autograde`` over the cohort.

Layout made under a temp folder (nothing system-wide, nothing downloaded)::

    course/nbgrader_config.py       timeout per cell = the assignment's test timeout
    course/source/week01/week01.ipynb
    course/submitted/<id>/week01/week01.ipynb
    course/reference/*.py            the reference solution, for the ``reference`` fixture
    jupyter/share/jupyter/kernels/python3   this interpreter's ipykernel (JUPYTER_PATH)

The source notebook holds one solution cell per student file, one setup cell giving the
graders' fixtures (``student``, ``reference``, ``seed``, ``data_root``), each grader file's
helper code, and one autograder test cell per grader test with the same points.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import nbformat

import plain_remote
from grader_source import FIXTURE_PREFIX, GraderFile

ASSIGNMENT = "week01"
NOTEBOOK = "week01.ipynb"

# The fixtures, as a notebook author would write them: the student's names are taken from
# the notebook's own namespace right after the student cells ran.
_SETUP_TEMPLATE = '''\
import importlib, inspect, sys, types, zlib
import torch

_STUDENT_NAMESPACE = types.SimpleNamespace(
    **{{k: v for k, v in dict(globals()).items() if not k.startswith("_")}})


def _load_reference(folder, module_names):
    names = {{}}
    sys.path.insert(0, folder)
    try:
        for module_name in module_names:
            sys.modules.pop(module_name, None)
            names.update(vars(importlib.import_module(module_name)))
    finally:
        sys.path.remove(folder)
        for module_name in module_names:
            sys.modules.pop(module_name, None)
    return types.SimpleNamespace(**{{k: v for k, v in names.items() if not k.startswith("__")}})


sys.path.insert(0, {bench_dir!r})  # plain_remote: the graders' remote questions on plain objects
_REFERENCE = _load_reference({reference_dir!r}, {module_names!r})
_DATA_ROOT = {data_root!r}


def _fixtures(test_name, wanted, made=None):
    """Like pytest: each fixture made once per test; the grader file's own fixtures by name."""
    made = {{}} if made is None else made
    offered = {{
        "student": lambda: _STUDENT_NAMESPACE,
        "reference": lambda: _REFERENCE,
        "seed": lambda: torch.Generator().manual_seed(zlib.crc32(test_name.encode())),
        "data_root": lambda: _DATA_ROOT,
        "sandbox": lambda: None,  # plain_remote.put needs no target: everything is local
    }}
    for name in wanted:
        if name in made:
            continue
        if name in offered:
            made[name] = offered[name]()
        else:
            fixture = globals()[{fixture_prefix!r} + name]
            made[name] = fixture(**_fixtures(test_name, list(inspect.signature(fixture).parameters), made))
    return {{name: made[name] for name in wanted}}
'''


@dataclass(frozen=True)
class NbgraderCourse:
    root: Path
    jupyter_dir: Path
    test_cells: int
    points: float


def _meta(grade_id: str, *, solution: bool = False, grade: bool = False, locked: bool = False,
          points: float | None = None) -> dict[str, object]:
    meta: dict[str, object] = {"grade_id": grade_id, "solution": solution, "grade": grade,
                               "locked": locked, "schema_version": 3}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def build_source_notebook(
    solution_sources: Mapping[str, str], graders: list[GraderFile], *, reference_dir: str,
    data_root: str,
) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cells = [nbformat.v4.new_markdown_cell("# 1주차 과제 (nbgrader 비교용)")]
    for file_name, source in solution_sources.items():
        stem = Path(file_name).stem
        cells.append(nbformat.v4.new_code_cell(source, metadata=_meta(f"student_{stem}", solution=True)))
    module_names = [Path(name).stem for name in solution_sources]
    setup = _SETUP_TEMPLATE.format(reference_dir=reference_dir, module_names=module_names, data_root=data_root,
                                   fixture_prefix=FIXTURE_PREFIX, bench_dir=str(Path(__file__).resolve().parent))
    cells.append(nbformat.v4.new_code_cell(setup, metadata=_meta("grader_setup", locked=True)))
    for grader in graders:
        stem = Path(grader.name).stem
        helpers = plain_remote.rewrite_import(grader.helpers)
        cells.append(nbformat.v4.new_code_cell(helpers, metadata=_meta(f"{stem}_helpers", locked=True)))
        for test in grader.tests:
            call = f"{test.name}(**_fixtures({test.name!r}, {list(test.fixtures)!r}))\n"
            cells.append(nbformat.v4.new_code_cell(
                test.source + "\n\n" + call,
                metadata=_meta(f"{stem}__{test.name}", grade=True, locked=True, points=test.points),
            ))
    nb.cells = cells
    return nb


def jupyter_env(jupyter_dir: Path) -> dict[str, str]:
    """Environment for nbgrader and its kernels: only our temp Jupyter folders, this venv."""
    env = dict(os.environ)
    env.update({
        "JUPYTER_PATH": str(jupyter_dir / "share" / "jupyter"),
        "JUPYTER_CONFIG_DIR": str(jupyter_dir / "config"),
        "JUPYTER_DATA_DIR": str(jupyter_dir / "data"),
        "JUPYTER_RUNTIME_DIR": str(jupyter_dir / "runtime"),
        "IPYTHONDIR": str(jupyter_dir / "ipython"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "PATH": str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", ""),
    })
    return env


def _run_quiet(command: list[str], *, cwd: Path, env: Mapping[str, str], what: str) -> None:
    done = subprocess.run(command, cwd=cwd, env=dict(env), capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {done.returncode}):\n{done.stdout[-3000:]}{done.stderr[-3000:]}")


def create_course(
    workdir: Path, *, solution_sources: Mapping[str, str], graders: list[GraderFile],
    data_root: str, cell_timeout_s: float,
) -> NbgraderCourse:
    """Write the course, install the kernel spec into it and run ``nbgrader generate_assignment``."""
    root = workdir / "course"
    jupyter_dir = workdir / "jupyter"
    reference_dir = root / "reference"
    reference_dir.mkdir(parents=True)
    for name, source in solution_sources.items():
        (reference_dir / name).write_text(source, encoding="utf-8")
    source_dir = root / "source" / ASSIGNMENT
    source_dir.mkdir(parents=True)
    notebook = build_source_notebook(
        solution_sources, graders, reference_dir=str(reference_dir), data_root=data_root)
    nbformat.write(notebook, source_dir / NOTEBOOK)
    (root / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.root = {str(root)!r}\n"
        "c.CourseDirectory.course_id = 'deep-session-bench'\n"
        # nbgrader's only timeout is per cell; the test cells get the graders' per-test limit.
        f"c.Execute.timeout = {int(max(1, round(cell_timeout_s)))}\n"
        "c.Execute.interrupt_on_timeout = True\n",
        encoding="utf-8",
    )
    env = jupyter_env(jupyter_dir)
    _run_quiet([sys.executable, "-m", "ipykernel", "install", "--prefix", str(jupyter_dir),
                "--name", "python3", "--display-name", "Python 3 (bench)"],
               cwd=workdir, env=env, what="ipykernel install")
    _run_quiet([sys.executable, "-m", "nbgrader", "generate_assignment", ASSIGNMENT, "--force"],
               cwd=root, env=env, what="nbgrader generate_assignment")
    tests = [t for g in graders for t in g.tests]
    return NbgraderCourse(root=root, jupyter_dir=jupyter_dir, test_cells=len(tests),
                          points=sum(t.points for t in tests))


def place_submissions(course: NbgraderCourse, submissions: Mapping[str, Mapping[str, str]]) -> None:
    """Each submission as the released notebook with its files pasted into the answer cells."""
    released = nbformat.read(course.root / "release" / ASSIGNMENT / NOTEBOOK, as_version=4)
    for student_id, files in submissions.items():
        nb = nbformat.from_dict(json.loads(json.dumps(released)))
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
            if grade_id.startswith("student_"):
                cell.source = files[grade_id.removeprefix("student_") + ".py"]
        folder = course.root / "submitted" / student_id / ASSIGNMENT
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, folder / NOTEBOOK)


def reset_autograded(course: NbgraderCourse) -> None:
    """Forget a previous autograde run, so every run grades from scratch."""
    import shutil

    shutil.rmtree(course.root / "autograded", ignore_errors=True)
    (course.root / "gradebook.db").unlink(missing_ok=True)
    env = jupyter_env(course.jupyter_dir)
    _run_quiet([sys.executable, "-m", "nbgrader", "generate_assignment", ASSIGNMENT, "--force"],
               cwd=course.root, env=env, what="nbgrader generate_assignment")


def autograde_command() -> list[str]:
    return [sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT, "--force"]


def read_scores(course: NbgraderCourse, student_ids: list[str]) -> dict[str, float | None]:
    """Total autograded score per student from nbgrader's gradebook (None: not graded)."""
    from nbgrader.api import Gradebook, MissingEntry

    scores: dict[str, float | None] = {}
    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}") as gradebook:
        for student_id in student_ids:
            try:
                scores[student_id] = float(gradebook.find_submission(ASSIGNMENT, student_id).score)
            except MissingEntry:
                scores[student_id] = None
    return scores
