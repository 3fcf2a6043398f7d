import os
import unicodedata
import zipfile
from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from deepgrade.rules.choice import choose_upload
from deepgrade.collect.inbox import scan_week
from deepgrade.collect.week_folders import week_folder

SEOUL = ZoneInfo("Asia/Seoul")
DEADLINE = datetime(2022, 3, 16, 23, 59, tzinfo=SEOUL)
POLICY = SimpleNamespace(grace_minutes=10, penalty_per_day=10.0, cutoff_days=3)


def put(week, rel, text="x = 1\n", when=None):
    path = week / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    if when is not None:
        stamp = when.timestamp()
        os.utime(path, (stamp, stamp))
    return path


def scan(week, roster):
    return scan_week(week, roster, timezone=SEOUL, expected_py=("fourcal.py",), notebook="week01.ipynb")


def by_student(result):
    found = {}
    for upload in result.uploads:
        found.setdefault(upload.student_id, []).append(upload)
    return found


def test_week_folder_accepts_week01_and_week1(tmp_path):
    (tmp_path / "week1").mkdir()
    assert week_folder(tmp_path, 1) == tmp_path / "week1"
    assert week_folder(tmp_path, 2) is None


def test_messy_inbox_is_matched_and_renamed(tmp_path, roster):
    week = tmp_path / "week01"
    put(week, "20230001/fourcal.py", "a = 1\n")
    put(week, "1주차_이바다.ipynb", '{"cells": []}')
    put(week, unicodedata.normalize("NFD", "최민아_fourcal.py"), "c = 3\n")
    put(week, "제출/최민/2주/fourcal.py", "d = 4\n")
    with zipfile.ZipFile(put(week, "week1-20230007.zip", b""), "w") as archive:
        archive.writestr("hw/fourcal.py", "e = 5\n")
    put(week, "누구꺼.py")
    put(week, "박서준_fourcal.py")
    put(week, ".DS_Store", "junk")
    result = scan(week, roster)
    uploads = by_student(result)
    assert uploads["20230001"][0].files == {"fourcal.py": b"a = 1\n"}
    assert list(uploads["20230002"][0].files) == ["week01.ipynb"]
    assert uploads["20230006"][0].files == {"fourcal.py": b"c = 3\n"}
    assert any("fourcal.py(으)로 채점" in n for n in uploads["20230006"][0].notes)
    assert uploads["20230005"][0].files == {"fourcal.py": b"d = 4\n"}
    assert uploads["20230007"][0].files == {"fourcal.py": b"e = 5\n"}
    assert result.unmatched == ("누구꺼.py",)
    (amb,) = result.ambiguous
    assert amb.path == "박서준_fourcal.py" and set(amb.candidates) == {"20230003", "20230004"}


def test_drive_copies_are_later_uploads_keeping_other_files(tmp_path, roster):
    week = tmp_path / "week01"
    early = DEADLINE - timedelta(days=1)
    put(week, "20230001/fourcal.py", "v1\n", early)
    put(week, "20230001/helper.py", "h1\n", early)
    put(week, "20230001/fourcal (1).py", "v2\n", DEADLINE - timedelta(hours=1))
    put(week, "20230001/fourcal (2).py", "v3\n", DEADLINE + timedelta(hours=5))
    uploads = by_student(scan(week, roster))["20230001"]
    assert len(uploads) == 3
    chosen = choose_upload(uploads, DEADLINE, POLICY)
    assert chosen.files == {"fourcal.py": b"v2\n", "helper.py": b"h1\n"}


def test_choose_latest_on_time_else_latest_before_cutoff_else_latest(tmp_path, roster):
    week = tmp_path / "week01"
    put(week, "20230001/a/fourcal.py", "late1\n", DEADLINE + timedelta(hours=2))
    put(week, "20230001/b/fourcal.py", "late2\n", DEADLINE + timedelta(days=2))
    put(week, "20230001/c/fourcal.py", "way late\n", DEADLINE + timedelta(days=9))
    put(week, "20230001/d/fourcal.py", "grace\n", DEADLINE + timedelta(minutes=5))
    uploads = by_student(scan(week, roster))["20230001"]
    assert choose_upload(uploads, DEADLINE, POLICY).files["fourcal.py"] == b"grace\n"
    without_grace = [u for u in uploads if u.files["fourcal.py"] != b"grace\n"]
    assert choose_upload(without_grace, DEADLINE, POLICY).files["fourcal.py"] == b"late2\n"
    only_way_late = [u for u in uploads if u.files["fourcal.py"] == b"way late\n"]
    assert choose_upload(only_way_late, DEADLINE, POLICY).files["fourcal.py"] == b"way late\n"


