from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from deepgrade.collect.manifest import parse_timestamp, read_manifest

SEOUL = ZoneInfo("Asia/Seoul")


def test_ours_with_iso_times(tmp_path):
    path = tmp_path / "manifest.csv"
    path.write_text("student,submitted_at\n20230001,2022-03-16 23:58\n김하늘,2022-03-16T14:00:00+00:00\n",
                    encoding="utf-8")
    manifest = read_manifest(path, SEOUL)
    assert manifest.problems == ()
    assert manifest.entries[0].submitted_at == datetime(2022, 3, 16, 23, 58, tzinfo=SEOUL)
    assert manifest.entries[1].submitted_at == datetime(2022, 3, 16, 23, 0, tzinfo=SEOUL)
    assert manifest.entries[1].line == 3


@pytest.mark.parametrize("text, expected", [
    ("2022. 3. 16 오후 11:58:00", datetime(2022, 3, 16, 23, 58)),
    ("2022. 3. 16. 오전 9:05:07", datetime(2022, 3, 16, 9, 5, 7)),
    ("2022. 3. 16 오전 12:10:00", datetime(2022, 3, 16, 0, 10)),
    ("2022. 3. 16 오후 12:10:00", datetime(2022, 3, 16, 12, 10)),
    ("3/16/2022 23:58:00", datetime(2022, 3, 16, 23, 58)),
])
def test_google_form_timestamps(text, expected):
    assert parse_timestamp(text, SEOUL) == expected.replace(tzinfo=SEOUL)


def test_google_form_export_with_bom_and_extra_columns(tmp_path):
    path = tmp_path / "manifest.csv"
    path.write_text("타임스탬프,이메일 주소,학번,과제 파일\n\"2022. 3. 16 오후 11:58:00\",a@example.org,20230001,link\n",
                    encoding="utf-8-sig")
    manifest = read_manifest(path, SEOUL)
    assert manifest.problems == ()
    assert manifest.entries[0].student == "20230001"
    assert manifest.entries[0].submitted_at.hour == 23


def test_bad_dates_are_problems_with_line_numbers_and_other_rows_still_count(tmp_path):
    path = tmp_path / "manifest.csv"
    path.write_text("student,submitted_at\n20230001,2022-03-16 23:58\n20230002,어제 밤\n"
                    "20230003,2022-02-30 10:00\n,2022-03-16 10:00\n", encoding="utf-8")
    manifest = read_manifest(path, SEOUL)
    assert [e.student for e in manifest.entries] == ["20230001"]
    shown = [str(p) for p in manifest.problems]
    assert shown[0].startswith(f"{path}:3: submitted_at: cannot read '어제 밤'")
    assert shown[1].startswith(f"{path}:4: submitted_at:")
    assert shown[2].startswith(f"{path}:5: student: empty")


def test_missing_columns_say_what_was_expected(tmp_path):
    path = tmp_path / "manifest.csv"
    path.write_text("who,when\nx,y\n", encoding="utf-8")
    (problem,) = read_manifest(path, SEOUL).problems
    assert str(problem).startswith(f"{path}:1: missing column(s) submitted_at, student")


def test_cp949_manifest_from_excel(tmp_path):
    path = tmp_path / "manifest.csv"
    path.write_bytes("student,submitted_at\n김하늘,2022-03-16 10:00\n".encode("cp949"))
    assert read_manifest(path, SEOUL).entries[0].student == "김하늘"
