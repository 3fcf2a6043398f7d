"""Threshold tests (``metric`` + ``@pytest.mark.threshold``), per-test seeding, and what validate
and ``--calibrate`` conclude from measured reference runs."""
from __future__ import annotations

import math
import textwrap
from pathlib import Path
from typing import Any

import pytest

from deepgrade.authoring.calibrate import check_runs, summarise
from deepgrade.grading.measures import Measurements, TestMeasure, Threshold
from deepgrade.grading.runner import GradeJob, grade_submission
from deepgrade.grading.scoring import ProblemSpec
from deepgrade.sandbox.shared.spec import Limits, SandboxSpec
from deepgrade.submission.loader import load_units

GRADER = '''
import pytest, torch

@pytest.mark.points(2)
@pytest.mark.threshold("loss_ratio", at_most=0.1, margin=0.05, label="마지막 손실 / 처음 손실")
def test_training(student, metric):
    """훈련하면 손실이 줄어든다"""
    losses = student.train()
    metric(losses[-1] / losses[0])

@pytest.mark.points(1)
def test_global_draw(student):
    """전역 난수"""
    assert student.draw() == student.draw_again()
'''

SOLUTION = '''
import torch

def train():
    return [1.0, 0.5, 0.02]

def draw():
    torch.manual_seed(0)   # the student may reseed: then only their own seed counts
    return torch.rand(1).item()

def draw_again():
    torch.manual_seed(0)
    return torch.rand(1).item()

def unseeded():
    return torch.rand(1).item()
'''


def _job(root: Path, files: dict[str, bytes], grader: str = GRADER, seed: int = 3) -> GradeJob:
    (root / "graders").mkdir(exist_ok=True)
    (root / "graders" / "test_train.py").write_text(textwrap.dedent(grader), encoding="utf-8")
    (root / "solutions").mkdir(exist_ok=True)
    (root / "solutions" / "train.py").write_text(SOLUTION, encoding="utf-8")
    units = load_units(files, expected_files=["train.py"])
    spec = SandboxSpec(units=units.units, limits=Limits(test_timeout_s=5, import_timeout_s=30),
                       provides={"train": "train"})
    return GradeJob(assignment="week98", test_paths=(str(root / "graders"),), reference_dir=str(root / "solutions"),
                    spec=spec, problems=(ProblemSpec("train", "훈련", 3),), seed=seed)


@pytest.fixture(scope="module", params=["inprocess", "sandbox"])
def grade(request: pytest.FixtureRequest) -> Any:
    if request.param == "inprocess":
        yield lambda job, **kw: grade_submission(job, backend="inprocess", **kw)
        return
    zygote = request.getfixturevalue("session_zygote")
    yield lambda job, **kw: grade_submission(job, backend="sandbox", zygote=zygote, **kw)


def test_metric_passes_the_reference_and_is_measured(grade: Any, tmp_path: Path) -> None:
    observer = Measurements()
    result = grade(_job(tmp_path, {"train.py": SOLUTION.encode()}), observers=(observer,))
    assert result.error is None and result.points == 3, [(t.name, t.message) for t in result.tests()]
    training = next(t for t in observer.tests if t.name == "test_training")
    assert training.metrics == {"loss_ratio": pytest.approx(0.02)}
    assert training.thresholds == (Threshold("loss_ratio", 0.1, "at_most", 0.05, "마지막 손실 / 처음 손실"),)
    assert training.budget_s == 5 and training.outcome == "passed"
    assert check_runs([observer.tests]) == []


def test_metric_past_the_mark_fails_with_the_label_in_korean(grade: Any, tmp_path: Path) -> None:
    slow = SOLUTION.replace("[1.0, 0.5, 0.02]", "[1.0, 0.9, 0.5]")
    result = grade(_job(tmp_path, {"train.py": slow.encode()}))
    test = next(t for t in result.tests() if t.name == "test_training")
    assert test.outcome == "failed" and test.points == 0
    assert "마지막 손실 / 처음 손실: 0.5 (기준: 0.1 이하)" in test.message


def test_global_random_sources_are_seeded_per_submission_and_test(grade: Any, tmp_path: Path) -> None:
    grader = GRADER + '''
@pytest.mark.points(0)
def test_probe(student):
    assert False, f"value={student.unseeded()!r}"
'''
    def probe(seed: int) -> str:
        result = grade(_job(tmp_path, {"train.py": SOLUTION.encode()}, grader=grader, seed=seed))
        return next(t.message for t in result.tests() if t.name == "test_probe")

    first, again, other = probe(3), probe(3), probe(4)
    assert "value=" in first and first == again and first != other


def test_a_bad_threshold_marker_is_the_graders_error_with_its_line(grade: Any, tmp_path: Path) -> None:
    bad = GRADER.replace('at_most=0.1, margin=0.05', 'at_most=0.1')
    result = grade(_job(tmp_path, {"train.py": SOLUTION.encode()}, grader=bad))
    assert result.error is not None and "test_train.py:" in result.error and "margin=" in result.error


def _measure(name: str, value: float | None, duration: float = 0.1, budget: float = 10.0,
             outcome: str = "passed") -> TestMeasure:
    threshold = Threshold("accuracy", 0.9, "at_least", 0.05)
    return TestMeasure(nodeid=f"g.py::{name}", name=name, outcome=outcome, duration_s=duration, budget_s=budget,
                       thresholds=(threshold,), metrics={} if value is None else {"accuracy": value})


def test_calibration_takes_the_worst_seed_and_names_each_problem() -> None:
    runs = [[_measure("test_fit", 1.0), _measure("test_slow", 0.99, duration=1.0)],
            [_measure("test_fit", 0.93), _measure("test_slow", 0.99, duration=6.0)]]
    summary = {t.name: t for t in summarise(runs)}
    assert summary["test_fit"].worst_metrics == {"accuracy": 0.93} and summary["test_fit"].runs == 2
    assert summary["test_slow"].worst_time_s == 6.0
    problems = check_runs(runs)
    assert len(problems) == 2
    assert "test_fit: threshold accuracy >= 0.9 (margin 0.05) is too close" in problems[0] and "0.93" in problems[0]
    assert "test_slow: the reference took 6.00 s of its 10 s budget (60%" in problems[1]
    assert check_runs([[_measure("test_fit", 0.96)]]) == []
    unreported = check_runs([[_measure("test_fit", None)]])
    assert unreported and "did not report it with metric(...)" in unreported[0]
    assert math.isclose(Threshold("r", 0.1, "at_most", 0.05).gap(0.02), 0.08)
