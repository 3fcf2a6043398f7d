"""A failure of the Python installation inside the sandbox is an engine error, never a score
(issue 10, item 1: a lazily imported codec failed once and the student's 79 was cached)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

from deepgrade.grading.installation import installation_failure
from deepgrade.grading.runner import grade_submission
from deepgrade.pipeline.assess import is_engine_failure

OK_REST = b"\ndef mul(a, b):\n    return a * b\n\ndef double(x):\n    return x * 2\n"

# What a sandbox that cannot read the installation does to student code, made reproducible:
# the codec module cannot be imported, so the lazy codec search fails (and remembers it).
CODEC_LOST = b"""import codecs
import sys

sys.modules["encodings.hex_codec"] = None


def add(a, b):
    codecs.decode(b"3132", "hex")
    return a + b
""" + OK_REST

STDLIB_LOST = b"""import sys

sys.path[:] = []
import wave


def add(a, b):
    return a + b
""" + OK_REST

OWN_CODEC_TYPO = b"""def add(a, b):
    "x".encode("utf8x")
    return a + b
""" + OK_REST

OWN_MODULE_TYPO = b"import numpyy\n\ndef add(a, b):\n    return a + b\n" + OK_REST


@pytest.mark.parametrize("text, broken", [
    ("LookupError: unknown encoding: hex", True),
    ("StudentLookupError: unknown encoding: hex\n  data.py:12 in build_datasets: ...", True),
    ("ModuleNotFoundError: No module named 'wave': 채점 환경에 없는 모듈입니다", True),
    ("LookupError: unknown encoding: utf8x", False),        # the student's own typo
    ("ModuleNotFoundError: No module named 'numpyy'", False),
    ("ModuleNotFoundError: No module named 'google.colab'", False),
    ("LookupError: 'hex' is not a text encoding", False),   # a student's misuse of a real codec
])
def test_installation_failures_are_told_from_student_errors(text: str, broken: bool) -> None:
    assert (installation_failure(text) is not None) is broken


@pytest.fixture(scope="module")
def zygote(session_zygote: Any) -> Any:
    return session_zygote


@pytest.mark.slow
@pytest.mark.parametrize("source, what", [(CODEC_LOST, "codec 'hex'"), (STDLIB_LOST, "module 'wave'")])
def test_a_broken_installation_is_an_engine_error_never_cached(source: bytes, what: str, zygote: Any,
                                                                assignment: Path, make_job: Any) -> None:
    result = grade_submission(make_job(assignment, {"calc.py": source}), backend="sandbox", zygote=zygote)
    assert result.problems == () and is_engine_failure(result)  # not scored, so not cached: retried next run
    assert "the Python installation failed inside the sandbox" in (result.error or "") and what in result.error


@pytest.mark.slow
@pytest.mark.parametrize("source", [OWN_CODEC_TYPO, OWN_MODULE_TYPO])
def test_the_students_own_missing_codec_or_module_stays_theirs(source: bytes, zygote: Any,
                                                               assignment: Path, make_job: Any) -> None:
    result = grade_submission(make_job(assignment, {"calc.py": source}), backend="sandbox", zygote=zygote)
    assert result.error is None, result.error
    outcomes = {t.name: t.outcome for t in result.tests()}
    assert outcomes["test_add"] == "error" and outcomes["test_mul"] == ("passed" if source is OWN_CODEC_TYPO else "error")
