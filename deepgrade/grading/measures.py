"""Training checks with declared thresholds, per-test seeding, and what validate measures.

A grader whose pass mark is a number the reference itself only reaches approximately (a loss
ratio after training, an accuracy) declares it with a marker, and reports the measured
value through the ``metric`` fixture, which also makes the check::

    @pytest.mark.threshold("loss_ratio", at_most=0.1, margin=0.05, label="마지막 손실 / 처음 손실")
    def test_training_reduces_loss(student, seed, metric):
        ...
        metric(losses[-1] / losses[0])   # fails the test with a Korean message when > 0.1

``at_most``/``at_least`` is the pass mark (inclusive), ``margin`` how far the reference's
worst seed must stay from it, in the metric's own units. ``deepgrade validate`` checks the margin on its
one reference run, ``deepgrade validate --calibrate WEEK`` on 20 seeds (``calibrate.py``).

Also here: before each test, the global random sources where the student's code runs are
seeded from the submission's seed and the test (``torch.manual_seed`` etc.), so student code
that draws without a generator is reproducible per submission.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import pytest

from deepgrade.grading import plugin

METRIC_PROPERTY = "deepgrade.metric"


@dataclass(frozen=True)
class Threshold:
    name: str
    limit: float
    direction: str       # "at_most" | "at_least"
    margin: float
    label: str = ""

    def passes(self, value: float) -> bool:
        return value <= self.limit if self.direction == "at_most" else value >= self.limit

    def gap(self, value: float) -> float:
        """How far ``value`` is on the passing side of the limit (negative: failing)."""
        return self.limit - value if self.direction == "at_most" else value - self.limit

    def worst(self, values: list[float]) -> float:
        return max(values) if self.direction == "at_most" else min(values)

    def describe(self) -> str:
        sign = "<=" if self.direction == "at_most" else ">="
        return f"{self.name} {sign} {self.limit:g} (margin {self.margin:g})"


def _bad(item: pytest.Item, got: str, expected: str) -> None:
    path, line, _ = item.location
    raise pytest.UsageError(f"{path}:{(line or 0) + 1}: threshold: got {got} (expected {expected})")


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def thresholds_of(item: pytest.Item) -> tuple[Threshold, ...]:
    """The test's ``threshold`` markers, checked (a bad one is the grader author's usage error)."""
    found = []
    for marker in item.iter_markers("threshold"):
        kwargs = dict(marker.kwargs)
        if len(marker.args) != 1 or not isinstance(marker.args[0], str) or not marker.args[0]:
            _bad(item, repr(marker.args), "one metric name, e.g. threshold(\"loss_ratio\", at_most=0.1, margin=0.05)")
        at_most, at_least = kwargs.pop("at_most", None), kwargs.pop("at_least", None)
        margin, label = kwargs.pop("margin", None), kwargs.pop("label", "")
        if kwargs:
            _bad(item, f"unknown keywords {sorted(kwargs)}", "at_most=, at_least=, margin=, label=")
        limit = at_most if at_most is not None else at_least
        if (at_most is None) == (at_least is None) or not _number(limit):
            _bad(item, f"at_most={at_most!r}, at_least={at_least!r}", "exactly one of at_most= or at_least=, a number")
        if not _number(margin) or margin <= 0:
            _bad(item, f"margin={margin!r}", "margin=, a number > 0 in the metric's units")
        if not isinstance(label, str):
            _bad(item, f"label={label!r}", "a Korean label string")
        direction = "at_most" if at_most is not None else "at_least"
        found.append(Threshold(marker.args[0], float(limit), direction, float(margin), label))
    return tuple(found)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "threshold(name, at_most=|at_least=, margin=, label=): a calibrated pass mark the test "
        "checks with metric(value)")


def _say_limit(threshold: Threshold) -> str:
    return f"{threshold.limit:g} {'이하' if threshold.direction == 'at_most' else '이상'}"


@pytest.fixture
def metric(request: pytest.FixtureRequest) -> Callable[..., None]:
    """``metric(value, name=None)``: record a threshold test's measured value and check it."""
    declared = {t.name: t for t in thresholds_of(request.node)}

    def record(value: Any, name: str | None = None) -> None:
        if name is None:
            if len(declared) != 1:
                raise TypeError("metric(value, name): name the threshold (this test declares "
                                f"{len(declared)} threshold markers)")
            name = next(iter(declared))
        if name not in declared:
            raise TypeError(f"metric name {name!r} has no @pytest.mark.threshold({name!r}, ...) on this test")
        threshold = declared[name]
        number = float(value)
        request.node.user_properties.append((METRIC_PROPERTY, (name, number)))
        label = threshold.label or name
        assert threshold.passes(number), f"{label}: {number:.4g} (기준: {_say_limit(threshold)})"

    return record


@pytest.fixture(autouse=True)
def _seeded_globals(request: pytest.FixtureRequest) -> None:
    """Seed the global random sources where the student's code runs, per submission and test."""
    ctx = request.config.stash[plugin.CONTEXT]
    seed = plugin.derive_seed(ctx.seed, request.node.nodeid + "\0globals")
    ctx.session.seed_globals(seed)  # a sandbox seeds its process, in-process this one


@dataclass
class TestMeasure:
    """One test of one grading run, as validate and calibrate read it."""

    __test__ = False

    nodeid: str
    name: str
    outcome: str
    duration_s: float
    budget_s: float
    thresholds: tuple[Threshold, ...]
    metrics: dict[str, float] = field(default_factory=dict)


class Measurements:
    """A pytest plugin for one grading run: each test's time, budget, thresholds and metrics."""

    def __init__(self) -> None:
        self.tests: list[TestMeasure] = []

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[Any]:
        report = yield
        if call.when == "call":
            meta = item.stash.get(plugin.META, None)
            metrics = dict(value for key, value in item.user_properties if key == METRIC_PROPERTY)
            self.tests.append(TestMeasure(
                nodeid=item.nodeid, name=item.name, outcome=report.outcome, duration_s=call.duration,
                budget_s=meta.time_limit_s if meta else math.inf, thresholds=thresholds_of(item),
                metrics=metrics))
        return report
