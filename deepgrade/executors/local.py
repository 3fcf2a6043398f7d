"""The local executor: spawned worker processes on this machine (``GradingPool``, one zygote
each), or this very process for the in-process backend (author checks, tests)."""
from __future__ import annotations

import concurrent.futures as futures
import os
from typing import Any


class InProcessExecutor:
    """Grades one job at a time in this process, without a sandbox (``backend="inprocess"``)."""

    def __enter__(self) -> "InProcessExecutor":
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def probe(self, *, language: str = "ko") -> futures.Future:
        future: futures.Future = futures.Future()
        future.set_result(None)   # no sandbox: nothing to probe
        return future

    def submit(self, job: Any) -> futures.Future:
        from deepgrade.grading.runner import grade_submission

        future: futures.Future = futures.Future()
        try:
            future.set_result(grade_submission(job, backend="inprocess"))
        except Exception as exc:  # noqa: BLE001 - kept on the future, reported as an engine failure
            future.set_exception(exc)
        return future


def local_executor(*, jobs: int | None = None, backend: str = "sandbox") -> Any:
    if backend == "inprocess":
        return InProcessExecutor()
    from deepgrade.grading.pool import GradingPool

    return GradingPool(jobs=jobs or os.cpu_count() or 1)
