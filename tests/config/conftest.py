"""Fixtures for the course-model tests (helpers live in coursefiles.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from coursefiles import CourseFolder


@pytest.fixture
def course_folder(tmp_path: Path) -> CourseFolder:
    return CourseFolder(tmp_path)
