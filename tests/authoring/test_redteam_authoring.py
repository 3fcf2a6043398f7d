"""Author-side red-team findings: something in the way of a stub or a bundle, an unreadable notebook."""
from __future__ import annotations

from pathlib import Path

import pytest

from deepgrade.authoring.check import static_problems
from deepgrade.authoring.release import release
from deepgrade.authoring.stubgen import _compare_or_write
from deepgrade.errors import ConfigError


def test_a_folder_in_place_of_a_stub_is_an_error_and_leaves_no_temp_file(tmp_path: Path):
    stub = tmp_path / "data.py"
    stub.mkdir()
    result = _compare_or_write(1, stub, "x = 1\n", check=False)  # what stubgen does per stub file
    assert (result.status, result.message) == ("error", "a folder or other non-file is in the way (expected the stub file)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.py"]


def test_release_refuses_a_folder_where_the_zip_goes_before_moving_anything(course_copy: Path, load, tmp_path: Path):
    in_the_way = tmp_path / "export/release/week01.zip"
    in_the_way.mkdir(parents=True)
    with pytest.raises(ConfigError, match="something else is in the way"):
        release(load(course_copy), 1, export=tmp_path / "export")
    assert sorted(p.name for p in in_the_way.parent.iterdir()) == ["week01.zip"]  # no half-made bundle


def test_an_unreadable_notebook_is_not_also_every_missing_name(course_copy: Path, load):
    course = load(course_copy)
    assert static_problems({"week01.ipynb": b"{not json"}, course.assignments[1], "ko") == []
