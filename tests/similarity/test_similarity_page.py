"""The similarity page in a real grade run: staff only, pairs side by side, never reachable from
a student's or a study leader's page."""
from __future__ import annotations

import io
import re
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from rich.console import Console

from deepgrade.pipeline.grade import rebuild_reports

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "pipeline"))
from coursekit import DEADLINE, grade_quietly, make_course, write  # noqa: E402

pytestmark = pytest.mark.slow

LIBRARY = '''\
def add(a, b):
    return a + b


def mul(a, b):
    return a * b


def mean(values):
    total = 0
    for value in values:
        total += value
    return total / len(values)


def variance(values):
    centre = mean(values)
    squares = [(value - centre) ** 2 for value in values]
    return sum(squares) / (len(values) - 1)


def histogram(values, bins):
    low, high = min(values), max(values)
    width = (high - low) / bins or 1
    counts = [0] * bins
    for value in values:
        index = min(int((value - low) / width), bins - 1)
        counts[index] += 1
    return counts


def describe(values):
    note = "</pre><script>alert(1)</script>"
    return {"mean": mean(values), "variance": variance(values), "bins": histogram(values, 4), "note": note}
'''

OTHER = '''\
import statistics


def add(a, b):
    return sum([a, b])


def mul(a, b):
    result = 0
    for _ in range(abs(b)):
        result += a
    return result if b >= 0 else -result


def summary(xs):
    return statistics.mean(xs), statistics.stdev(xs)
'''


@pytest.fixture
def graded(tmp_path, monkeypatch):
    monkeypatch.setattr("deepgrade.pipeline.jobs.engine_fingerprint", lambda: "test-engine")
    course = make_course(tmp_path)
    week = tmp_path / "inbox/week01"
    copy = LIBRARY.replace("values", "xs").replace("centre", "m").replace("squares", "sq")
    write(week / "가가온_calc.py", LIBRARY, DEADLINE - timedelta(hours=5))
    write(week / "나나래_calc.py", copy, DEADLINE - timedelta(hours=2))
    write(week / "라라온_calc.py", OTHER, DEADLINE - timedelta(hours=3))
    grade_quietly(course)
    return course, tmp_path / "out"


def test_the_copied_pair_is_listed_side_by_side(graded):
    _, out = graded
    page = (out / "staff/week01/similarity.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "제출물 3개를 서로 비교했고, 유난히 비슷한 쌍이 1개 있습니다" in text
    assert "가가온 202210001 · 월1 ↔ 나나래 202210002 · 월1" in text
    assert page.count('<pre class="code">') == 2 and "<mark>" in page
    assert "라라온" not in text
    assert "<script>" not in page and "&lt;script&gt;" in page       # student code is text, never markup
    assert 'href="similarity.html"' in (out / "staff/week01/summary.html").read_text(encoding="utf-8")


def test_no_student_or_group_page_leads_to_it(graded):
    _, out = graded
    for folder in ("students", "groups"):
        for path in (out / folder).rglob("*"):
            assert "similarity" not in path.name
            if path.suffix == ".html":
                page = path.read_text(encoding="utf-8")
                assert "similarity" not in page and "유사도" not in page, path
    assert "similarity" not in (out / "index.html").read_text(encoding="utf-8")


def test_report_rebuild_keeps_the_page(graded):
    course, out = graded
    before = (out / "staff/week01/similarity.html").read_bytes()
    rebuild_reports(course, console=Console(file=io.StringIO()))
    assert (out / "staff/week01/similarity.html").read_bytes() == before
