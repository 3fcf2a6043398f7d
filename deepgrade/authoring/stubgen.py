"""Student stubs from reference solutions, through nbgrader's own ``ClearSolutions``.

A solution ``.py`` file is treated as one notebook code cell: every
``### BEGIN SOLUTION`` ... ``### END SOLUTION`` region becomes a Korean TODO comment and
``raise NotImplementedError()`` at the region's indentation. Docstrings and everything
outside the markers stay. Each week's stubs are then imported together in a fresh
interpreter, so a stub that does not run as shipped is caught before students see it.
"""
from __future__ import annotations

import importlib
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Literal

import nbformat

from deepgrade.authoring.public_conftest import render_public_conftest

CODE_STUB = "# TODO: 여기에 코드를 작성하세요\nraise NotImplementedError()"  # same text as the notebook builder
IMPORT_TIMEOUT_S = 120

StubStatus = Literal["written", "unchanged", "fresh", "stale", "missing", "error"]


@dataclass(frozen=True)
class StubResult:
    """What happened to one generated file (a stub .py or the week's notebook)."""

    week: int
    path: Path        # the committed stub: assignments/week01/fourcal.py
    status: StubStatus  # written/unchanged (write mode); fresh/stale/missing (check mode); error
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.status in ("written", "unchanged", "fresh")


def make_stub(solution_source: str, filename: str = "<solution>") -> str:
    """The stub text for one solution file (raises ValueError on unbalanced markers)."""
    from nbgrader.preprocessors import ClearSolutions

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Python 3"}
    notebook.cells.append(nbformat.v4.new_code_cell(solution_source))
    # enforce_metadata=False: a .py file has no nbgrader cell metadata to enforce.
    clear = ClearSolutions(code_stub={"python": CODE_STUB}, enforce_metadata=False)
    try:
        cleared, _ = clear.preprocess(notebook, {})
    except RuntimeError as exc:  # nbgrader says "no end solution statement found" and the like
        raise ValueError(f"{filename}: BEGIN/END SOLUTION markers: {exc}") from exc
    return cleared.cells[0].source


def import_problem(files: dict[str, str]) -> str | None:
    """Import the given modules (name.py -> text) together in a fresh interpreter.

    Returns None when all imported cleanly, else the interpreter's error text.
    """
    if not files:
        return None
    with tempfile.TemporaryDirectory(prefix="deepgrade-stubs-") as folder:
        for name, text in files.items():
            Path(folder, name).write_text(text, encoding="utf-8")
        modules = [name[:-3] for name in files if name.endswith(".py")]
        script = f"import sys; sys.path.insert(0, {folder!r})\n" + "".join(f"import {m}\n" for m in modules)
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSTARTUP")}
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        try:
            done = subprocess.run([sys.executable, "-c", script], cwd=folder, env=env, capture_output=True,
                                  text=True, timeout=IMPORT_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            return f"importing took longer than {IMPORT_TIMEOUT_S}s"
        if done.returncode != 0:
            lines = done.stderr.strip().splitlines()
            return "\n".join(lines[-6:]).replace(folder + os.sep, "")
    return None


def _solution_files(assignment: Any) -> list[Path]:
    """The solution of every file a student submits (assignment.yml ``files``), in that order."""
    return [assignment.solution_dir / submitted.name for submitted in assignment.config.files]


def _notebook_builder() -> Any | None:
    """The notebook engineer's ``build_release_notebook``, if it has landed."""
    try:
        module = importlib.import_module("deepgrade.authoring.notebook")
    except ImportError:
        return None
    return getattr(module, "build_release_notebook", None)


def _compare_or_write(week: int, path: Path, text: str, check: bool) -> StubResult:
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if check:
        if current is None:
            return StubResult(week, path, "missing", "not generated yet: run `deepgrade stubgen`")
        if current != text:
            return StubResult(week, path, "stale", "differs from what its solution or template gives: run `deepgrade stubgen`")
        return StubResult(week, path, "fresh")
    if current == text:
        return StubResult(week, path, "unchanged")
    if path.exists() and not path.is_file():
        return StubResult(week, path, "error", "a folder or other non-file is in the way (expected the stub file)")
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)  # never leave a half-written stub behind
        return StubResult(week, path, "error", f"cannot write it ({exc.strerror or exc})")
    return StubResult(week, path, "written")


def _notebook_results(course: Any, assignment: Any, solutions: dict[str, str], check: bool) -> list[StubResult]:
    builder = _notebook_builder()
    name = getattr(assignment.config, "notebook", None)
    if builder is None or not name:
        return []
    path = assignment.dir / name
    try:
        notebook = builder(assignment, solutions, deadline=course.deadline(assignment.week),
                           language=course.language)
        text = notebook if isinstance(notebook, str) else nbformat.writes(notebook)
        if not text.endswith("\n"):
            text += "\n"
    except Exception as exc:  # noqa: BLE001 - someone else's builder: report, do not crash stubgen
        return [StubResult(assignment.week, path, "error", f"build_release_notebook failed: {type(exc).__name__}: {exc}")]
    return [_compare_or_write(assignment.week, path, text, check)]


def stubgen_week(course: Any, week: int, *, check: bool = False) -> list[StubResult]:
    assignment = course.assignments[week]
    sources = _solution_files(assignment)
    if not sources:
        return [StubResult(week, assignment.dir / "assignment.yml", "error", "files: no submitted files declared")]
    stubs: dict[str, str] = {}
    solutions: dict[str, str] = {}
    results: list[StubResult] = []
    for source in sources:
        target = assignment.dir / source.name
        if not source.is_file():
            results.append(StubResult(week, target, "error", f"reference solution {source} is missing"))
            continue
        try:
            solutions[source.name] = source.read_text(encoding="utf-8")
            stubs[source.name] = make_stub(solutions[source.name], str(source))
            compile(stubs[source.name], str(target), "exec")
        except (ValueError, SyntaxError) as exc:
            results.append(StubResult(week, target, "error", str(exc)))
    if results:
        return results
    # Writing: prove the stubs run as shipped. Checking compares text only (a fresh stub
    # equals one that passed this when it was written), which keeps --check fast.
    problem = None if check else import_problem(stubs)
    if problem is not None:
        return [StubResult(week, assignment.dir, "error", f"the generated stubs do not import cleanly:\n{problem}")]
    results = [_compare_or_write(week, assignment.dir / name, text, check) for name, text in stubs.items()]
    results += _public_conftest_results(assignment, check)
    return results + _notebook_results(course, assignment, solutions, check)


def _public_conftest_results(assignment: Any, check: bool) -> list[StubResult]:
    """The public tests' conftest.py (``public_conftest``), for a week that has public tests."""
    folder = assignment.dir / "tests"
    if not folder.is_dir():
        return []
    text = render_public_conftest(assignment.week, [submitted.name for submitted in assignment.config.files])
    return [_compare_or_write(assignment.week, folder / "conftest.py", text, check)]


def stubgen(course: Any, weeks: Iterable[int] | None = None, *, check: bool = False) -> list[StubResult]:
    """Generate (or, with ``check``, only compare) the stubs of the given weeks (default: all).

    Check mode writes nothing: it reports stubs that are ``stale`` or ``missing``.
    """
    chosen = sorted(course.assignments) if not weeks else list(weeks)
    results: list[StubResult] = []
    for week in chosen:
        if week not in course.assignments:
            folder = f"week{week:02d}"
            results.append(StubResult(week, Path(folder), "error", f"no assignment for week {week} (expected assignments/{folder}/assignment.yml)"))
            continue
        results.extend(stubgen_week(course, week, check=check))
    return results
