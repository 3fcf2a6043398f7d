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


# As a student runs them from the release folder: plain pytest, deepgrade not installed (the
# public tests then compare with the copy of deepgrade's helper shipped beside them).
WITHOUT_DEEPGRADE = ("import sys; sys.modules['deepgrade'] = None; import pytest; "
                     "raise SystemExit(pytest.main(['-q', '-p', 'no:cacheprovider', 'tests']))")


@pytest.mark.parametrize("source, expect_pass", [("solutions/week01", True), ("assignments/week01", False)])
def test_public_tests_run_standalone_with_plain_pytest(tmp_path: Path, source: str, expect_pass: bool):
    from deepgrade.authoring.shipped_helpers import SHIPPED_COMPARE_MODULE, compare_module_path

    for name in ("fourcal.py", "tensor_ops.py", "data.py"):
        shutil.copy2(REPO / source / name, tmp_path / name)
    shutil.copytree(REPO / "assignments/week01/tests", tmp_path / "tests",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(compare_module_path(), tmp_path / "tests" / f"{SHIPPED_COMPARE_MODULE}.py")
    done = subprocess.run([sys.executable, "-c", WITHOUT_DEEPGRADE],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert (done.returncode == 0) is expect_pass, done.stdout[-2000:]
    if not expect_pass:
        assert "NotImplementedError" in done.stdout and "19 failed" in done.stdout and "passed" not in done.stdout


def test_public_tests_explain_a_wrong_value_in_korean_without_deepgrade(tmp_path: Path):
    """The shipped helper gives the same staged messages: `//` in div is named, not just 'assert'."""
    from deepgrade.authoring.shipped_helpers import SHIPPED_COMPARE_MODULE, compare_module_path

    for name in ("fourcal.py", "tensor_ops.py", "data.py"):
        shutil.copy2(REPO / "solutions/week01" / name, tmp_path / name)
    fourcal = tmp_path / "fourcal.py"
    fourcal.write_text(fourcal.read_text(encoding="utf-8").replace(
        "return self.first / self.second", "return self.first // self.second", 1), encoding="utf-8")
    shutil.copytree(REPO / "assignments/week01/tests", tmp_path / "tests",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(compare_module_path(), tmp_path / "tests" / f"{SHIPPED_COMPARE_MODULE}.py")
    done = subprocess.run([sys.executable, "-c", WITHOUT_DEEPGRADE],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert "1 failed" in done.stdout, done.stdout[-2000:]
    assert "Fourcal(7, 2).div(): 3 (기대값 3.5)" in done.stdout


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
