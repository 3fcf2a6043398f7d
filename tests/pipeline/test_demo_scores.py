"""The demo cohort, graded from fresh states, earns exactly what demo/make_demo.py designed.

Grades the committed demo inbox the way `make grade` does on a fresh clone (a new state
folder each time, so nothing is cached), several times: every run must give every student
the designed status and points. A score that moves between fresh runs (issue 10, item 1: a
flaky codec import became a cached 79 instead of 94) fails here.
"""
from __future__ import annotations

import importlib.util
import io
import json
import sys
from pathlib import Path

import pytest
from rich.console import Console

REPO = Path(__file__).resolve().parents[2]
FRESH_RUNS = 3


def _designed() -> dict[str, tuple[str, float]]:
    spec = importlib.util.spec_from_file_location("make_demo", REPO / "demo" / "make_demo.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_demo"] = module  # dataclasses look their module up while the class is made
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop("make_demo", None)
    return dict(module.DESIGNED)


def test_every_demo_student_has_designed_points() -> None:
    roster = (REPO / "roster.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    graded = {line.split(",")[0] for line in roster if ",staff," not in line}
    assert set(_designed()) == graded


@pytest.mark.slow
def test_the_demo_cohort_scores_as_designed_in_fresh_states(tmp_path: Path) -> None:
    from deepgrade.config.loader import load_course
    from deepgrade.pipeline.grade import grade_course

    designed = _designed()
    runs = []
    for run in range(FRESH_RUNS):
        course = load_course(REPO / "course.yml", state=tmp_path / f"state{run}", export=tmp_path / f"export{run}")
        grade_course(course, weeks=[1], jobs=2, console=Console(file=io.StringIO(), width=120))
        results = json.loads((tmp_path / f"export{run}/staff/week01/results.json").read_text(encoding="utf-8"))
        runs.append({s["id"]: (s["status"], s["points"]) for s in results["students"]})
    for run, scores in enumerate(runs):
        wrong = {sid: (scores.get(sid), want) for sid, want in designed.items() if scores.get(sid) != want}
        assert not wrong, f"fresh run {run + 1}: (got, designed) {wrong}"
