"""A messy or hostile Drive inbox (red-team findings): every file is graded or listed, and
nothing a student names a file can break the run."""
import io
import json
import os
import unicodedata
import zipfile
from datetime import datetime, timedelta

from test_inbox import DEADLINE, POLICY, SEOUL, by_student, put, scan

from deepgrade.rules.choice import choose_upload
from deepgrade.collect.inbox import scan_week
from deepgrade.collect.zipsafe import read_zip


def _all_text(result) -> str:
    """Everything the scan hands on to reports, JSON and SQLite, as one string."""
    parts = [*result.unmatched, *result.problems]
    for upload in result.uploads:
        parts += [*upload.files, *upload.sources, *upload.notes, upload.problem or ""]
    return "\n".join(parts)


def test_cp949_file_names_on_disk_are_decoded_and_matched(tmp_path, roster):
    # A Windows zip unpacked on Linux leaves CP949 bytes as names: they crashed the state
    # database (surrogates are not UTF-8) and were never matched.
    week = tmp_path / "week01"
    week.mkdir()
    (week / os.fsdecode("김하늘_fourcal.py".encode("cp949"))).write_bytes(b"ok = 1\n")
    (week / os.fsdecode(b"\xff\xfe_nobody.py")).write_bytes(b"x = 1\n")
    result = scan(week, roster)
    (upload,) = by_student(result)["20230001"]
    assert upload.files == {"fourcal.py": b"ok = 1\n"} and upload.sources == ("김하늘_fourcal.py",)
    assert len(result.unmatched) == 1 and "_nobody.py" in result.unmatched[0]
    _all_text(result).encode("utf-8")  # would raise on a surrogate


def test_nfc_and_nfd_twins_are_both_accounted_for(tmp_path, roster):
    week = tmp_path / "week01"
    put(week, "김하늘_fourcal.py", "nfc = 1\n")
    put(week, unicodedata.normalize("NFD", "김하늘_fourcal.py"), "nfd = 1\n")
    result = scan(week, roster)
    assert len(by_student(result)["20230001"]) == 1
    assert any("김하늘_fourcal.py" in u and "이름이 같은 파일" in u for u in result.unmatched)


def test_files_in_two_folders_at_once_are_graded_together(tmp_path, roster):
    # `<id>/fourcal.py` plus `<이름>_helper.py` next to it: one of them was silently dropped.
    week = tmp_path / "week01"
    when = DEADLINE - timedelta(hours=2)
    put(week, "20230001/fourcal.py", "f = 1\n", when)
    put(week, "김하늘_helper.py", "h = 1\n", when)
    put(week, "이바다/a/b/c/fourcal.py", "f = 2\n", when - timedelta(hours=1))
    put(week, "이바다_helper.py", "h = 2\n", when)
    uploads = by_student(scan_week(week, roster, timezone=SEOUL, expected_py=("fourcal.py", "helper.py")))
    assert choose_upload(uploads["20230001"], DEADLINE, POLICY).files == {"fourcal.py": b"f = 1\n",
                                                                          "helper.py": b"h = 1\n"}
    assert choose_upload(uploads["20230002"], DEADLINE, POLICY).files == {"fourcal.py": b"f = 2\n",
                                                                          "helper.py": b"h = 2\n"}


def test_a_late_upload_elsewhere_does_not_leak_into_the_on_time_one(tmp_path, roster):
    week = tmp_path / "week01"
    put(week, "20230001/fourcal.py", "on time\n", DEADLINE - timedelta(hours=1))
    put(week, "김하늘_helper.py", "late\n", DEADLINE + timedelta(days=1))
    uploads = by_student(scan_week(week, roster, timezone=SEOUL, expected_py=("fourcal.py", "helper.py")))
    chosen = choose_upload(uploads["20230001"], DEADLINE, POLICY)
    assert chosen.files == {"fourcal.py": b"on time\n"}


def test_two_files_becoming_one_name_keep_the_newer(tmp_path, roster):
    week = tmp_path / "week01"
    put(week, "20230001/Copy of week01.ipynb", '{"old": 1}', DEADLINE - timedelta(hours=3))
    put(week, "20230001/week01.ipynb", '{"new": 1}', DEADLINE - timedelta(hours=1))
    (upload,) = by_student(scan(week, roster))["20230001"]
    assert upload.files == {"week01.ipynb": b'{"new": 1}'}
    assert any("20230001/Copy of week01.ipynb" in n and "무시" in n for n in upload.notes)


