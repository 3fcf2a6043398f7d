"""Where one submission's sandbox overhead goes: ``python bench/profile_sandbox.py [--week 1]``.

Grades the week's reference solution (as a student would hand it in) a few times in one
process with one zygote, as a grading pool worker does, and reports for the last one:

- round trips to the sandbox, by operation, and their time on each side;
- the sandbox's life: fork and isolation, step by step (timestamps taken in the three
  processes of the sandbox, on the monotonic clock they share), and loading the units;
- the inline pytest session: its wall time against the time of the tests' own phases;
- the trusted side's cProfile (top functions by own time) and the worker's cProfile.

The instrumentation is added here by wrapping functions before the zygote is forked (the
sandbox's processes are copies of this one); nothing in deepgrade changes. Timings include
the instrumentation's own cost (a few microseconds a call) and whatever else the machine runs.
"""
from __future__ import annotations

import argparse
import collections
import cProfile
import functools
import gc
import io
import os
import pstats
import resource
import sys
import time
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# Filled in whichever process runs the wrapped step; the sandbox's processes inherit it at
# fork time and the worker sends its copy back (the outer process's steps happen before the
# worker is forked, so they are in the worker's copy too).
MARKS: list[tuple[str, float]] = []


def _marked(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        MARKS.append((f"{name} start", time.monotonic()))
        try:
            return func(*args, **kwargs)
        finally:
            MARKS.append((f"{name} end", time.monotonic()))
    return wrapper


def _instrument_sandbox_side() -> None:
    """Wrap the isolation steps and the worker's request handling (before the zygote forks)."""
    from deepgrade.sandbox.inside import isolation, rootfs, worker

    for name in ("run", "_worker", "_root"):
        setattr(isolation, name, _marked(f"isolation.{name}", getattr(isolation, name)))
    for steps in ("OUTER_STEPS", "WORKER_STEPS"):  # each named step of the setup
        setattr(isolation, steps, tuple((name, _marked(f"isolation: {name}", step))
                                        for name, step in getattr(isolation, steps)))
    for name in ("plan_root", "build_root"):
        setattr(rootfs, name, _marked(f"rootfs.{name}", getattr(rootfs, name)))
    original_init, original_handle, original_serve = worker.Worker.__init__, worker.Worker.handle, worker.Worker.serve

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        MARKS.append(("worker serves", time.monotonic()))
        original_init(self, *args, **kwargs)
        self.bench_times = collections.defaultdict(float)
        self.bench_gc = [g["collections"] for g in gc.get_stats()]
        self.bench_profile = cProfile.Profile()
        self.ops["bench_report"] = lambda: self._bench_report()

    def handle(self: Any, op: str, args: tuple[Any, ...], keep_ref: bool, seed: Any = None) -> dict[str, Any]:
        started = time.perf_counter()
        try:
            return original_handle(self, op, args, keep_ref, seed)
        finally:
            self.bench_times[op] += time.perf_counter() - started

    def serve(self: Any) -> None:
        self.bench_profile.enable()  # the whole loop: reading, decoding, handling, encoding, sending
        original_serve(self)

    def report(self: Any) -> dict[str, Any]:
        self.bench_profile.disable()
        text = io.StringIO()
        pstats.Stats(self.bench_profile, stream=text).sort_stats("tottime").print_stats(30)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return {"marks": list(MARKS), "times": dict(self.bench_times), "profile": text.getvalue(),
                "gc": [g["collections"] - before for g, before in zip(gc.get_stats(), self.bench_gc)],
                "cpu_s": usage.ru_utime + usage.ru_stime, "minor_faults": usage.ru_minflt}

    worker.Worker.__init__ = init
    worker.Worker.handle = handle
    worker.Worker.serve = serve
    worker.Worker._bench_report = report


class TrustedCounters:
    """Round trips by op and their wall time on the trusted side (send + wait + decode)."""

    def __init__(self) -> None:
        self.count: collections.Counter[str] = collections.Counter()
        self.seconds: dict[str, float] = collections.defaultdict(float)

    def install(self) -> None:
        from deepgrade.sandbox.client.proxy import Sandbox

        original = Sandbox._raw_call
        counters = self

        def raw_call(sandbox: Any, op: str, *args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(sandbox, op, *args, **kwargs)
            finally:
                if op != "bench_report":
                    counters.count[op] += 1
                    counters.seconds[op] += time.perf_counter() - started

        Sandbox._raw_call = raw_call


def _process_cpu_s(pid: int) -> float:
    """User + system CPU of one process so far (from /proc; clock-tick resolution)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _steps(marks: list[tuple[str, float]], forked_at: float, hello_at: float) -> list[tuple[str, float]]:
    """Durations of the sandbox's start, from the trusted side's fork request to its hello."""
    first = {}
    for name, at in marks:
        first.setdefault(name, at)
    points = [("fork request sent", forked_at)]
    for name in ("isolation.run start", "isolation: namespaces end", "isolation: init end",
                 "isolation._worker start", "rootfs.plan_root start", "rootfs.plan_root end", "rootfs.build_root start",
                 "rootfs.build_root end", "isolation._root end", "isolation: identity end",
                 "isolation: descriptors end", "worker serves"):
        if name in first:
            points.append((name, first[name]))
    points.append(("hello received", hello_at))
    return [(f"{a} -> {b}", (tb - ta) * 1000) for (a, ta), (b, tb) in zip(points, points[1:])]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/profile_sandbox.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--week", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="submissions graded; the last one is reported")
    args = parser.parse_args(argv)

    _instrument_sandbox_side()
    from deepgrade.config.loader import load_course
    from deepgrade.grading import runner
    from deepgrade.pipeline.jobs import build_job
    from deepgrade.sandbox import Zygote
    from deepgrade.sandbox.client.monitor import process_tree
    from deepgrade.sandbox.client.proxy import Sandbox

    import tempfile

    import cohort

    course = load_course(REPO / "course.yml", state=Path(tempfile.mkdtemp(prefix="deepgrade-profile-state-")))
    assignment = course.assignments[args.week]
    names = [f.name for f in assignment.config.files]
    files = {name: text.encode() for name, text in cohort.reference_files(Path(assignment.solution_dir), names).items()}
    job = build_job(course, assignment, files, seed=12345)
    counters = TrustedCounters()
    counters.install()

    timeline: dict[str, float] = {}
    original_spawn, original_fork = Sandbox._spawn, Zygote.fork

    def fork(self: Any, *a: Any, **k: Any) -> int:
        timeline["forked_at"] = time.monotonic()
        return original_fork(self, *a, **k)

    def spawn(self: Any) -> None:
        original_spawn(self)
        timeline["hello_at"] = time.monotonic()

    Zygote.fork, Sandbox._spawn = fork, spawn
    phases: dict[str, float] = collections.defaultdict(float)
    sessions: list[float] = []
    original_run_pytest = runner._run_pytest

    class PhaseTimes:
        def pytest_runtest_logreport(self, report: Any) -> None:
            phases[report.when] += report.duration

    def run_pytest(*a: Any, **k: Any) -> Any:
        started = time.perf_counter()
        try:
            return original_run_pytest(*a, **k)
        finally:
            sessions.append(time.perf_counter() - started)

    runner._run_pytest = run_pytest
    worker_report: dict[str, Any] = {}
    original_open = runner._open_session

    import contextlib

    @contextlib.contextmanager
    def open_session(*a: Any, **k: Any) -> Any:
        started = time.perf_counter()
        with original_open(*a, **k) as session:
            timeline["session_open_s"] = time.perf_counter() - started
            yield session
            worker_report.update(session._call("bench_report"))
            worker_report["tree_cpu"] = [(pid, _process_cpu_s(pid)) for pid in process_tree(session.pid)]

    runner._open_session = open_session

    with Zygote(fork_here=True) as zygote:
        for index in range(args.repeat):
            last = index == args.repeat - 1
            counters.count.clear()
            counters.seconds.clear()
            phases.clear()
            sessions.clear()
            profile = cProfile.Profile()
            started = time.perf_counter()
            if last:
                profile.enable()
            zygote_cpu = _process_cpu_s(zygote.pid)
            trusted_cpu = time.process_time()
            result = runner.grade_submission(job, zygote=zygote, observers=(PhaseTimes(),))
            profile.disable()
            total = time.perf_counter() - started
            trusted_cpu = time.process_time() - trusted_cpu
            zygote_cpu = _process_cpu_s(zygote.pid) - zygote_cpu
            if result.error:
                print(f"grading failed: {result.error}", file=sys.stderr)
                return 1
    print(f"week {args.week}: reference solution, {result.points:g} / {result.max_points:g} points; "
          f"submission {args.repeat} of {args.repeat} in one process (warm)")
    print(f"grade_submission: {total * 1000:.0f} ms wall (under cProfile)")
    print(f"  sandbox start (fork, isolation, hello, load units): {timeline['session_open_s'] * 1000:.0f} ms")
    for step, ms in _steps(worker_report.get("marks", []), timeline["forked_at"], timeline["hello_at"]):
        print(f"    {step}: {ms:.1f} ms")
    session = sessions[0] if sessions else 0.0
    tests = sum(phases.values())
    print(f"  pytest session: {session * 1000:.0f} ms; test phases {tests * 1000:.0f} ms "
          f"(setup {phases['setup'] * 1000:.0f}, call {phases['call'] * 1000:.0f}, "
          f"teardown {phases['teardown'] * 1000:.0f}); session overhead {(session - tests) * 1000:.0f} ms")
    trips = sum(counters.count.values())
    print(f"  round trips: {trips}, {sum(counters.seconds.values()) * 1000:.0f} ms on the trusted side, "
          f"{sum(worker_report.get('times', {}).values()) * 1000:.0f} ms serving in the worker")
    for op, count in counters.count.most_common():
        served = worker_report.get("times", {}).get(op, 0.0)
        print(f"    {op:<18} {count:>4}  trusted {counters.seconds[op] * 1000:7.1f} ms  worker {served * 1000:7.1f} ms")
    tree = worker_report.get("tree_cpu", [])
    print(f"  CPU: trusted process {trusted_cpu * 1000:.0f} ms (under cProfile: inflated), zygote {zygote_cpu * 1000:.0f} ms, "
          f"sandbox processes (outer, init, worker and any children) "
          f"{', '.join(f'{cpu * 1000:.0f}' for _, cpu in tree)} ms")
    print(f"  worker process: {worker_report.get('cpu_s', 0) * 1000:.0f} ms CPU from its fork to the report, "
          f"{worker_report.get('minor_faults', 0)} minor page faults (copy-on-write of the zygote's pages), "
          f"garbage collections by generation {worker_report.get('gc')}")
    text = io.StringIO()
    pstats.Stats(profile, stream=text).sort_stats("tottime").print_stats(25)
    print("\ntrusted side, cProfile by own time:")
    print("\n".join(text.getvalue().splitlines()[:40]))
    print("\nworker (sandbox side), cProfile of its serving loop by own time:")
    print("\n".join(worker_report.get("profile", "").splitlines()[:44]))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
