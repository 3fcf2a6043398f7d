"""Week 1 content: the slide's arithmetic, public tests standalone, graders through the engine."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _load_solution(name: str):
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"week01_solution_{name}", REPO / "solutions/week01" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_slide_arithmetic_in_reference():
    data = _load_solution("data")
    assert (data.BATCH_SIZE, data.EPOCHS) == (32, 10)
    assert data.iterations_per_epoch(640, 32) == 20
    assert data.total_iterations(640, 32, 10) == 200
    assert data.iterations_per_epoch(650, 32) == 21 and data.iterations_per_epoch(5, 32) == 1


@pytest.mark.parametrize("source, expect_pass", [("solutions/week01", True), ("assignments/week01", False)])
def test_public_tests_run_standalone_with_plain_pytest(tmp_path: Path, source: str, expect_pass: bool):
    for name in ("fourcal.py", "tensor_ops.py", "data.py"):
        shutil.copy2(REPO / source / name, tmp_path / name)
    shutil.copytree(REPO / "assignments/week01/tests", tmp_path / "tests",
                    ignore=shutil.ignore_patterns("__pycache__"))
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert (done.returncode == 0) is expect_pass, done.stdout[-2000:]
    if not expect_pass:
        assert "NotImplementedError" in done.stdout and "16 failed" in done.stdout and "passed" not in done.stdout


@pytest.mark.slow
def test_validate_week1_solution_full_stub_zero(capsys):
    from rich.console import Console

    from deepgrade.authoring.validate import validate
    from deepgrade.config.loader import load_course

    console = Console(record=True, width=200)
    code = validate(load_course(REPO / "course.yml"), [1], console=console)
    out = console.export_text()
    assert "reference solution: 100 / 100" in out and "stub: 0 / 100 (hidden graders: 0)" in out
    assert code == 0, out
