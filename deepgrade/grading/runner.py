"""grade_submission(): one submission through the trusted graders, as plain data in and out.

pytest runs in this process (fast: torch is imported once), against the graders' own
conftest only; student code runs in the sandbox (or, for author checks, in-process). Every
run leaves ``sys.modules``/``sys.path`` as it found them, like pytest's ``pytester`` does for
inline runs, so many submissions can be graded in one process without leaking graders,
reference modules or student modules into the next run.
"""
from __future__ import annotations

import atexit
import contextlib
import dataclasses
import functools
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Iterator

from deepgrade.grading import library, measures, plugin
from deepgrade.grading.attribution import shorten_sections
from deepgrade.grading.explanations import with_explanation
from deepgrade.grading.inprocess import InProcessSession
from deepgrade.grading.job import Backend, GradeJob
from deepgrade.grading.installation import engine_error_text, installation_failure
from deepgrade.grading.name_policy import deductions, variant_notes
from deepgrade.grading.outcomes import cap, shorten_paths
from deepgrade.grading.scoring import score_tests, unknown_problems
from deepgrade.grading.warmup import warm_up
from deepgrade.results import SubmissionResult
from deepgrade.sandbox.shared.spec import SandboxSpec
from deepgrade.submission.loader import load_units

LOG_TAIL = 3000


def _library_roots() -> tuple[str, ...]:
    """Where installed code lives: the environment, deepgrade, and every site-packages folder on
    the path (a user install, or packages a virtual environment borrows through a .pth file)."""
    roots = {sys.prefix, sys.base_prefix, str(Path(__file__).resolve().parents[1])}
    roots |= {os.path.realpath(p) for p in sys.path
              if Path(p).name in ("site-packages", "dist-packages") and Path(p).is_dir()}
    return tuple(roots)


_LIBRARY_ROOTS = _library_roots()


def _is_library(name: str) -> bool:
    # Libraries first imported during a run (torch submodules, pytest plugins) stay: dropping
    # them would re-import C extensions later (torch._C's submodules cannot be re-imported).
    # A module counts as library when its top-level package lives in the environment or in
    # deepgrade; graders, conftests, the reference and in-process student modules do not.
    top = sys.modules.get(name.partition(".")[0])
    filename = getattr(top, "__file__", None)
    if not filename:
        origin = getattr(getattr(top, "__spec__", None), "origin", None)
        return origin in ("built-in", "frozen")
    resolved = os.path.realpath(filename)
    return any(resolved.startswith(root + os.sep) for root in _LIBRARY_ROOTS)


@contextlib.contextmanager
def _restored_interpreter_state() -> Iterator[None]:
    """Undo what an inline pytest run adds: modules (graders, conftest, reference) and sys.path."""
    modules = dict(sys.modules)
    path = list(sys.path)
    meta_path = list(sys.meta_path)
    try:
        yield
    finally:
        for name in [n for n in sys.modules if n not in modules]:
            if not _is_library(name):
                del sys.modules[name]
        sys.modules.update(modules)
        sys.path[:] = path
        sys.meta_path[:] = meta_path


def graders_root(test_paths: tuple[str, ...]) -> Path:
    """The folder that holds every test path: pytest's rootdir and conftest boundary."""
    folders = [Path(p).resolve() if Path(p).is_dir() else Path(p).resolve().parent for p in test_paths]
    return Path(os.path.commonpath([str(f) for f in folders]))


