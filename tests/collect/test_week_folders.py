"""Which inbox folder is which week's: the names Drive users really give them."""
from __future__ import annotations

import unicodedata

import pytest

from deepgrade.collect.week_folders import EXACT, LOOSE, PLAIN, unread_entries, week_folder, week_of


@pytest.mark.parametrize("name, found", [
    ("week01", (1, EXACT)), ("week1", (1, PLAIN)), ("Week 01", (1, PLAIN)), ("WEEK_3", (3, PLAIN)),
    ("1", (1, PLAIN)), ("01", (1, PLAIN)), ("1주차", (1, PLAIN)), ("01 주차", (1, PLAIN)), ("제2주차", (2, PLAIN)),
    ("1주차 과제", (1, LOOSE)), ("1주차_과제 제출 (File responses)", (1, LOOSE)), ("Week 02 - MLP", (2, LOOSE)),
    ("week01 (1)", (1, LOOSE)),
    ("2022", None), ("202210001", None), ("과제 제출", None), ("week", None), ("0", None), ("week00", None),
])
def test_week_names(name, found):
    assert week_of(name) == found
    assert week_of(unicodedata.normalize("NFD", name)) == found   # macOS-synced Hangul


def test_the_closest_name_wins_and_the_rest_are_listed(tmp_path):
    for folder in ("1주차 과제", "Week 01", "1주차 과제 (1)", "3주차", "과제 모음"):
        (tmp_path / folder).mkdir()
    (tmp_path / "README.md").write_text("TA notes\n")
    assert week_folder(tmp_path, 1) == tmp_path / "Week 01"
    (tmp_path / "week01").mkdir()
    assert week_folder(tmp_path, 1) == tmp_path / "week01"
    listed = "\n".join(unread_entries(tmp_path, {1: None, 2: None}))
    name = tmp_path.name
    assert f"{name}/Week 01: not read, week01/ is week 1's folder" in listed
    assert f"{name}/1주차 과제 (1): not read, week01/ is week 1's folder" in listed
    assert f"{name}/3주차: not read, it looks like week 3 but no assignment has week 3 (weeks with an assignment: 1, 2)" in listed
    assert f"{name}/과제 모음: not read (a folder that names no week" in listed
    assert "README" not in listed and "week01:" not in listed


def test_a_loose_name_is_read_when_it_is_the_only_one(tmp_path):
    (tmp_path / "1주차 과제").mkdir()
    assert week_folder(tmp_path, 1) == tmp_path / "1주차 과제"
    assert unread_entries(tmp_path, {1: None}) == []


def test_inbox_folder_names_the_folder_exactly(tmp_path):
    folder = tmp_path / unicodedata.normalize("NFD", "딥세션 과제") / "첫 주"
    folder.mkdir(parents=True)
    (tmp_path / "week01").mkdir()
    assert week_folder(tmp_path, 1, "딥세션 과제/첫 주") == folder
    assert week_folder(tmp_path, 1, "없는 폴더") is None       # set, but not there: no guessing
    listed = "\n".join(unread_entries(tmp_path, {1: "딥세션 과제/첫 주"}))
    assert "week01: not read, 첫 주/ is week 1's folder" in listed and "딥세션" not in listed
    listed = "\n".join(unread_entries(tmp_path, {1: "없는 폴더"}))
    assert "week01: not read, it looks like week 1 but assignment.yml's inbox_folder is '없는 폴더'" in listed
