"""Weeks 2-7 notebooks in plain Colab (no deepgrade): "Run all" works, self-checks say the truth.

The public tests run as self-check cells with the ``student`` and ``new`` stand-ins; the
reference passes every one, the untouched stub reports TODOs and no failure.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from deepgrade.authoring.notebook import build_reference_notebook, build_release_notebook
from deepgrade.submission.units import CodeUnit
from nb_helpers import run_units, write_mnist

REPO = Path(__file__).resolve().parents[2]
WEEKS = (2, 3, 4, 5, 6, 7, 8, 9, 10)


@pytest.fixture(scope="module")
def course() -> Any:
    from deepgrade.config.loader import load_course

    return load_course(REPO / "course.yml")


def _run_all(course: Any, week: int, builder: Any, tmp_path: Path) -> str:
    assignment = course.assignments[week]
    sources = {f.name: (assignment.solution_dir / f.name).read_text(encoding="utf-8") for f in assignment.config.files}
    nb = builder(assignment, sources, deadline=course.deadline(week), language=course.language)
    units = [CodeUnit(f"cell {i}", f"nb ({i})", c.source, "cell")
             for i, c in enumerate(nb.cells, start=1) if c.cell_type == "code"]
    write_mnist(tmp_path / "fixture")
    (tmp_path / "work").mkdir()
    for data in assignment.config.data_files:  # the student uploads the week's data folder to Colab
        (tmp_path / "work" / data.path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(assignment.dir / data.path, tmp_path / "work" / data.path)
    report = run_units(units, tmp_path / "fixture", tmp_path / "work")
    assert all(u["ok"] for u in report["units"]), [u for u in report["units"] if not u["ok"]]
    return "".join(u["output"] for u in report["units"])


@pytest.mark.parametrize("week", WEEKS)
def test_reference_notebook_passes_every_self_check(course: Any, week: int, tmp_path: Path) -> None:
    output = _run_all(course, week, build_reference_notebook, tmp_path)
    assert "✓ 통과" in output and "✗" not in output and "아직 구현하지 않음" not in output, output[-2000:]
    assert "→ 공개 테스트" in output and "노트북에서는 확인하지 않는" not in output


@pytest.mark.parametrize("week", WEEKS)
def test_stub_notebook_runs_top_to_bottom_and_reports_todos(course: Any, week: int, tmp_path: Path) -> None:
    output = _run_all(course, week, build_release_notebook, tmp_path)
    checked = output.count("→ 공개 테스트")  # one summary line per self-check cell
    assert checked >= 2 and output.count("아직 구현하지 않음") >= 5, output[-2000:]
    assert "✗" not in output and "✓" not in output, output[-2000:]
