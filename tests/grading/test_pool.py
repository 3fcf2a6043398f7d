"""GradingPool: results come back per submission, from worker processes, in any order."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from deepgrade.grading.pool import GradingPool

GOOD = b"def add(a, b):\n    return a + b\n\ndef mul(a, b):\n    return a * b\n\ndef double(x):\n    return 2 * x\n"
BAD = b"import sys\ndef add(a, b):\n    return 0\n"


def test_pool_grades_each_submission_independently(assignment: Path, make_job: Any) -> None:
    with GradingPool(jobs=2, backend="inprocess") as pool:
        # A generous time limit: a fresh worker's first test also pays its imports, and this
        # test is about which result goes where, not about time.
        futures = [pool.submit(make_job(assignment, {"calc.py": src}, timeout=120)) for src in (GOOD, BAD, GOOD)]
        results = [f.result(timeout=120) for f in futures]
    assert [r.error for r in results] == [None, None, None]
    assert [r.points for r in results] == [10, 0, 10]


def test_pool_with_the_real_sandbox_grades_and_leaves_nothing_running(assignment: Path, make_job: Any) -> None:
    # Each worker forks its zygote from itself right after it starts (no second torch import).
    import psutil

    # processes of earlier tests (the session's zygote) are not this pool's
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    with GradingPool(jobs=2, backend="sandbox") as pool:
        futures = [pool.submit(make_job(assignment, {"calc.py": src}, timeout=120)) for src in (GOOD, BAD, GOOD)]
        results = [f.result(timeout=300) for f in futures]
        # workers and their zygotes (multiprocessing's resource tracker lives on by design),
        # and a sandbox that has just been killed, still a zombie until its zygote reaps it
        started = [p for p in psutil.Process().children(recursive=True)
                   if p.pid not in before and not _is_resource_tracker(p)]
    assert [r.error for r in results] == [None, None, None]
    assert [r.points for r in results] == [10, 0, 10]
    assert len(started) >= 2  # at least one worker with its zygote
    _, alive = psutil.wait_procs(started, timeout=10)
    assert not [p for p in alive if _running(p)], alive


def _is_resource_tracker(process: Any) -> bool:
    import psutil
    try:
        return "resource_tracker" in " ".join(process.cmdline())
    except psutil.Error:  # a zombie or gone: not the tracker
        return False


HANG = b"import time\ntime.sleep(50)\n"


def test_interrupting_the_pool_stops_at_once_and_leaves_nothing_running(assignment: Path, make_job: Any) -> None:
    # Ctrl-C while a submission hangs: the queued submissions are cancelled, not graded (and
    # thrown away) first, and the worker, its zygote and the hanging sandbox are all ended.
    import time

    import psutil
    import pytest

    # processes left by earlier tests in this session are not this pool's
    before = {p.pid for p in psutil.Process().children(recursive=True)}

    def ours() -> list[psutil.Process]:
        found = []
        for process in psutil.Process().children(recursive=True):
            try:
                if process.pid not in before and "resource_tracker" not in " ".join(process.cmdline()):
                    found.append(process)
            except psutil.NoSuchProcess:
                pass
        return found

    with pytest.raises(KeyboardInterrupt):
        with GradingPool(jobs=1, backend="sandbox") as pool:
            futures = [pool.submit(make_job(assignment, {"calc.py": src}, timeout=60)) for src in (HANG, GOOD, GOOD)]
            waited = time.monotonic()
            while len(ours()) < 3 and time.monotonic() - waited < 60:  # worker, zygote, the hanging sandbox
                time.sleep(0.1)
            started = ours()
            assert len(started) >= 3, started
            raise KeyboardInterrupt
    assert all(f.done() for f in futures)
    # never graded: cancelled in the queue, or broken off with the worker
    assert all(f.cancelled() or f.exception() is not None for f in futures), [f for f in futures if not f.cancelled()]
    _, alive = psutil.wait_procs(started, timeout=10)
    assert not [p for p in alive if _running(p)], alive


def _running(process) -> bool:
    # an orphan that has exited stays a zombie until init reaps it, which can take a while here
    import psutil

    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _torch_threads_here() -> int:
    import torch

    return torch.get_num_threads()


def test_workers_share_the_cores_out_among_their_torch_threads(monkeypatch: Any) -> None:
    from deepgrade.grading import pool as pool_module

    monkeypatch.setattr(pool_module.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    assert [pool_module.torch_threads(jobs) for jobs in (1, 2, 3, 4, 8)] == [4, 2, 1, 1, 1]
    monkeypatch.undo()
    with GradingPool(jobs=2, backend="inprocess") as pool:
        # each worker's torch uses its share of this machine's cores (at least one thread)
        threads = pool._executor.submit(_torch_threads_here).result(timeout=120)
    assert threads == pool_module.torch_threads(2)


def test_the_process_that_builds_and_hands_out_jobs_imports_neither_torch_nor_pytest(tmp_path: Path) -> None:
    # The grade run's own process never runs a test: torch's import there cost seconds of a
    # cold run before the first worker even started.
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[2]
    code = f"""
import sys
from pathlib import Path
from deepgrade.config.loader import load_course
from deepgrade.grading.pool import GradingPool
from deepgrade.pipeline.jobs import build_job
course = load_course(Path({str(repo / "course.yml")!r}), state=Path({str(tmp_path)!r}))
assignment = course.assignments[1]
files = {{f.name: (Path(assignment.solution_dir) / f.name).read_bytes() for f in assignment.config.files}}
job = build_job(course, assignment, files, seed=1, fixtures={{}})
print(type(job).__name__, sorted(name for name in ("torch", "_pytest") if name in sys.modules))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["GradeJob", "[]"]