def _pytest_args(job: GradeJob, root: Path, nodeids: tuple[str, ...] = ()) -> list[str]:
    ini = root / "pytest.ini"
    targets = [str(root / n) for n in nodeids] or [str(Path(p).resolve()) for p in job.test_paths]
    return [
        *targets,
        "-q",
        "-p", "no:cacheprovider",
        "-p", "no:stepwise",
        # These two run gc.collect() several times per session (~0.5 s per submission here)
        # to catch unraisable exceptions in grader code; grading does not need them.
        "-p", "no:unraisableexception",
        "-p", "no:threadexception",
        "-p", "no:faulthandler",
        "-p", "no:logging",                  # per-test log capture: graders do not log
        "-p", "no:junitxml",
        "-p", "no:pastebin",
        "--rootdir", str(root),
        "--confcutdir", str(root),           # no conftest.py from above the graders
        "-c", str(ini) if ini.is_file() else os.devnull,  # never an ini from the cwd
        "-o", "python_files=test_*.py",
        "--capture=sys",                     # leave fds alone: the sandbox owns its own pipes
        "--tb=no",
        "-W", "ignore::pytest.PytestAssertRewriteWarning",
    ]


def _data_root(spec: SandboxSpec, backend: Backend = "sandbox") -> str:
    for path, source in spec.fixtures.items():
        inside = Path(path)
        if backend == "inprocess":
            # No mounts in-process: the same folder as it lies on this machine
            # ("data/MNIST/raw" -> /…/fixtures/mnist/MNIST/raw gives /…/fixtures/mnist).
            return str(Path(source).parents[len(inside.parts) - 2]) if len(inside.parts) > 1 else str(source)
        return inside.parts[0]
    return "data"


@contextlib.contextmanager
def _zygote(backend: Backend, zygote: Any) -> Iterator[Any]:
    """The zygote to fork sandboxes from: the caller's (a pool keeps one per worker), or, for a
    one-off sandbox call, one of its own; None in-process."""
    if backend != "sandbox" or zygote is not None:
        yield zygote
        return
    from deepgrade.sandbox import Zygote

    with Zygote() as made:
        yield made


@contextlib.contextmanager
def _open_session(job: GradeJob, backend: Backend, zygote: Any) -> Iterator[Any]:
    if backend == "inprocess":
        with InProcessSession(job.spec) as session:
            yield session
        return
    if backend != "sandbox":
        raise ValueError(f"backend: got {backend!r} (expected 'sandbox' or 'inprocess')")
    from deepgrade.sandbox import Sandbox

    with Sandbox(job.spec, zygote) as session:
        yield session


def _import_notes(report: Any, language: str) -> list[str]:
    """Failed unit imports, said to the student (import_report entries: status + message)."""
    entries = report.values() if isinstance(report, dict) else (report or ())
    notes = []
    for entry in entries:
        status = getattr(entry, "status", "ok")
        if status != "ok":
            where = getattr(entry, "filename", None) or getattr(entry, "unit", "")
            note = cap(shorten_paths(f"{where}: {status}: {getattr(entry, 'message', '')}".rstrip(": ")))
            notes.append(with_explanation(note) if language == "ko" else note)
    return notes


def _broken_installation(report: Any) -> str | None:
    """A unit that failed to import because the sandbox's Python lacks a stdlib module or codec."""
    entries = report.values() if isinstance(report, dict) else (report or ())
    for entry in entries:
        if getattr(entry, "status", "ok") == "error":
            broken = installation_failure(str(getattr(entry, "message", "")))
            if broken is not None:
                where = getattr(entry, "filename", None) or getattr(entry, "unit", "")
                return engine_error_text(broken, f"importing {where}")
    return None


@functools.lru_cache(maxsize=1)
def _private_pycache() -> str:
    # One folder per process, made on first use (the cache is per process by design).
    folder = tempfile.mkdtemp(prefix="deepgrade-pycache-")
    atexit.register(shutil.rmtree, folder, True)
    return folder


@contextlib.contextmanager
def _rewrite_cache() -> Iterator[None]:
    """Let pytest cache its assertion-rewritten graders between submissions.

    Each submission's inline run re-imports the graders; without a cached pyc, rewriting
    their asserts costs ~0.1 s per submission. Environments that set PYTHONDONTWRITEBYTECODE
    (CI, this machine) disable that cache, so it is kept in a folder private to this process
    (mode 0700, removed at exit): a shared, predictable folder would let anyone plant code
    that the trusted side then runs.
    """
    saved = (sys.dont_write_bytecode, sys.pycache_prefix)
    if sys.pycache_prefix is None:
        sys.pycache_prefix = _private_pycache()
    sys.dont_write_bytecode = False
    try:
        yield
    finally:
        sys.dont_write_bytecode, sys.pycache_prefix = saved


