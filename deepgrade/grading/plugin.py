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

from deepgrade.grading.grader_faults import (HANG_MARGIN_S, collect_fault, fixture_name, grader_fault, hang_guard,
                                             is_grader_only)
from deepgrade.grading.installation import engine_error_text, installation_failure
from deepgrade.grading.name_policy import GraderStudent, NameVariant
from deepgrade.grading.attribution import output_mark, student_location
from deepgrade.grading.outcomes import BudgetExhausted, cap, classify, scrub
from deepgrade.messages import say
from deepgrade.grading.reference import ReferenceNamespace, load_reference
from deepgrade.grading.scoring import TestRecord

VISIBILITIES = ("visible", "hidden", "after_due")
DEFAULT_POINTS = 1.0


@dataclass(eq=False)  # a plugin: pluggy keeps plugins in sets, so it must stay hashable
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
    host_data_root: str = "data"    # the same folder as it lies on this (the trusted) machine
    language: str = "ko"
    problem_ids: tuple[str, ...] = ()
    private_paths: tuple[str, ...] = ()
    records: list[TestRecord] = field(default_factory=list)
    engine_failure: str | None = None  # the sandbox broke for host reasons: no score at all
    grader_faults: list[str] = field(default_factory=list)  # grader bugs: file:line, never a score
    # nodeid -> grader fault text, for fixtures that failed on a student's value: a grader fault
    # only if the same fixture fails on the reference solution (the runner checks)
    fixture_suspects: dict[str, str] = field(default_factory=dict)
    name_case: str = "note"         # assignment.yml names.case: exact | note | deduct
    name_variants: dict[str, NameVariant] = field(default_factory=dict)  # wanted name -> what was graded
    names_used: list[str] = field(default_factory=list)  # student names the current test asked for
    # [start, end) character spans of the sandbox's output printed during hidden/after_due tests
    hidden_output: list[tuple[int, int]] = field(default_factory=list)
    rootpath: Path = Path(".")      # pytest's rootdir: grader paths are shown relative to it
    collect_errors: dict[str, Any] = field(default_factory=dict)  # nodeid -> ExceptionInfo

    def pytest_configure(self, config: pytest.Config) -> None:
        config.stash[CONTEXT] = self
        self.rootpath = Path(str(config.rootpath))

    def pytest_exception_interact(self, node: Any, call: pytest.CallInfo[Any], report: Any) -> None:
        # Called before pytest_collectreport with the exception itself: its traceback has the
        # line of a module-level NameError, which the report's text (--tb=no) leaves out.
        if isinstance(report, pytest.CollectReport) and call.excinfo is not None:
            self.collect_errors[report.nodeid] = call.excinfo

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        # A grader file that cannot be imported (SyntaxError, ImportError, NameError at module
        # level): named by file:line, and the submission is not scored.
        if report.failed:
            excinfo = self.collect_errors.get(report.nodeid)
            self.grader_faults.append(collect_fault(report, self.rootpath, excinfo))


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
PHASE = pytest.StashKey[tuple[str, Any, pytest.TestReport]]()  # when, excinfo, report
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


