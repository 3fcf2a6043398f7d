"""The Dask executor: grading on the workers of a ``distributed`` cluster.

Each worker keeps its own zygote for its whole life (``ZygotePlugin``: started when the plugin
is registered, kept across grade runs, closed with the worker) and grades one submission at a
time on it, whatever its thread count. A job crosses the network with the submission's code in
it and the week's graders, reference solution and fixtures in a bundle (``portable.py``),
scattered to the cluster once per week; the result comes back as plain data
(``SubmissionResult.to_dict``), never as a pickled object of ours.

    deepgrade grade --executor dask --scheduler tcp://10.0.0.5:8786

The workers need the same deepgrade, Python, torch and torchvision as the machine that runs
``grade`` (the grader hash covers them), and must be able to build the sandbox (Linux, user
namespaces or root) or the run stops at the preflight, as it does locally.
"""
from __future__ import annotations

import concurrent.futures as futures
import threading
from typing import Any

from distributed import WorkerPlugin

from deepgrade.executors.portable import Bundle, localize, pack, unpack

PLUGIN = "deepgrade-zygote"


class ZygotePlugin(WorkerPlugin):
    """A Dask worker plugin holding the worker's zygote (sandbox backend) and a lock, so that
    one worker grades one submission at a time."""

    idempotent = True   # registered again by the next grade run: keep the running zygote
    name = PLUGIN

    def __init__(self, backend: str = "sandbox") -> None:
        self.backend = backend
        self.zygote: Any = None
        self.lock: Any = None    # made on the worker: the plugin travels pickled

    def setup(self, worker: Any = None) -> None:
        self.lock = threading.Lock()
        if self.backend == "sandbox":
            from deepgrade.sandbox import Zygote

            # a new interpreter, never a fork of the worker: the worker runs threads
            self.zygote = Zygote().__enter__()

    def teardown(self, worker: Any = None) -> None:
        if self.zygote is not None:
            self.zygote.__exit__(None, None, None)
            self.zygote = None


def _plugin() -> ZygotePlugin:
    from distributed import get_worker

    return get_worker().plugins[PLUGIN]


def grade_on_worker(job: Any, bundle: Bundle) -> dict[str, Any]:
    """Runs on a worker: the bundle unpacked once, the job graded on this worker's zygote."""
    from deepgrade.grading.runner import grade_submission

    plugin = _plugin()
    local = localize(job, unpack(bundle))
    with plugin.lock:
        result = grade_submission(local, backend=plugin.backend, zygote=plugin.zygote)
    return result.to_dict()


def probe_on_worker(language: str) -> Any:
    """Runs on a worker: the sandbox preflight on its zygote (None for the in-process backend)."""
    from deepgrade.grading.preflight import probe_isolation

    plugin = _plugin()
    if plugin.zygote is None:
        return None
    with plugin.lock:
        probe = probe_isolation(plugin.zygote, language=language)
    return {"layers": dict(probe.layers), "missing": list(probe.missing), "memory": probe.memory}


class DaskExecutor:
    def __init__(self, *, scheduler: str | None = None, client: Any = None, backend: str = "sandbox") -> None:
        if scheduler is None and client is None:
            raise ValueError("the Dask executor needs a scheduler address (or a client)")
        self._scheduler = scheduler
        self._client = client
        self._own_client = client is None
        self._backend = backend
        self._bundles: dict[str, Any] = {}   # digest -> the scattered bundle's Dask future
        self._pending: list[Any] = []

    def __enter__(self) -> "DaskExecutor":
        if self._client is None:
            from distributed import Client

            self._client = Client(self._scheduler)
        self._client.register_plugin(ZygotePlugin(self._backend), name=PLUGIN)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        if exc_type is not None:
            for future in self._pending:
                future.cancel()
        if self._own_client and self._client is not None:
            self._client.close()

    def _bundle(self, bundle: Bundle) -> Any:
        if bundle.digest not in self._bundles:
            self._bundles[bundle.digest] = self._client.scatter(bundle, broadcast=False, hash=False)
        return self._bundles[bundle.digest]

    def submit(self, job: Any) -> futures.Future:
        from deepgrade.results import SubmissionResult

        portable, bundle = pack(job)
        remote = self._client.submit(grade_on_worker, portable, self._bundle(bundle), pure=False)
        self._pending.append(remote)
        return _local_future(remote, SubmissionResult.from_dict)

    def probe(self, *, language: str = "ko") -> futures.Future:
        from deepgrade.grading.preflight import IsolationProbe

        def probe(data: Any) -> Any:
            return None if data is None else IsolationProbe(layers=data["layers"], missing=tuple(data["missing"]),
                                                            memory=data["memory"])

        return _local_future(self._client.submit(probe_on_worker, language, pure=False), probe)


def _local_future(remote: Any, convert: Any) -> futures.Future:
    """A concurrent.futures.Future settled when the Dask future is, with ``convert`` applied."""
    local: futures.Future = futures.Future()

    def settle(done: Any) -> None:
        try:
            local.set_result(convert(done.result()))
        except BaseException as exc:  # noqa: BLE001 - the caller records it as an engine failure
            local.set_exception(exc)

    remote.add_done_callback(settle)
    return local