def test_future_times_and_manifest_rows_naming_nothing_are_listed(tmp_path, roster):
    week = tmp_path / "week01"
    put(week, "20230001/fourcal.py", when=datetime(2030, 1, 1, tzinfo=SEOUL))
    put(week, "이바다/fourcal.py", when=DEADLINE - timedelta(days=1))
    put(week, "manifest.csv", "student,submitted_at,file\n이바다,2099-01-01 00:00,\n"
                              "이바다,2022-03-16 20:00,이바다\\fourcal.py\n김하늘,2022-03-16 20:00,gone.py\n")
    result = scan_week(week, roster, timezone=SEOUL, expected_py=("fourcal.py",),
                       now=datetime(2022, 3, 17, 9, 0, tzinfo=SEOUL))
    problems = "\n".join(result.problems)
    assert "20230001/fourcal.py: mtime: 2030-01-01" in problems
    assert "manifest.csv:2: submitted_at: 2099-01-01 00:00 is in the future" in problems
    assert "manifest.csv:4: file: 'gone.py' is not in week01/" in problems
    (upload,) = by_student(result)["20230002"]   # a Windows backslash path still names the file
    assert upload.submitted_at == datetime(2022, 3, 16, 20, 0, tzinfo=SEOUL)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_encrypted_zip_and_notebook_named_zip_say_what_they_are(tmp_path):
    data = bytearray(_zip({"fourcal.py": b"x = 1\n" * 50}))
    data[data.find(b"PK\x03\x04") + 6] |= 1   # the "encrypted" flag, local and central header
    data[data.find(b"PK\x01\x02") + 8] |= 1
    (tmp_path / "enc.zip").write_bytes(bytes(data))
    assert "암호" in read_zip(tmp_path / "enc.zip").problem
    (tmp_path / "nb.zip").write_bytes(json.dumps({"cells": [], "nbformat": 4}).encode())
    assert "노트북" in read_zip(tmp_path / "nb.zip").problem


def test_zip_members_not_graded_are_named(tmp_path, roster):
    week = tmp_path / "week01"
    put(week, "20230001.zip", _zip({"inner.zip": _zip({"fourcal.py": b"x\n"}), "report.pdf": b"%PDF",
                                    "fourcal.py": b"ok\n"}))
    (upload,) = by_student(scan(week, roster))["20230001"]
    assert upload.files == {"fourcal.py": b"ok\n"}
    assert any("inner.zip" in n and "report.pdf" in n and "zip 안의 zip" in n for n in upload.notes)


def test_inbox_entries_no_week_reads_are_listed(tmp_path):
    # Drive's duplicate "week01 (1)", a "1주차" folder, "week1" beside "week01", a loose upload:
    # their files used to vanish without a word.
    from deepgrade.collect.week_folders import unread_entries

    for folder in ("week01", "week1", "week01 (1)", "1주차", "week02", ".tmp.drivedownload"):
        (tmp_path / folder).mkdir()
    (tmp_path / "가가온_fourcal.py").write_text("x = 1\n")
    (tmp_path / "README.md").write_text("TA notes\n")
    listed = "\n".join(unread_entries(tmp_path))
    for name in ("week1:", "week01 (1):", "1주차:", "가가온_fourcal.py:"):
        assert f"{tmp_path.name}/{name}" in listed
    assert "week02" not in listed and "README" not in listed and "drivedownload" not in listed
    assert "week01:" not in listed


def test_a_fix_uploaded_after_a_zip_keeps_the_zips_other_files(tmp_path, roster):
    # All files in a zip, then one fixed file on its own: the fix used to be graded alone.
    week = tmp_path / "week01"
    expected = ("fourcal.py", "helper.py")
    put(week, "20230001.zip", _zip({"hw/fourcal.py": b"v1\n", "hw/helper.py": b"h1\n"}), DEADLINE - timedelta(hours=3))
    put(week, "김하늘_fourcal.py", "v2\n", DEADLINE - timedelta(hours=1))
    uploads = by_student(scan_week(week, roster, timezone=SEOUL, expected_py=expected))["20230001"]
    chosen = choose_upload(uploads, DEADLINE, POLICY)
    assert chosen.files == {"fourcal.py": b"v2\n", "helper.py": b"h1\n"}
    assert set(chosen.sources) == {"20230001.zip", "김하늘_fourcal.py"}


def test_a_later_notebook_is_graded_without_older_py_files(tmp_path, roster):
    # The .py module would win over the notebook's cells for its names: older work graded.
    week = tmp_path / "week01"
    put(week, "20230001/fourcal.py", "old\n", DEADLINE - timedelta(hours=3))
    put(week, "1주차_김하늘.ipynb", '{"cells": []}', DEADLINE - timedelta(hours=1))
    chosen = choose_upload(by_student(scan(week, roster))["20230001"], DEADLINE, POLICY)
    assert chosen.files == {"week01.ipynb": b'{"cells": []}'}


def test_uppercase_extensions_are_graded(tmp_path, roster):
    week = tmp_path / "week01"
    put(week, "20230001/FOURCAL.PY", "f = 1\n")
    put(week, "20230001/Helper.PY", "h = 1\n")
    put(week, "20230002/내노트북.IPYNB", "{}")
    uploads = by_student(scan_week(week, roster, timezone=SEOUL, expected_py=("fourcal.py",)))
    assert set(uploads["20230001"][0].files) == {"fourcal.py", "Helper.py"}
    assert set(uploads["20230002"][0].files) == {"내노트북.ipynb"}   # no notebook name configured
