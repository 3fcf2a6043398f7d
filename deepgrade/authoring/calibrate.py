"""Thresholds and time budgets checked against the reference solution (curriculum rule 5).

A training test passes when a measured number clears a declared mark
(``@pytest.mark.threshold``, see ``grading/measures.py``). The mark is fair only if the
reference clears it with room to spare on every seed, and a test is safe only if the
reference needs well under its time budget. ``check_runs`` reads the measurements of one or
more reference runs and says where either fails:

- a threshold whose reference worst seed is within the declared ``margin`` of the mark;
- a threshold test that never reported its metric;
- a test whose slowest reference run took more than half its time budget.

``deepgrade validate`` applies it to its one reference run; ``deepgrade validate --calibrate
WEEK`` grades the reference on 20 seeds and prints, per test, the worst metric and time.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable

from rich.console import Console
from rich.table import Table

from deepgrade.grading.measures import Measurements, TestMeasure, Threshold

CALIBRATION_SEEDS = 20
TIME_SHARE = 0.5  # a test's slowest reference run may use at most this share of its budget


@dataclass(frozen=True)
class TestCalibration:
    """One test over every calibration run."""

    __test__ = False

    name: str
    runs: int
    failed_runs: int
    worst_time_s: float
    budget_s: float
    thresholds: tuple[Threshold, ...]
    worst_metrics: dict[str, float]  # metric name -> the worst value over the runs that reported it
    reported_runs: dict[str, int]    # metric name -> how many runs reported it

    @property
    def time_share(self) -> float:
        return self.worst_time_s / self.budget_s if self.budget_s and math.isfinite(self.budget_s) else 0.0

    def problems(self) -> list[str]:
        found = []
        for threshold in self.thresholds:
            worst = self.worst_metrics.get(threshold.name)
            if self.reported_runs.get(threshold.name, 0) < self.runs - self.failed_runs or worst is None:
                found.append(f"{self.name}: declares threshold {threshold.name!r} but did not report it with "
                             f"metric(...) on every run")
                continue
            gap = threshold.gap(worst)
            if gap < threshold.margin:
                found.append(f"{self.name}: threshold {threshold.describe()} is too close to the reference's "
                             f"worst seed ({worst:.4g}, {gap:+.4g} from the mark): move the mark or make the "
                             "check easier")
        if self.time_share > TIME_SHARE:
            found.append(f"{self.name}: the reference took {self.worst_time_s:.2f} s of its {self.budget_s:g} s "
                         f"budget ({self.time_share:.0%}, more than {TIME_SHARE:.0%}): make it cheaper or raise "
                         "@pytest.mark.time_limit")
        return found


def summarise(runs: Iterable[list[TestMeasure]]) -> list[TestCalibration]:
    """Per test (in first-seen order): runs, failures, worst time, worst metric values."""
    grouped: dict[str, list[TestMeasure]] = {}
    for run in runs:
        for measure in run:
            grouped.setdefault(measure.nodeid, []).append(measure)
    summary = []
    for measures in grouped.values():
        first = measures[0]
        values: dict[str, list[float]] = {}
        for measure in measures:
            for name, value in measure.metrics.items():
                values.setdefault(name, []).append(value)
        by_name = {t.name: t for t in first.thresholds}
        worst = {name: (by_name[name].worst(vals) if name in by_name else max(vals)) for name, vals in values.items()}
        summary.append(TestCalibration(
            name=first.name, runs=len(measures), failed_runs=sum(m.outcome != "passed" for m in measures),
            worst_time_s=max(m.duration_s for m in measures), budget_s=first.budget_s,
            thresholds=first.thresholds, worst_metrics=worst,
            reported_runs={name: len(vals) for name, vals in values.items()}))
    return summary


def check_runs(runs: Iterable[list[TestMeasure]]) -> list[str]:
    """Every threshold and time-budget problem over these reference runs."""
    return [problem for test in summarise(runs) for problem in test.problems()]


@dataclass
class CalibrationReport:
    week: int
    seeds: list[int]
    tests: list[TestCalibration] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall_s: list[float] = field(default_factory=list)  # each whole reference grading

    @property
    def ok(self) -> bool:
        return not self.errors


def calibrate_week(course: Any, week: int, *, seeds: int = CALIBRATION_SEEDS, backend: str = "sandbox",
                   first_seed: int = 1) -> CalibrationReport:
    """Grade the reference solution of ``week`` on ``seeds`` submission seeds; measure every test."""
    from deepgrade.authoring.validate import build_job, read_submission
    from deepgrade.grading.runner import grade_submission

    assignment = course.assignments[week]
    files = read_submission(assignment.solution_dir, [f.name for f in assignment.config.files])
    report = CalibrationReport(week, list(range(first_seed, first_seed + seeds)))
    runs: list[list[TestMeasure]] = []
    zygote_context = None
    zygote = None
    if backend == "sandbox":
        from deepgrade.sandbox import Zygote

        zygote_context = Zygote()
        zygote = zygote_context.__enter__()
    try:
        for seed in report.seeds:
            observer = Measurements()
            job = build_job(course, week, files, public_only=False, seed=seed, declare_problems=False)
            result = grade_submission(job, backend=backend, zygote=zygote, observers=(observer,))  # type: ignore[arg-type]
            report.wall_s.append(result.duration_s)
            if result.error:
                report.errors.append(f"seed {seed}: the reference could not be graded: {result.error}")
                continue
            for test in result.tests():
                if test.outcome != "passed":
                    report.errors.append(f"seed {seed}: reference fails {test.problem}/{test.name}: "
                                         f"{test.outcome}: {test.message}")
            runs.append(observer.tests)
    finally:
        if zygote_context is not None:
            zygote_context.__exit__(None, None, None)
    report.tests = summarise(runs)
    report.errors.extend(p for test in report.tests for p in test.problems())
    return report


def print_calibration(report: CalibrationReport, console: Console) -> None:
    table = Table(title=f"week {report.week:02d}: reference on {len(report.seeds)} seeds")
    for column in ("test", "threshold", "worst metric", "margin left", "worst time", "budget"):
        table.add_column(column, justify="left" if column in ("test", "threshold") else "right")
    for test in report.tests:
        marks = test.thresholds or (None,)
        for index, threshold in enumerate(marks):
            worst = test.worst_metrics.get(threshold.name) if threshold else None
            table.add_row(
                test.name if index == 0 else "",
                threshold.describe() if threshold else "",
                f"{worst:.4g}" if worst is not None else "",
                f"{threshold.gap(worst):.4g}" if threshold and worst is not None else "",
                f"{test.worst_time_s:.2f} s" if index == 0 else "",
                f"{test.budget_s:g} s ({test.time_share:.0%})" if index == 0 else "")
    console.print(table)
    walls = report.wall_s
    if walls:
        console.print(f"whole reference grading: median {sorted(walls)[len(walls) // 2]:.2f} s, "
                      f"worst {max(walls):.2f} s (wall, one submission)")
    for error in report.errors:
        console.print(f"[red]error:[/red] {error}")
    console.print("[green]calibration ok[/green]" if report.ok else f"[red]{len(report.errors)} problem(s)[/red]")
