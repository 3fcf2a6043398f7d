"""What a test record points at: the student's file:line, and which output a hidden test printed."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from deepgrade.grading.attribution import shorten_sections
from deepgrade.grading.runner import grade_submission

PRINTS = b"""print("loaded")


def add(a, b):
    print("add sees", a, b)
    return a - b


def mul(a, b):
    print("mul sees", a, b)
    return a * b


def double(x):
    return {}[x]
"""


def test_a_wrong_value_points_at_the_method_the_message_names() -> None:
    from types import SimpleNamespace

    from deepgrade.grading.attribution import student_location
    from deepgrade.submission.units import CodeUnit

    source = "class FourCal:\n    def add(self):\n        return 1\n\n    def div(self):\n        return 2\n"
    spec = SimpleNamespace(units=(CodeUnit("fourcal", "fourcal.py", source, "module"),))
    assert student_location(None, ["FourCal"], spec, "Fourcal(7, 2).div(): 3 (기대값 3.5)") == "fourcal.py:5"
    assert student_location(None, ["FourCal"], spec, "다른 객체의 값까지 바뀌었습니다") == "fourcal.py:1"
    assert student_location(None, [], spec, "") == ""


def test_sections_keep_their_spans_when_paths_shorten() -> None:
    text = "a /very/long/x\nHIDDEN /very/long/y\nb"
    start = text.index("HIDDEN")
    shortened, spans = shorten_sections(text, [(start, start + 20)], lambda s: s.replace("/very/long/", "<p>/"))
    assert shortened == "a <p>/x\nHIDDEN <p>/y\nb"
    (span,) = spans
    assert shortened[span[0]:span[1]] == "HIDDEN <p>/y\n"


@pytest.mark.parametrize("backend", ["sandbox"])
def test_hidden_prints_and_student_lines_are_recorded(backend: str, assignment: Path, make_job: Any) -> None:
    result = grade_submission(make_job(assignment, {"calc.py": PRINTS}), backend=backend)  # type: ignore[arg-type]
    assert result.error is None, result.error
    hidden = [result.output[a:b] for a, b in result.hidden_output_spans]
    assert any("mul sees 4 5" in part for part in hidden)             # test_mul is hidden
    assert not any("add sees" in part or "loaded" in part for part in hidden)  # test_add is visible
    tests = {t.name: t for t in result.tests()}
    assert tests["test_add"].location == "calc.py:4"       # a wrong value: where add is defined
    assert tests["test_double"].location == "calc.py:15"   # an exception: the line that raised
    assert tests["test_mul"].location == ""                 # passed