def _guard_s(item: pytest.Item) -> float:
    return item.stash[META].time_limit_s + HANG_MARGIN_S


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    # Fixtures may call student code too: they get the test's budget, and a fixture stuck in
    # trusted-side code is stopped as a grader hang instead of holding the run forever.
    ctx = item.config.stash[CONTEXT]
    with hang_guard(_guard_s(item)), ctx.session.deadline(item.stash[META].time_limit_s):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    ctx = item.config.stash[CONTEXT]
    with hang_guard(_guard_s(item)), ctx.session.deadline(item.stash[META].time_limit_s):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    ctx = item.config.stash[CONTEXT]
    remaining = ctx.total_timeout_s - ctx.spent_s
    if remaining <= 0:
        # A submission whose every test hangs would otherwise cost tests x test_timeout_s.
        raise BudgetExhausted(ctx.total_timeout_s)
    started = time.monotonic()
    try:
        with hang_guard(_guard_s(item)), ctx.session.deadline(min(item.stash[META].time_limit_s, remaining)):
            return (yield)
    finally:
        ctx.spent_s += time.monotonic() - started


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    report = yield
    if call.when == "call" or (call.when == "setup" and not report.passed):
        item.stash[PHASE] = (call.when, call.excinfo, report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[object]:
    ctx = item.config.stash[CONTEXT]
    ctx.names_used.clear()
    start = output_mark(ctx.session)
    result = yield
    end = output_mark(ctx.session)
    if end > start and item.stash[META].visibility != "visible":
        ctx.hidden_output.append((start, end))  # e.g. a print in setdata showing hidden operands
    phase = item.stash.get(PHASE, None)
    if phase is not None:
        # Built after every hook ran: the report as the graders' own conftest left it.
        ctx = item.config.stash[CONTEXT]
        record, fault = _record(item, *phase)
        ctx.records.append(record)
        if fault is not None:
            ctx.grader_faults.append(fault)
            # One grader bug spoils this submission's score anyway: stop instead of running on.
            item.session.shouldstop = "grader error"
    return result


def _is_setup_error(exc: BaseException) -> bool:
    from deepgrade.sandbox.client.errors import SandboxSetupError

    return isinstance(exc, SandboxSetupError)


def _installation_failure(exc: BaseException) -> str | None:
    """The sandbox's Python failing (a stdlib module or codec missing there), from a student error."""
    from deepgrade.sandbox.client.errors import StudentError

    return installation_failure(str(exc)) if isinstance(exc, StudentError) else None


def _record(item: pytest.Item, when: str, excinfo: Any,
            report: pytest.TestReport) -> tuple[TestRecord, str | None]:
    ctx = item.config.stash[CONTEXT]
    meta = item.stash[META]
    outcome, message, fault = "passed", "", None
    if excinfo is not None and _is_setup_error(excinfo.value):
        ctx.engine_failure = ctx.engine_failure or str(excinfo.value)
    broken = _installation_failure(excinfo.value) if excinfo is not None else None
    if broken is not None:
        ctx.engine_failure = ctx.engine_failure or engine_error_text(broken, f"test {item.name}")
        item.session.shouldstop = "the Python installation failed inside the sandbox"
    if report.skipped:
        outcome, message = "skipped", _skip_reason(report)
    elif report.failed and excinfo is not None:
        outcome, message = classify(
            excinfo.value, ctx.session, language=ctx.language, private_paths=ctx.private_paths
        )
        fault = grader_fault(item, when, excinfo, student_caused=outcome != "failed")
        if fault is not None and when == "setup" and ctx.reference_dir and not is_grader_only(excinfo.value):
            # A fixture that cannot use the student's value (build_datasets without return: the
            # fixture unpacks None) is the student's outcome, unless the same fixture fails on the
            # reference solution too: the runner asks the reference once the run is over.
            ctx.fixture_suspects[item.nodeid] = fault
            fault, message = None, say(ctx.language, "grading.fixture", fixture=fixture_name(excinfo) or "fixture",
                                       detail=message.removeprefix(say(ctx.language, "grading.failed", detail="")))
        elif fault is not None:
            outcome, message = "error", classify_grader_text(ctx, fault)
    record = TestRecord(
        nodeid=item.nodeid,
        name=item.name,
        problem=meta.problem,
        outcome=outcome,
        max_points=meta.points,
        message=message,
        description=meta.description,
        visibility=meta.visibility,
        location="" if outcome in ("passed", "skipped") or fault else student_location(
            excinfo.value if excinfo is not None else None, ctx.names_used, getattr(ctx.session, "spec", None),
            message),
    )
    return record, fault


def _skip_reason(report: pytest.TestReport) -> str:
    # The reason only: longrepr's path is the grader's file.
    reason = getattr(report, "wasxfail", "") or ""
    if not reason and isinstance(report.longrepr, tuple) and len(report.longrepr) == 3:
        reason = str(report.longrepr[2])
    return cap(reason)


def classify_grader_text(ctx: RunContext, detail: str) -> str:
    return cap(scrub(say(ctx.language, "grading.grader", detail=detail), ctx.private_paths))


@pytest.fixture
def sandbox(request: pytest.FixtureRequest) -> Any:
    """The submission's sandbox (deadline, output, import_report)."""
    return request.config.stash[CONTEXT].session


@pytest.fixture
def student(request: pytest.FixtureRequest) -> Any:
    """The submission: ``student.Fourcal(4, 2)`` runs in the sandbox, returns a handle.

    Unless assignment.yml says ``names: {case: exact}``, a name spelled in another letter
    case (``FourCal``) is found too, and recorded for a note (and a deduction, if set)."""
    ctx = request.config.stash[CONTEXT]
    problem = request.node.stash[META].problem if META in request.node.stash else ""

    def seen(wanted: str, used: str) -> None:
        ctx.name_variants.setdefault(wanted, NameVariant(wanted, used, problem))

    return GraderStudent(ctx.session.student, tolerant=ctx.name_case != "exact",
                         on_name=ctx.names_used.append, on_variant=seen)


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


@pytest.fixture
def host_data_root(request: pytest.FixtureRequest) -> str:
    """The data folder as it lies on the trusted machine: graders read the fixture's files here
    (MNIST's test split, a shipped "pretrained" model) rather than trusting what the
    student's process would report back."""
    return request.config.stash[CONTEXT].host_data_root
