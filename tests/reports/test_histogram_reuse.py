"""A warm run reuses the week's histogram when the scores it shows are unchanged, and draws it
again when they changed or the file in the export is not the whole PNG it drew."""
from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

from reportkit import AFTER_DEADLINE, ROSTER, FakeCourse, make_records
from deepgrade.exporters import write_week
from deepgrade.reports.histogram_reuse import KEY_FIELD, histogram_key, png_text, reuse_or_draw
from deepgrade.reports.plots import histogram_png

HERE = Path(__file__).resolve().parent


class CountingDraw:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, *args: object, **kwargs: object) -> bytes:
        self.calls += 1
        return histogram_png(*args, **kwargs)  # type: ignore[arg-type]


def _write(path: Path, scores: list[float], draw: CountingDraw) -> bytes:
    png = reuse_or_draw(path, scores, 100.0, language="ko", draw=draw)
    path.write_bytes(png)
    return png


def test_the_drawn_png_carries_the_key_of_its_inputs(tmp_path: Path) -> None:
    draw = CountingDraw()
    png = _write(tmp_path / "histogram.png", [40.0, 90.0], draw)
    assert png.startswith(b"\x89PNG") and draw.calls == 1
    assert png_text(png, KEY_FIELD) == histogram_key([90.0, 40.0], 100.0, language="ko")


def test_same_scores_reuse_the_file_and_changed_scores_draw_again(tmp_path: Path) -> None:
    path, draw = tmp_path / "histogram.png", CountingDraw()
    first = _write(path, [40.0, 90.0], draw)
    assert _write(path, [90.0, 40.0], draw) == first and draw.calls == 1  # the order of students is no change
    changed = _write(path, [40.0, 95.0], draw)
    assert draw.calls == 2 and changed != first
    _write(path, [40.0, 95.0], draw)
    reuse_or_draw(path, [40.0, 95.0], 100.0, language="en", draw=draw)
    assert draw.calls == 3  # another language is another picture


def test_a_damaged_or_foreign_file_is_drawn_again(tmp_path: Path) -> None:
    path, draw = tmp_path / "histogram.png", CountingDraw()
    whole = _write(path, [40.0, 90.0], draw)
    for damaged in (whole[:-20], whole[:200] + bytes([whole[200] ^ 1]) + whole[201:], b"not a png", b""):
        path.write_bytes(damaged)
        assert reuse_or_draw(path, [40.0, 90.0], 100.0, language="ko", draw=draw) == whole
    assert draw.calls == 5


def test_a_second_report_run_leaves_the_histogram_as_it_was_without_matplotlib(tmp_path: Path) -> None:
    course = FakeCourse(roster=ROSTER)
    write_week(make_records(), course, tmp_path, now=AFTER_DEADLINE)
    png = tmp_path / "staff/week01/histogram.png"
    before = png.read_bytes()
    # a fresh process, as the TA's next `deepgrade grade` is
    script = (
        "import sys\n"
        f"sys.path.insert(0, {str(HERE)!r})\n"
        "from pathlib import Path\n"
        "from reportkit import AFTER_DEADLINE, ROSTER, FakeCourse, make_records\n"
        "from deepgrade.exporters import write_week\n"
        f"write_week(make_records(), FakeCourse(roster=ROSTER), Path({str(tmp_path)!r}), now=AFTER_DEADLINE)\n"
        "print('matplotlib' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
    assert png.read_bytes() == before


def test_a_changed_score_shows_in_the_next_runs_histogram(tmp_path: Path) -> None:
    course = FakeCourse(roster=ROSTER)
    records = make_records()
    write_week(records, course, tmp_path, now=AFTER_DEADLINE)
    png = tmp_path / "staff/week01/histogram.png"
    before = png.read_bytes()
    students = list(records.students)
    at = next(i for i, s in enumerate(students) if s.submitted)
    students[at] = dataclasses.replace(students[at], points=0.0 if students[at].points else 20.0)
    changed = dataclasses.replace(records, students=tuple(students))
    write_week(changed, course, tmp_path, now=AFTER_DEADLINE)
    assert png.read_bytes() != before
