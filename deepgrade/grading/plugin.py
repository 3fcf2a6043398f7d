"""The pytest plugin the graders run under: markers, fixtures, one record per test.

Graders are plain pytest files. This module gives them ``points``/``problem``/``visibility``/
``time_limit`` markers and the ``student``, ``reference``, ``seed``, ``data_root`` and
``sandbox`` fixtures, runs each test's call inside the sandbox's deadline, and turns each
test into a ``TestRecord``. The run's state lives in a ``RunContext`` placed in
``config.stash`` (the runner registers it as a second plugin); per-test state in ``item.stash``.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pytest

from deepgrade.grading.outcomes import BudgetExhausted, cap, classify, say, scrub
from deepgrade.grading.reference import ReferenceNamespace, load_reference
from deepgrade.grading.scoring import TestRecord

VISIBILITIES = ("visible", "hidden", "after_due")
DEFAULT_POINTS = 1.0


@dataclass
class RunContext:
    """Everything one grading run needs; registered as a plugin so it lands in config.stash."""

    session: Any                    # a Sandbox or an InProcessSession
    seed: int
    reference_dir: str | None = None
    default_visibility: str = "hidden"
    test_timeout_s: float = 10.0
    total_timeout_s: float = 120.0  # all test calls of one submission together
    spent_s: float = 0.0            # time used by test calls so far
    data_root: str = "data"
    language: str = "ko"
    problem_ids: tuple[str, ...] = ()
    private_paths: tuple[str, ...] = ()
    records: list[TestRecord] = field(default_factory=list)
    engine_failure: str | None = None  # the sandbox broke for host reasons: no score at all

    def pytest_configure(self, config: pytest.Config) -> None:
        config.stash[CONTEXT] = self


@dataclass(frozen=True)
class TestMeta:
    __test__ = False

    problem: str
    points: float
    visibility: str
    description: str
    time_limit_s: float


CONTEXT = pytest.StashKey[RunContext]()
META = pytest.StashKey[TestMeta]()
RECORD = pytest.StashKey[TestRecord]()
REFERENCE = pytest.StashKey[ReferenceNamespace]()


def pytest_configure(config: pytest.Config) -> None:
    for line in (
        "points(n): points this test is worth (default 1)",
        "problem(id): the assignment.yml problem this test belongs to (default: from the file name)",
        "visibility(v): visible | hidden | after_due",
        "time_limit(seconds): this test's own time budget instead of the assignment's",
    ):
        config.addinivalue_line("markers", line)


def derive_seed(job_seed: int, nodeid: str) -> int:
    """A stable 63-bit seed per (submission, test): reproducible, different per submission."""
    digest = hashlib.sha256(f"{job_seed}\0{nodeid}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def problem_from_filename(stem: str, known: tuple[str, ...]) -> str:
    """``test_<id>.py`` or ``test_<id>_<anything>.py`` -> id (the longest declared id wins)."""
    rest = stem[len("test_"):] if stem.startswith("test_") else stem
    matches = [p for p in known if rest == p or rest.startswith(p + "_")]
    if matches:
        return max(matches, key=len)
    return rest


def _marker_arg(item: pytest.Item, name: str) -> tuple[bool, Any]:
    marker = item.get_closest_marker(name)
    if marker is None:
        return False, None
    if len(marker.args) != 1 or marker.kwargs:
        _bad(item, name, f"{marker.args!r}", "exactly one argument")
    return True, marker.args[0]


def _bad(item: pytest.Item, field_name: str, got: str, expected: str) -> None:
    path, line, _ = item.location
    raise pytest.UsageError(f"{path}:{(line or 0) + 1}: {field_name}: got {got} (expected {expected})")


def _meta(item: pytest.Item, ctx: RunContext) -> TestMeta:
    has, points = _marker_arg(item, "points")
    if not has:
        points = DEFAULT_POINTS
    elif isinstance(points, bool) or not isinstance(points, (int, float)) or points < 0:
        _bad(item, "points", repr(points), "a number >= 0")
    has, problem = _marker_arg(item, "problem")
    if not has:
        problem = problem_from_filename(Path(str(item.path)).stem, ctx.problem_ids)
    elif not isinstance(problem, str) or not problem:
        _bad(item, "problem", repr(problem), "a problem id string from assignment.yml")
    has, visibility = _marker_arg(item, "visibility")
    if not has:
        visibility = ctx.default_visibility
    elif visibility not in VISIBILITIES:
        _bad(item, "visibility", repr(visibility), " | ".join(VISIBILITIES))
    has, limit = _marker_arg(item, "time_limit")
    if not has:
        limit = ctx.test_timeout_s
    elif isinstance(limit, bool) or not isinstance(limit, (int, float)) or limit <= 0:
        _bad(item, "time_limit", repr(limit), "seconds > 0")
    doc = getattr(getattr(item, "obj", None), "__doc__", None) or ""
    description = doc.strip().splitlines()[0].strip() if doc.strip() else ""
    return TestMeta(problem, float(points), visibility, description, float(limit))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    ctx = config.stash[CONTEXT]
    for item in items:
        item.stash[META] = _meta(item, ctx)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    ctx = item.config.stash[CONTEXT]
    remaining = ctx.total_timeout_s - ctx.spent_s
    if remaining <= 0:
        # A submission whose every test hangs would otherwise cost tests x test_timeout_s.
        raise BudgetExhausted(ctx.total_timeout_s)
    started = time.monotonic()
    try:
        with ctx.session.deadline(min(item.stash[META].time_limit_s, remaining)):
            return (yield)
    finally:
        ctx.spent_s += time.monotonic() - started


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    report = yield
    if call.when == "call" or (call.when == "setup" and not report.passed):
        item.stash[RECORD] = _record(item, call, report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[object]:
    result = yield
    record = item.stash.get(RECORD, None)
    if record is not None:
        item.config.stash[CONTEXT].records.append(record)
    return result


def _is_setup_error(exc: BaseException) -> bool:
    from deepgrade.sandbox.errors import SandboxSetupError

    return isinstance(exc, SandboxSetupError)


def _record(item: pytest.Item, call: pytest.CallInfo[None], report: pytest.TestReport) -> TestRecord:
    ctx = item.config.stash[CONTEXT]
    meta = item.stash[META]
    outcome, message = "passed", ""
    if call.excinfo is not None and _is_setup_error(call.excinfo.value):
        ctx.engine_failure = ctx.engine_failure or str(call.excinfo.value)
    if report.skipped:
        outcome = "skipped"
    elif report.failed and call.excinfo is not None:
        outcome, message = classify(
            call.excinfo.value, ctx.session, language=ctx.language, private_paths=ctx.private_paths
        )
        if call.when == "setup" and outcome == "failed":
            # A grader fixture broke before the test ran: not the student's wrong answer.
            detail = f"{call.excinfo.type.__name__}: {call.excinfo.value}"
            outcome, message = "error", classify_grader_text(ctx, detail)
    return TestRecord(
        nodeid=item.nodeid,
        name=item.name,
        problem=meta.problem,
        outcome=outcome,
        max_points=meta.points,
        message=message,
        description=meta.description,
        visibility=meta.visibility,
    )


def classify_grader_text(ctx: RunContext, detail: str) -> str:
    return cap(scrub(say(ctx.language, "grader", detail=detail), ctx.private_paths))


@pytest.fixture
def sandbox(request: pytest.FixtureRequest) -> Any:
    """The submission's sandbox (deadline, output, import_report)."""
    return request.config.stash[CONTEXT].session


@pytest.fixture
def student(request: pytest.FixtureRequest) -> Any:
    """The submission: ``student.Fourcal(4, 2)`` runs in the sandbox, returns a handle."""
    return request.config.stash[CONTEXT].session.student


@pytest.fixture
def reference(request: pytest.FixtureRequest) -> ReferenceNamespace:
    """The reference solution, imported here on the trusted side only (once per run)."""
    config = request.config
    if REFERENCE not in config.stash:
        config.stash[REFERENCE] = load_reference(config.stash[CONTEXT].reference_dir)
    return config.stash[REFERENCE]


@pytest.fixture
def seed(request: pytest.FixtureRequest) -> Any:
    """A ``torch.Generator`` seeded from the submission's seed and this test's id."""
    import torch

    ctx = request.config.stash[CONTEXT]
    return torch.Generator().manual_seed(derive_seed(ctx.seed, request.node.nodeid))


@pytest.fixture
def data_root(request: pytest.FixtureRequest) -> str:
    """The data folder's path as the student's code sees it (relative to its working dir)."""
    return request.config.stash[CONTEXT].data_root
