import zipfile
from pathlib import Path

import pytest

from deepgrade.authoring.release import find_leaks, release
from deepgrade.errors import ConfigError


def _all_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file())


def test_release_bundle_contents_and_zip(course_copy: Path, load, tmp_path: Path):
    export = tmp_path / "export"
    bundle = release(load(course_copy), 1, export=export)
    assert bundle == export / "release" / "week01"
    files = sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file())
    expected = ["README.md", "data.py", "fourcal.py", "tensor_ops.py", "tests/conftest.py",
                "tests/deepgrade_compare.py", "tests/test_public_data.py", "tests/test_public_fourcal.py",
                "tests/test_public_tensor_ops.py"]
    assert [f for f in files if f != "week01.ipynb"] == expected
    with zipfile.ZipFile(export / "release" / "week01.zip") as archive:
        assert sorted(archive.namelist()) == sorted(f"week01/{f}" for f in files)
    readme = (bundle / "README.md").read_text(encoding="utf-8")
    assert "2022년 03월 16일 (수) 23:59 (KST)" in readme and "python -m pytest tests" in readme


def test_release_ships_no_grader_or_solution_code(course_copy: Path, load, tmp_path: Path):
    bundle = release(load(course_copy), 1, export=tmp_path / "export")
    text = _all_text(bundle)
    with zipfile.ZipFile(tmp_path / "export/release/week01.zip") as archive:
        text += "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist())
    for needle in ("BEGIN SOLUTION", "return self.first + self.second", "super(Child, self).__init__(p1, p2)",
                   "torch.cat([x, y], dim=dim)", "test_morefourcal_inherits", "remote.code_names"):
        assert needle not in text
    names = {p.name for p in bundle.rglob("*")}
    assert not names & {"test_fourcal.py", "test_tensor_ops.py", "test_data.py"}
    assert find_leaks(bundle, course_copy / "solutions/week01") == []


def test_release_refuses_a_stub_carrying_solution_code(course_copy: Path, load, tmp_path: Path):
    # A stub edited to contain a solution line is stale, so release refuses it either way;
    # find_leaks is what catches it when the same line sneaks in through a public test.
    tests = course_copy / "assignments/week01/tests/test_public_fourcal.py"
    tests.write_text(tests.read_text() + "\n# super(Child, self).__init__(p1, p2)\n")
    with pytest.raises(ConfigError, match="solution code would be shipped"):
        release(load(course_copy), 1, export=tmp_path / "export")
    assert not (tmp_path / "export/release/week01").exists()
    assert not (tmp_path / "export/release/week01.zip").exists()


def test_release_refuses_stale_stubs_and_unknown_weeks(course_copy: Path, load, tmp_path: Path):
    (course_copy / "assignments/week01/data.py").write_text("BATCH_SIZE = 32\n")
    with pytest.raises(ConfigError, match="stubgen"):
        release(load(course_copy), 1, export=tmp_path / "export")
    with pytest.raises(ConfigError, match="week 7"):
        release(load(course_copy), 7, export=tmp_path / "export")


def test_release_again_replaces_the_previous_bundle(course_copy: Path, load, tmp_path: Path):
    export = tmp_path / "export"
    bundle = release(load(course_copy), 1, export=export)
    (bundle / "leftover.txt").write_text("old")
    assert release(load(course_copy), 1, export=export) == bundle
    assert not (bundle / "leftover.txt").exists()
    assert sorted(p.name for p in (export / "release").iterdir()) == ["week01", "week01.zip"]
