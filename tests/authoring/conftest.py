"""A private copy of the course (week 1 only) that a test may edit freely."""
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    """tmp course root with course.yml, roster.csv and week 1's assignment, solution, graders."""
    root = tmp_path / "course"
    root.mkdir()
    for name in ("course.yml", "roster.csv"):
        shutil.copy2(REPO / name, root / name)
    for folder in ("assignments/week01", "solutions/week01", "graders/week01"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    # the MNIST fixture is content-checked and idempotent: share the repo's copy, don't redraw it
    # (on a clean checkout, where no grade has run yet, the copy gets its own state folder)
    state = REPO / ".deepgrade"
    if state.is_dir():
        (root / ".deepgrade").symlink_to(state, target_is_directory=True)
    else:
        (root / ".deepgrade").mkdir()
    return root


@pytest.fixture
def load():
    """load(root) -> Course, reading the copy (export under the copy too)."""
    from deepgrade.config.loader import load_course

    return lambda root: load_course(root / "course.yml", export=root / "export")