def _run_pytest(job: GradeJob, context: plugin.RunContext, nodeids: tuple[str, ...] = (),
                observers: tuple[object, ...] = ()) -> tuple[int, str]:
    """Run the job's tests (only ``nodeids`` when given) with ``context`` collecting the records;
    ``observers``: extra pytest plugins (validate's ``measures.Measurements``)."""
    import pytest

    root = graders_root(job.test_paths)
    log = io.StringIO()
    with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log), _rewrite_cache():
        code = pytest.main(_pytest_args(job, root, nodeids), plugins=[plugin, measures, library, context, *observers])
    return int(code), log.getvalue()


def _context(job: GradeJob, session: Any, backend: Backend = "sandbox") -> plugin.RunContext:
    private = tuple(str(Path(p).resolve()) for p in (*job.test_paths, job.reference_dir or "") if p)
    return plugin.RunContext(
        session=session,
        seed=job.seed,
        reference_dir=job.reference_dir,
        default_visibility=job.default_visibility,
        test_timeout_s=job.spec.limits.test_timeout_s,
        total_timeout_s=job.spec.limits.total_timeout_s,
        data_root=_data_root(job.spec, backend),
        host_data_root=_data_root(job.spec, "inprocess"),
        language=job.language,
        problem_ids=tuple(p.id for p in job.problems) or job.known_problems,
        private_paths=(*private, str(graders_root(job.test_paths))),
        name_case=job.name_case,
    )


# --- a fixture that failed on the student's value: is it the grader's bug? ---------------------

def _reference_job(job: GradeJob) -> GradeJob:
    """The same job with the reference solution's files in place of the student's."""
    folder = Path(job.reference_dir or "")
    files = {p.name: p.read_bytes() for p in sorted(folder.glob("*.py"))
             if p.name != "conftest.py" and not p.name.startswith("test_")}
    expected = [f"{module}.py" for module in dict.fromkeys(job.spec.provides.values())]
    units = load_units(files, expected_files=expected, language=job.language)
    return dataclasses.replace(job, spec=dataclasses.replace(job.spec, units=units.units), notes=())


def _fixtures_failing_on_reference(job: GradeJob, suspects: dict[str, str], backend: Backend,
                                   zygote: Any) -> list[str]:
    """The grader faults among ``suspects`` (nodeid -> fault text): fixtures that fail on the
    reference solution as well. Those that pass there failed on the student's value."""
    reference = _reference_job(job)
    with _open_session(reference, backend, zygote) as session:
        context = _context(reference, session, backend)
        _run_pytest(reference, context, tuple(suspects))
    ran = {r.nodeid for r in context.records}
    faults = [fault for nodeid, fault in suspects.items()
              if nodeid in context.fixture_suspects or nodeid not in ran]
    if context.engine_failure:
        raise RuntimeError(f"the reference solution could not be graded to check a fixture: {context.engine_failure}")
    return faults + context.grader_faults


def _engine_error(code: int, log: str) -> str:
    usage = [ln[len("ERROR: "):] for ln in log.splitlines() if ln.startswith("ERROR: ")]
    if code == 4 and usage:  # a grader's bad marker: already "file:line: field: got … (expected …)"
        return "\n".join(usage)
    if code == 5:
        return "no grader tests were found (expected test_*.py files with test_ functions)"
    return f"pytest exit code {code}:\n{log[-LOG_TAIL:]}"


