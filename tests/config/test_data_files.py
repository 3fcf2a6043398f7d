"""assignment.yml `data_files`: files shipped with a week, checked by sha256 at load, staged for the
sandbox as verified world-readable copies, and refused (file:line, exit 2) when stale or edited."""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from coursefiles import ASSIGNMENT_YML, CourseFolder
from deepgrade.errors import ConfigError

CONTENT = "나는 학생입니다\tI am a student\n".encode("utf-8")
DIGEST = hashlib.sha256(CONTENT).hexdigest()


def _with_data(folder: CourseFolder, path: str = "data/pairs/ko_en.tsv", digest: str = DIGEST) -> CourseFolder:
    folder.assignment = ASSIGNMENT_YML + f"data_files:\n  - {{path: {path}, sha256: {digest}}}\n"
    return folder


def _write_data(folder: CourseFolder, content: bytes = CONTENT, path: str = "data/pairs/ko_en.tsv") -> Path:
    target = folder.root / "assignments" / "week01" / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return target


def _data_line(folder: CourseFolder) -> int:
    return folder.assignment.splitlines().index(next(l for l in folder.assignment.splitlines() if "sha256:" in l)) + 1


def test_a_listed_file_with_its_digest_loads(course_folder: CourseFolder) -> None:
    _write_data(_with_data(course_folder))
    course = course_folder.load()
    (data,) = course.assignments[1].config.data_files
    assert (data.path, data.sha256) == ("data/pairs/ko_en.tsv", DIGEST)


def test_an_edited_file_is_reported_at_the_digest_line(course_folder: CourseFolder) -> None:
    _with_data(course_folder)
    _write_data(course_folder, CONTENT + b"extra\n")
    problem = course_folder.only_problem()
    assert problem.path.endswith("assignment.yml") and problem.line == _data_line(course_folder)
    assert problem.field == "data_files[0].sha256"
    assert "the file changed: rebuild it with `make fixtures`" in problem.message


def test_a_missing_file_is_reported(course_folder: CourseFolder) -> None:
    _with_data(course_folder)
    problem = course_folder.only_problem()
    assert problem.field == "data_files[0].path" and "is missing" in problem.message


@pytest.mark.parametrize("path", ["pairs.tsv", "data/pairs.tsv", "../data/x/pairs.tsv", "data/../x/pairs.tsv",
                                  "other/x/pairs.tsv", "data/x/.hidden", "/data/x/pairs.tsv"])
def test_paths_outside_a_data_folder_are_refused(course_folder: CourseFolder, path: str) -> None:
    _with_data(course_folder, path=path)
    problem = course_folder.only_problem()
    assert problem.field == "data_files[0].path" and "is not a file in a folder under data/" in problem.message


def test_a_digest_that_is_not_sha256_is_refused(course_folder: CourseFolder) -> None:
    _write_data(_with_data(course_folder, digest="ABC123"))
    problem = course_folder.only_problem()
    assert problem.field == "data_files[0].sha256" and "is not a sha256 digest" in problem.message


def test_staging_copies_verified_world_readable_files_and_repairs_edits(course_folder: CourseFolder,
                                                                       tmp_path: Path) -> None:
    from deepgrade.fixtures.registry import prepare_week_fixtures

    _write_data(_with_data(course_folder))
    course = course_folder.load()
    assignment = course.assignments[1]
    state = tmp_path / "state"
    mapping = prepare_week_fixtures(assignment, state)
    staged = Path(mapping["data/pairs"])
    assert staged.is_relative_to(state) and (staged / "ko_en.tsv").read_bytes() == CONTENT
    assert set(mapping) == {"data/MNIST/raw", "data/pairs"}  # the named fixture and the shipped folder
    for path in (staged, staged / "ko_en.tsv"):
        assert stat.S_IMODE(os.stat(path).st_mode) & 0o004, f"{path} is not world-readable"
    (staged / "ko_en.tsv").write_bytes(b"tampered")
    (staged / "stray.txt").write_bytes(b"left behind")
    assert prepare_week_fixtures(assignment, state) == mapping
    assert sorted(p.name for p in staged.iterdir()) == ["ko_en.tsv"]
    assert (staged / "ko_en.tsv").read_bytes() == CONTENT
    assert not [p for p in staged.parents[2].iterdir() if p.name.startswith(".")], "no staging folders left behind"


def test_staging_refuses_a_file_edited_after_the_course_was_loaded(course_folder: CourseFolder, tmp_path: Path) -> None:
    from deepgrade.fixtures.registry import prepare_week_fixtures

    target = _write_data(_with_data(course_folder))
    assignment = course_folder.load().assignments[1]
    target.write_bytes(b"changed while grading")
    with pytest.raises(ConfigError) as caught:
        prepare_week_fixtures(assignment, tmp_path / "state")
    assert "data/pairs/ko_en.tsv does not have the sha256 listed" in str(caught.value)
    assert not (tmp_path / "state" / "fixtures" / "shipped" / "week01").exists()
