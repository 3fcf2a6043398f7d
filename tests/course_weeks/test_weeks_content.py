"""The deep-learning weeks as content: the public tests run alone, validate passes, the bundle releases."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import torch

REPO = Path(__file__).resolve().parents[2]
WEEKS = (2, 3, 4, 5, 6, 7, 8, 9, 10)


@pytest.mark.parametrize("week", WEEKS)
@pytest.mark.parametrize("source, expect_pass", [("solutions", True), ("assignments", False)])
def test_public_tests_run_standalone_with_plain_pytest(tmp_path: Path, course: Any, week: int, source: str,
                                                       expect_pass: bool) -> None:
    assignment = course.assignments[week]
    for spec in assignment.config.files:
        shutil.copy2(REPO / source / assignment.id / spec.name, tmp_path / spec.name)
    shutil.copytree(assignment.public_tests_dir, tmp_path / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    for data in assignment.config.data_files:  # shipped beside the stubs, as the release bundle has them
        (tmp_path / data.path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(assignment.dir / data.path, tmp_path / data.path)
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert (done.returncode == 0) is expect_pass, done.stdout[-3000:]
    if not expect_pass:  # the untouched stub: every public test fails on a TODO, none passes
        assert "NotImplementedError" in done.stdout and " passed" not in done.stdout, done.stdout[-3000:]


@pytest.mark.slow
def test_validate_weeks_reference_full_stub_zero(course: Any) -> None:
    from rich.console import Console

    from deepgrade.authoring.validate import validate

    console = Console(record=True, width=200)
    code = validate(course, list(WEEKS), console=console)
    out = console.export_text()
    assert code == 0, out
    assert out.count("reference solution: 100 / 100") == len(WEEKS), out
    assert out.count("stub: 0 / 100 (hidden graders: 0)") == len(WEEKS), out


@pytest.mark.parametrize("week", WEEKS)
def test_release_bundle_has_stubs_notebook_and_public_tests(course: Any, week: int, tmp_path: Path) -> None:
    from deepgrade.authoring.release import release

    folder = release(course, week, export=tmp_path)
    assignment = course.assignments[week]
    names = {p.name for p in folder.iterdir()}
    assert {f.name for f in assignment.config.files} | {assignment.config.notebook, "README.md", "tests"} <= names
    assert (folder.parent / f"{assignment.id}.zip").is_file()
    for spec in assignment.config.files:  # what ships is the generated stub, not the solution
        assert (folder / spec.name).read_text(encoding="utf-8") == (assignment.dir / spec.name).read_text(encoding="utf-8")
    for data in assignment.config.data_files:  # the week's data, at the path the stub tells students to use
        assert (folder / data.path).read_bytes() == (assignment.dir / data.path).read_bytes()
    if assignment.config.data_files:
        assert "data/" in (folder / "README.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_calibrate_reports_each_threshold_tests_worst_seed(course: Any) -> None:
    from rich.console import Console

    from deepgrade.authoring.calibrate import calibrate_week, print_calibration

    report = calibrate_week(course, 3, seeds=2)
    assert report.ok, report.errors
    tests = {t.name: t for t in report.tests}
    dropout = tests["test_dropout_statistics_and_edge_cases"]
    assert dropout.runs == 2 and set(dropout.worst_metrics) == {"zeroed_share_error", "mean_error"}
    assert all(t.worst_time_s < t.budget_s for t in report.tests)
    console = Console(record=True, width=200)
    print_calibration(report, console)
    text = console.export_text()
    assert "reference on 2 seeds" in text and "zeroed_share_error <= 0.02 (margin 0.01)" in text and "calibration ok" in text


@pytest.mark.slow
@pytest.mark.parametrize("week", (2, 4, 5, 6, 7, 8, 9, 10))
def test_the_graders_run_in_process_too(course: Any, week: int) -> None:
    """The same graders on the in-process backend (make bench's limit): MNIST read from this
    machine's fixture folder, the helpers on real objects."""
    from deepgrade.authoring.validate import grade_files, read_submission

    assignment = course.assignments[week]
    names = [f.name for f in assignment.config.files]
    threads = torch.get_num_threads()
    result = grade_files(course, week, read_submission(assignment.solution_dir, names), backend="inprocess", seed=3)
    assert torch.get_num_threads() == threads  # one torch thread only while grading, as in a sandbox
    assert result.error is None and result.points == 100, [(t.name, t.message) for t in result.tests()
                                                           if t.outcome != "passed"]
