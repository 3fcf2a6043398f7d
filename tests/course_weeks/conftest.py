"""Weeks 2-4 graded end to end: one zygote per test module (a session-wide one would outlive
this folder and count as a leftover process in the pool tests).

``submission(week, changes)`` is the reference solution as a student hands it in (markers
removed) with some functions' bodies replaced, or whole files given; ``grade(week, files)``
grades it through the real sandbox; ``points_of(week)`` is each test's worth, read from a
reference grading, so a case's expected score is derived from the tests it must fail.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

from cohort import replace_body, strip_solution_markers  # noqa: E402

CASE_SEED = 20220317


@pytest.fixture(scope="session")
def course() -> Any:
    from deepgrade.config.loader import load_course

    return load_course(REPO / "course.yml")


@pytest.fixture(scope="module")
def zygote() -> Iterator[Any]:
    from deepgrade.sandbox import Zygote

    with Zygote() as running:
        yield running


@pytest.fixture(scope="module")
def grade(course: Any, zygote: Any) -> Callable[..., Any]:
    """``grade(week, files, seed=CASE_SEED)`` -> SubmissionResult (an engine error fails the test)."""
    from deepgrade.authoring.validate import build_job
    from deepgrade.grading.runner import grade_submission

    def run(week: int, files: dict[str, str], seed: int = CASE_SEED) -> Any:
        job = build_job(course, week, {name: text.encode() for name, text in files.items()},
                        public_only=False, seed=seed)
        result = grade_submission(job, backend="sandbox", zygote=zygote)
        assert result.error is None, result.error
        return result

    return run


@pytest.fixture(scope="session")
def reference_sources(course: Any) -> Callable[[int], dict[str, str]]:
    def sources(week: int) -> dict[str, str]:
        assignment = course.assignments[week]
        return {f.name: strip_solution_markers((assignment.solution_dir / f.name).read_text(encoding="utf-8"))
                for f in assignment.config.files}

    return sources


@pytest.fixture(scope="session")
def submission(reference_sources: Callable[[int], dict[str, str]]) -> Callable[..., dict[str, str]]:
    """``submission(week, {"file.py": {"function": ["new", "body"]}, "other.py": "whole text"})``."""
    def make(week: int, changes: dict[str, Any]) -> dict[str, str]:
        files = reference_sources(week)
        for name, change in changes.items():
            if isinstance(change, str):
                files[name] = change
                continue
            for function, body in change.items():
                files[name] = replace_body(files[name], function, body)
        return files

    return make


@pytest.fixture(scope="module")
def points_of(grade: Callable[..., Any], reference_sources: Callable[[int], dict[str, str]]) -> Callable[[int], dict[str, float]]:
    """test name -> max points, from one reference grading per week (which must score 100)."""
    cache: dict[int, dict[str, float]] = {}

    def table(week: int) -> dict[str, float]:
        if week not in cache:
            result = grade(week, reference_sources(week))
            assert result.points == result.max_points == 100, [(t.name, t.message) for t in result.tests()
                                                                if t.outcome != "passed"]
            cache[week] = {t.name: t.max_points for t in result.tests()}
        return cache[week]

    return table


@pytest.fixture(scope="module")
def copied_public_answers(grade: Callable[..., Any]) -> Callable[[int], Any]:
    """``copied_public_answers(week)``: grades ``cases/weekNN_hardcoded`` (answers copied from
    the public tests) and checks it earns exactly the public tests' points."""
    def run(week: int) -> Any:
        folder = Path(__file__).parent / "cases" / f"week{week:02d}_hardcoded"
        result = grade(week, {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.py")})
        public = [t for t in result.tests() if t.visibility == "visible"]
        hidden = [t for t in result.tests() if t.visibility != "visible"]
        assert public and all(t.outcome == "passed" for t in public), [(t.name, t.message) for t in public]
        assert hidden and all(t.outcome != "passed" for t in hidden), [t.name for t in hidden if t.outcome == "passed"]
        assert result.points == sum(t.max_points for t in public)
        return result

    return run


@pytest.fixture(scope="session")
def check_case() -> Callable[..., None]:
    return _check_case


@pytest.fixture(scope="module")
def spelled_in_another_case(grade: Callable[..., Any], reference_sources: Callable[[int], dict[str, str]],
                            points_of: Callable[[int], dict[str, float]]) -> Callable[..., Any]:
    """``spelled_in_another_case(week, file, wanted, written)``: the reference with every ``wanted``
    in ``file`` written ``written`` (a letter-case variant) scores full marks, with a note naming both."""
    def run(week: int, file: str, wanted: str, written: str) -> Any:
        files = reference_sources(week)
        files[file] = files[file].replace(wanted, written)
        result = grade(week, files)
        _check_case(result, points_of(week), {})
        assert any(written in note and wanted in note for note in result.notes), result.notes
        return result

    return run


def _check_case(result: Any, points: dict[str, float], failing: dict[str, str]) -> None:
    """Exactly the tests in ``failing`` lose their points (each message contains its text),
    every other test passes, and the score is what is left."""
    outcomes = {t.name: (t.outcome, t.message) for t in result.tests()}
    lost = {name for name, (outcome, _) in outcomes.items() if outcome != "passed"}
    assert lost == set(failing), {name: outcomes[name] for name in lost ^ set(failing) if name in outcomes}
    for name, text in failing.items():
        assert text in outcomes[name][1], (name, outcomes[name])
    assert result.points == pytest.approx(100 - sum(points[name] for name in failing))


# The case folders hold submissions (backprop.py, ...), never tests of this suite.
collect_ignore = ["cases"]
