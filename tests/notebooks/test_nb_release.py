"""The release notebook: nbgrader metadata, stubs from ClearSolutions, self-check cells."""
from __future__ import annotations

import copy
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import nbformat
import pytest
import yaml

from deepgrade.authoring.notebook import build_reference_notebook, build_release_notebook
from deepgrade.config.assignment import AssignmentConfig
from deepgrade.submission.notebook import notebook_units
from nb_helpers import run_units, write_mnist

REPO = Path(__file__).resolve().parents[2]
WEEK = REPO / "assignments" / "week01"
DEADLINE = datetime(2022, 3, 16, 23, 59, tzinfo=ZoneInfo("Asia/Seoul"))


@pytest.fixture(scope="module")
def week01():
    config = AssignmentConfig(**yaml.safe_load((WEEK / "assignment.yml").read_text(encoding="utf-8")))
    sources = {f.name: (REPO / "solutions" / "week01" / f.name).read_text(encoding="utf-8") for f in config.files}
    tests = {p.name: p.read_text(encoding="utf-8") for p in sorted((WEEK / "tests").glob("test*.py"))}
    return config, sources, tests


@pytest.fixture(scope="module")
def stub(week01):
    config, sources, tests = week01
    return build_release_notebook(config, sources, deadline=DEADLINE, public_tests=tests)


@pytest.fixture(scope="module")
def reference(week01):
    config, sources, tests = week01
    return build_reference_notebook(config, sources, deadline=DEADLINE, public_tests=tests)


def _solution_lines(source: str) -> list[str]:
    inside, found = False, []
    for line in source.split("\n"):
        if "BEGIN SOLUTION" in line:
            inside = True
        elif "END SOLUTION" in line:
            inside = False
        elif inside and line.strip():
            found.append(line.strip())
    return found


def test_stub_is_valid_and_holds_no_solution_code(stub, week01):
    _, sources, _ = week01
    nbformat.validate(stub)
    text = nbformat.writes(stub)
    assert "BEGIN SOLUTION" not in text
    for line in _solution_lines("\n".join(sources.values())):
        if len(line) > 25:  # short lines ("return 0") may also be given code
            assert line not in text, line
    assert text.count("raise NotImplementedError()") >= 20


def test_intro_is_korean_with_kst_deadline(stub):
    intro = stub.cells[0].source
    assert "2022년 3월 16일 (수) 23:59 KST" in intro and "1주차" in intro and ".ipynb 다운로드" in intro


def test_nbgrader_metadata_and_checksums(stub):
    from nbgrader.utils import compute_checksum

    solution = [c for c in stub.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert [c.metadata.nbgrader.grade_id for c in solution] == ["fourcal", "tensor_ops", "data"]
    assert all(c.metadata.nbgrader.schema_version == 3 and not c.metadata.nbgrader.locked for c in solution)
    locked = [c for c in stub.cells if c.metadata.get("nbgrader", {}).get("locked")]
    assert len(locked) >= 6
    for cell in locked:
        assert cell.metadata.nbgrader.checksum == compute_checksum(cell)
    headings = [c.source.split("\n")[0] for c in stub.cells if c.cell_type == "markdown"]
    assert "## 문제 1. Fourcal과 상속 (30점)" in headings


def test_build_is_deterministic(week01, stub):
    config, sources, tests = week01
    again = build_release_notebook(config, sources, deadline=DEADLINE, public_tests=tests)
    assert nbformat.writes(again) == nbformat.writes(stub)


@pytest.fixture(scope="module")
def data_dirs(tmp_path_factory):
    root = tmp_path_factory.mktemp("release")
    write_mnist(root / "fixture")
    return root


# Colab has no deepgrade: the public tests then compare with the helper the setup cell registers.
WITHOUT_DEEPGRADE = "import sys\nsys.modules['deepgrade'] = None\n"


def _run_all_cells(nb, data_dirs, name, *, first: str = ""):
    """Every code cell, as Colab's "Run all" would (self-checks included), after ``first``."""
    from deepgrade.submission.units import CodeUnit

    units = [CodeUnit(f"cell {i}", f"{name} ({i})", c.source, "cell")
             for i, c in enumerate(nb.cells, start=1) if c.cell_type == "code"]
    if first:
        units.insert(0, CodeUnit("cell 0", f"{name} (0)", first, "cell"))
    workdir = data_dirs / name
    workdir.mkdir()
    return run_units(units, data_dirs / "fixture", workdir)


def test_stub_runs_top_to_bottom_and_reports_todos(stub, data_dirs):
    report = _run_all_cells(stub, data_dirs, "stub")
    assert all(u["ok"] for u in report["units"]), [u for u in report["units"] if not u["ok"]]
    output = "".join(u["output"] for u in report["units"])
    assert output.count("아직 구현하지 않음") >= 10
    assert "✗" not in output


def test_reference_passes_every_self_check(reference, data_dirs):
    report = _run_all_cells(reference, data_dirs, "reference")
    assert all(u["ok"] for u in report["units"])
    output = "".join(u["output"] for u in report["units"])
    assert "✓ 통과" in output and "✗" not in output and "아직 구현하지 않음" not in output


def test_self_checks_work_without_deepgrade_as_in_colab(reference, data_dirs):
    report = _run_all_cells(reference, data_dirs, "colab", first=WITHOUT_DEEPGRADE)
    assert all(u["ok"] for u in report["units"]), [u for u in report["units"] if not u["ok"]]
    output = "".join(u["output"] for u in report["units"])
    assert "✓ 통과" in output and "✗" not in output
    floor = copy.deepcopy(reference)
    for cell in floor.cells:
        # the first division is Fourcal.div (SafeFourcal's own comes later)
        cell.source = cell.source.replace("return self.first / self.second", "return self.first // self.second", 1)
    output = "".join(u["output"] for u in _run_all_cells(floor, data_dirs, "colab-floor", first=WITHOUT_DEEPGRADE)["units"])
    assert "✗ 실패: Fourcal(7, 2).div()는 3.5" in output and "3 (기대값 3.5)" in output


def test_grading_skips_intact_self_checks_but_not_edited_ones(stub):
    units = notebook_units(nbformat.writes(stub).encode(), "week01.ipynb").units
    assert [u.name for u in units] == ["cell 4", "cell 7", "cell 10"]  # the three solution cells
    edited = copy.deepcopy(stub)
    edited.cells[4].source += "\nclass Fourcal:\n    pass\n"
    units = notebook_units(nbformat.writes(edited).encode(), "week01.ipynb").units
    assert "cell 5" in [u.name for u in units]


def test_helper_shadowing_a_student_name_is_refused(week01):
    config, sources, tests = week01
    bad = dict(tests)
    bad["test_public_fourcal.py"] += "\n\ndef Fourcal(a, b):\n    return None\n"
    with pytest.raises(ValueError, match="Fourcal"):
        build_release_notebook(config, sources, deadline=DEADLINE, public_tests=bad)


def test_english_notebook(week01):
    config, sources, tests = week01
    nb = build_release_notebook(config, sources, deadline=DEADLINE, public_tests=tests, language="en")
    assert "Deadline: Wed 16 March 2022, 23:59 KST" in nb.cells[0].source
    assert "not implemented yet" in nb.cells[1].source