def _grader_error(job: GradeJob, context: plugin.RunContext, *, complete: bool) -> str:
    """What is wrong with the graders themselves, as ``file:line: …`` lines ("" when nothing).

    Besides the faults the plugin saw, a full grading run (with the reference solution, so
    not a public self-check) checks that each declared problem's tests add up to its points:
    more would score 150 / 100, fewer would make full marks unreachable.
    """
    lines = list(dict.fromkeys(context.grader_faults))
    if complete and job.problems and job.reference_dir and not lines:
        for spec in job.problems:
            total = sum(r.max_points for r in context.records if r.problem == spec.id)
            if spec.points is not None and abs(total - spec.points) > 1e-9:
                lines.append(f"assignment.yml: problems: {spec.id!r} is worth {spec.points:g} points, "
                             f"but its grader tests add up to {total:g} (run `deepgrade validate`)")
    if not lines:
        return ""
    return "grader error (not the student's fault; fix the graders and grade again):\n" + "\n".join(lines)


def grade_submission(job: GradeJob, *, backend: Backend = "sandbox", zygote: Any = None,
                     observers: tuple[object, ...] = ()) -> SubmissionResult:
    """Grade one submission. Student faults become test outcomes; engine faults, ``error``.

    ``observers``: extra pytest plugins for this run (``measures.Measurements`` for validate).
    """
    warm_up()  # torch's lazy imports, once per process: never inside a test's budget
    started = time.monotonic()
    try:
        with (_restored_interpreter_state(), _zygote(backend, zygote) as zygote,
              _open_session(job, backend, zygote) as session):
            context = _context(job, session, backend)
            code, log = _run_pytest(job, context, observers=observers)
            if context.fixture_suspects and not context.grader_faults and not context.engine_failure:
                context.grader_faults += _fixtures_failing_on_reference(job, context.fixture_suspects,
                                                                        backend, zygote)
            output, hidden_output = shorten_sections(str(getattr(session, "output", "") or ""),
                                                     context.hidden_output, shorten_paths)
            warnings = tuple(getattr(session, "isolation_warnings", ()) or ())
            notes = [*job.notes, *_import_notes(getattr(session, "import_report", ()), job.language)]
            broken = _broken_installation(getattr(session, "import_report", ()))
            if broken is not None:
                context.engine_failure = context.engine_failure or broken
    except Exception as exc:  # noqa: BLE001 - an engine failure is a result, never a crash of the run
        return SubmissionResult(
            assignment=job.assignment, problems=(), duration_s=time.monotonic() - started,
            error=cap(f"{type(exc).__name__}: {exc}"),
        )
    duration = time.monotonic() - started
    # complete: every test ran (not a usage error or an engine failure that left records out)
    complete = code in (0, 1) and not context.engine_failure
    grader_error = _grader_error(job, context, complete=complete)
    if grader_error:  # the graders' own bug: never a student's score, never cached
        return SubmissionResult(assignment=job.assignment, problems=(), output=output, duration_s=duration,
                                error=cap(grader_error, 4000))
    if context.engine_failure:  # never a score: the run is retried once the host is fixed
        return SubmissionResult(assignment=job.assignment, problems=(), output=output, duration_s=duration,
                                error=cap(context.engine_failure))
    if code not in (0, 1):  # 2 interrupted (collection error), 3 internal, 4 usage, 5 no tests
        return SubmissionResult(
            assignment=job.assignment, problems=(), output=output, duration_s=duration,
            error=_engine_error(code, log),
        )
    records = context.records
    unknown = unknown_problems(records, job.problems) if job.problems else ()
    if unknown:
        notes.append(f"grader problem ids not in assignment.yml: {', '.join(unknown)} (not scored)")
    notes += variant_notes(context.name_variants, job.spec.provides, rule=job.name_case,
                           deduction=job.name_deduction, language=job.language)
    return SubmissionResult(
        assignment=job.assignment,
        problems=score_tests(records, job.problems, deductions(context.name_variants, rule=job.name_case,
                                                               deduction=job.name_deduction)),
        output=output,
        notes=tuple(notes),
        isolation_warnings=warnings,
        duration_s=duration,
        hidden_output_spans=hidden_output,
    )
