from __future__ import annotations

import os
from pathlib import Path

import pytest

from deepgrade.reports import atomic
from deepgrade.reports.atomic import write_bytes_atomic, write_text_atomic


def test_write_replaces_whole_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "page.html"
    write_text_atomic(target, "옛 내용")
    write_text_atomic(target, "새 내용")
    assert target.read_text(encoding="utf-8") == "새 내용"
    assert sorted(p.name for p in target.parent.iterdir()) == ["page.html"]
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)


def test_bom_encoding(tmp_path: Path) -> None:
    target = write_text_atomic(tmp_path / "x.csv", "이름\n", encoding="utf-8-sig")
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")


def test_failed_write_keeps_old_file_and_cleans_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "summary.csv"
    write_bytes_atomic(target, b"old")

    def broken_replace(src: str, dst: str) -> None:
        raise KeyboardInterrupt  # e.g. Ctrl-C between write and rename

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(KeyboardInterrupt):
        write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.csv"]


def test_temp_leftover_recognised(tmp_path: Path) -> None:
    assert atomic.is_temp_leftover(Path(".~deepgrade-abc.tmp"))
    assert not atomic.is_temp_leftover(Path("week01.html"))
