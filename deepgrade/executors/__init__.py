"""Executors: where a week's grading jobs run, behind one small interface.

    with open_executor("local", jobs=4) as executor:      # or "dask", scheduler="tcp://…:8786"
        executor.probe(language="ko").result()            # the sandbox preflight (None: no sandbox)
        executor.submit(job).result()                     # a SubmissionResult

``submit`` returns a ``concurrent.futures.Future``; a grading job in, a ``SubmissionResult`` out,
never an exception for a student's fault. Two implementations:

- ``local`` (``executors/local.py``): a pool of spawned processes on this machine, each keeping
  one zygote (``grading.pool.GradingPool``), or, for the in-process backend, this process.
- ``dask`` (``executors/dask_cluster.py``): the workers of a Dask ``distributed`` cluster, each
  keeping its own zygote; a job travels with the submission's code and the week's graders,
  reference solution and data fixtures as bytes, never as paths of this machine.
"""
from __future__ import annotations

from concurrent.futures import Future
from typing import Any, Protocol

EXECUTORS = ("local", "dask")


class Executor(Protocol):
    def __enter__(self) -> "Executor": ...

    def __exit__(self, *exc: object) -> None: ...

    def submit(self, job: Any) -> Future: ...

    def probe(self, *, language: str = "ko") -> Future: ...


def open_executor(kind: str = "local", *, jobs: int | None = None, backend: str = "sandbox",
                  scheduler: str | None = None, client: Any = None) -> Executor:
    """``kind`` "local" (``jobs`` processes) or "dask" (a ``scheduler`` address, or a ``client``)."""
    if kind == "dask":
        from deepgrade.executors.dask_cluster import DaskExecutor

        return DaskExecutor(scheduler=scheduler, client=client, backend=backend)
    from deepgrade.executors.local import local_executor

    return local_executor(jobs=jobs, backend=backend)