def test_corrupted_zip_is_recorded_and_loses_to_a_gradable_upload(tmp_path, roster):
    week = tmp_path / "week01"
    put(week, "20230001_fourcal.py", "ok\n", DEADLINE - timedelta(hours=3))
    put(week, "20230001.zip", b"PK\x03\x04garbage", DEADLINE - timedelta(hours=1))
    uploads = by_student(scan(week, roster))["20230001"]
    broken = [u for u in uploads if u.problem]
    assert len(broken) == 1 and "손상" in broken[0].problem
    assert choose_upload(uploads, DEADLINE, POLICY).files == {"fourcal.py": b"ok\n"}


def test_zip_with_parent_paths_becomes_a_problem_upload(tmp_path, roster):
    week = tmp_path / "week01"
    with zipfile.ZipFile(put(week, "이바다.zip", b""), "w") as archive:
        archive.writestr("../../fourcal.py", "x\n")
    (upload,) = scan(week, roster).uploads
    assert upload.student_id == "20230002" and upload.files == {} and "../" in upload.problem


def test_manifest_times_beat_file_times_and_bad_rows_are_reported(tmp_path, roster):
    week = tmp_path / "week01"
    put(week, "20230001/fourcal.py", when=DEADLINE + timedelta(days=5))  # Drive sync touched it
    put(week, "이바다/fourcal.py", when=DEADLINE - timedelta(days=1))
    put(week, "manifest.csv", "student,submitted_at\n김하늘,2022-03-16 20:00\n이바다,someday\n")
    result = scan(week, roster)
    uploads = by_student(result)
    assert uploads["20230001"][0].submitted_at == datetime(2022, 3, 16, 20, 0, tzinfo=SEOUL)
    assert uploads["20230001"][0].time_source == "manifest"
    assert uploads["20230002"][0].time_source == "mtime"
    assert result.problems and ":3: submitted_at:" in result.problems[0]
    assert "manifest.csv" not in result.unmatched


def test_identical_duplicates_share_a_content_hash(tmp_path, roster):
    week = tmp_path / "week01"
    put(week, "20230001/fourcal.py", "same\n")
    put(week, "김하늘_fourcal.py", "same\n")
    first, second = by_student(scan(week, roster))["20230001"]
    assert first.content_hash == second.content_hash


def test_unreadable_file_is_a_note_not_a_crash(tmp_path, roster):
    week = tmp_path / "week01"
    put(week, "20230001/fourcal.py", "ok\n")
    os.mkfifo(week / "20230001" / "helper.py")  # not a regular file: skipped by the walk
    put(week, "20230002/fourcal.py", "x" * 50)
    from deepgrade.collect import inbox
    original = inbox.MAX_FILE_BYTES
    inbox.MAX_FILE_BYTES = 10
    try:
        uploads = by_student(scan(week, roster))
    finally:
        inbox.MAX_FILE_BYTES = original
    assert uploads["20230002"][0].problem
    assert any("너무 큽니다" in n for n in uploads["20230002"][0].notes)


def test_links_in_the_inbox_are_listed_never_followed(tmp_path, roster):
    week = tmp_path / "week01"
    secret = tmp_path / "graders_secret.py"
    secret.write_text("SECRET = 1\n")
    put(week, "20230002/fourcal.py", b"x = 1\n")
    (week / "20230002" / "data.py").symlink_to(secret)
    (week / "linked_folder").symlink_to(tmp_path)
    scan_result = scan(week, roster)
    assert all(b"SECRET" not in data for u in scan_result.uploads for data in u.files.values())
    listed = " ".join(scan_result.unmatched)
    assert "20230002/data.py" in listed and "linked_folder" in listed
