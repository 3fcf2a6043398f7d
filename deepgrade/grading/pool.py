"""GradingPool: grade submissions in parallel worker processes, concurrent.futures-style.

Each worker keeps one Zygote for its whole life (start-up once, fork per submission) and a
distinct sandbox uid slot, so two sandboxes never share a uid. Workers are *spawned*, not
forked: a forked worker would inherit the parent's threads (the executor's own management
thread, torch's pools) and any zygote the parent holds; a spawned one starts with one
thread, so its zygote can be forked safely.
"""
from __future__ import annotations

import atexit
import multiprocessing
import os
import signal
import sys
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import wait as wait_for_futures
from typing import Any

from deepgrade.grading.job import Backend, GradeJob
from deepgrade.results import SubmissionResult


class _WorkerState:
    """The one Zygote of this worker process.

    A per-process holder is needed because ProcessPoolExecutor calls a plain function per
    task: nothing but the process itself outlives a task, and the zygote must (restarting
    it per submission would re-import torch, ~2 s). It lives only in worker processes. The
    zygote is forked from the worker as soon as the worker starts: single-threaded, and
    before it has received any submission, so no student's files are in the zygote's memory
    (every sandbox is a copy of it).
    """

    def __init__(self, slot: int) -> None:
        self.slot = slot
        self.zygote: Any = None

    def get_zygote(self) -> Any:
        if self.zygote is None:
            from deepgrade.sandbox import Zygote

            if threading.active_count() != 1:  # forking a multi-threaded process can deadlock
                raise RuntimeError(f"worker has {threading.active_count()} threads before its zygote starts")
            self.zygote = Zygote(fork_here=True)
            self.zygote.__enter__()
            atexit.register(self._close_and_exit)  # spawned workers run atexit
        return self.zygote

    def _close_and_exit(self) -> None:
        """Close the zygote, then leave without interpreter teardown: with torch loaded that
        takes about a second per worker, at the end of every run, and nothing is left to
        flush (results went back through the executor's queue)."""
        self.zygote.__exit__(None, None, None)
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        os._exit(0)


_worker: _WorkerState | None = None  # set once per worker process by _init_worker


def torch_threads(jobs: int) -> int:
    """Torch threads for each of ``jobs`` workers: the cores shared out, at least one. (Two
    workers of two threads each on two cores only fight over them, and torch's idle threads
    spin between operations: CPU time nothing is graded with.)"""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, cores // max(1, jobs))


def _init_worker(counter: Any, backend: Backend, jobs: int = 1) -> None:
    global _worker
    # Ctrl-C in a terminal reaches the whole process group. The parent alone decides what it
    # means (GradingPool.abort ends the workers); a worker that caught it would only turn the
    # submission in hand into an "interrupted" result and go on with the next one.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with counter.get_lock():
        slot = counter.value
        counter.value += 1
    _worker = _WorkerState(slot)
    if backend == "sandbox":
        try:
            _worker.get_zygote()
        except Exception:  # noqa: BLE001 - retried (and reported per submission) on first use
            _worker.zygote = None
    import torch  # after the zygote is forked: it never sees a torch setting of this process

    torch.set_num_threads(torch_threads(jobs))


def _grade_in_worker(job: GradeJob, backend: Backend) -> SubmissionResult:
    from deepgrade.grading.runner import grade_submission  # in the worker only: pytest and torch

    if backend == "inprocess" or _worker is None:
        return grade_submission(job, backend=backend)
    try:
        zygote = _worker.get_zygote()
    except Exception as exc:  # noqa: BLE001 - reported per submission, the pool keeps going
        return SubmissionResult(assignment=job.assignment, problems=(), error=f"zygote: {type(exc).__name__}: {exc}")
    return grade_submission(job, backend=backend, zygote=zygote)


def _probe_in_worker(language: str) -> Any:
    from deepgrade.grading.preflight import probe_isolation

    assert _worker is not None
    return probe_isolation(_worker.get_zygote(), language=language)


class GradingPool:
    """``with GradingPool(jobs=4) as pool: pool.submit(job).result()``."""

    def __init__(self, jobs: int | None = None, *, backend: Backend = "sandbox") -> None:
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.backend = backend
        context = multiprocessing.get_context("spawn")
        self._executor = ProcessPoolExecutor(
            max_workers=self.jobs, mp_context=context,
            initializer=_init_worker, initargs=(context.Value("i", 0), backend, self.jobs),
        )
        self._futures: list[Future[SubmissionResult]] = []

    def submit(self, job: GradeJob) -> "Future[SubmissionResult]":
        future = self._executor.submit(_grade_in_worker, job, self.backend)
        self._futures.append(future)
        return future

    def probe(self, *, language: str = "ko") -> "Future[Any]":
        """An ``IsolationProbe`` from one worker's zygote (see ``grading.preflight``)."""
        return self._executor.submit(_probe_in_worker, language)

    def shutdown(self, wait: bool = True) -> None:
        # Worker exit closes each zygote (its pipe closes, the zygote exits with it).
        self._executor.shutdown(wait=wait, cancel_futures=not wait)

    def abort(self, grace_s: float = 5.0) -> None:
        """Stop now (Ctrl-C, an error in the caller): queued submissions are cancelled and
        the ones being graded are dropped, not finished. Each worker is terminated; its
        zygote sees its pipe close and kills its sandboxes, which also die with the zygote."""
        # ProcessPoolExecutor has no public way to end its workers before Python 3.14.
        processes = list((getattr(self._executor, "_processes", None) or {}).values())
        self._executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(grace_s)
            if process.is_alive():
                process.kill()
                process.join(grace_s)
        # The executor marks the submissions its dead workers held as failed from its own
        # thread; wait for that, so every future is settled when abort() returns.
        wait_for_futures(self._futures, timeout=grace_s)

    def __enter__(self) -> "GradingPool":
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc_info: object) -> None:
        if exc_type is None:
            self.shutdown()
        else:
            # Without this, shutdown() would grade every queued submission before the
            # interrupt took effect, and then throw the results away.
            self.abort()
