"""Run one command and measure it: wall time and peak memory of its whole process tree.

Memory is the sum of resident set sizes of the process and all its descendants, sampled
every few tens of milliseconds (kernels, forked sandboxes and workers all count). Sampling
can miss a very short spike; it is the same method for every system compared.
"""
from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

import psutil

SAMPLE_INTERVAL_S = 0.03


@dataclass(frozen=True)
class Measured:
    wall_s: float
    peak_rss_mb: float
    returncode: int
    timed_out: bool
    log_path: str


def _tree_rss_bytes(root: psutil.Process) -> int:
    total = 0
    try:
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    for proc in procs:
        try:
            total += proc.memory_info().rss
        except psutil.Error:  # exited between listing and reading: nothing to count
            continue
    return total


class _PeakSampler(threading.Thread):
    """Background sampler; the peak is read after join()."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self._root = psutil.Process(pid)
        self._stop_event = threading.Event()
        self.peak_bytes = 0

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak_bytes = max(self.peak_bytes, _tree_rss_bytes(self._root))
            self._stop_event.wait(SAMPLE_INTERVAL_S)

    def stop(self) -> None:
        self._stop_event.set()


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run_measured(
    command: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    log_path: Path,
    timeout_s: float,
) -> Measured:
    """Run ``command`` in its own session, so a timeout can kill everything it started."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(command), cwd=cwd, env=dict(env), stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
        sampler = _PeakSampler(proc.pid)
        sampler.start()
        timed_out = False
        try:
            returncode = proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            timed_out = True
            _kill_group(proc.pid)
            returncode = proc.wait()
        wall = time.perf_counter() - start
        sampler.stop()
        sampler.join()
        # Anything the command left behind in its session (a stray kernel) is ours to end.
        _kill_group(proc.pid)
    return Measured(
        wall_s=wall,
        peak_rss_mb=sampler.peak_bytes / (1024 * 1024),
        returncode=returncode,
        timed_out=timed_out,
        log_path=str(log_path),
    )
