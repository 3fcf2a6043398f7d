"""Run commands and measure them as one: wall time, CPU time and memory of the whole process tree.

- **wall**: from starting the first command until the last one has ended.
- **CPU**: user + system time of every process of the tree, read as the growth of this
  process's ``RUSAGE_CHILDREN``. That counts a process once it is reaped, together with
  everything it reaped itself (a pool worker its zygote, a zygote its sandboxes). So that
  nothing escapes, this process is made a child subreaper: a process whose parent died
  first (a sandbox left behind by a zygote that exited) is reparented here instead of to
  the host's init, and is reaped here after the commands end (killed first if it lingers).
- **peak RSS**: the largest sum of resident set sizes over the tree, sampled every 30 ms.
  A forked process's pages shared with its parent count once per process.
- **peak PSS**: the largest sum of proportional set sizes (``Pss`` of
  ``/proc/<pid>/smaps_rollup``): each shared page divided among the processes that map it,
  so the sum is what the tree really holds. Reading it walks a process's page tables
  (~10 ms for a process that imported torch), so it is sampled every 0.5 s only.

Sampling can miss a short spike; it is the same method for every system compared.
"""
from __future__ import annotations

import ctypes
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

import psutil

RSS_INTERVAL_S = 0.03
PSS_INTERVAL_S = 0.5
STRAY_GRACE_S = 10.0          # how long a process left behind may take to end on its own
PR_SET_CHILD_SUBREAPER = 36


@dataclass(frozen=True)
class Measured:
    wall_s: float
    cpu_s: float               # user + system of every process of the tree
    peak_rss_mb: float
    peak_pss_mb: float
    returncode: int            # the first non-zero exit code of the commands, else 0
    timed_out: bool
    log_path: str
    commands: int = 1          # run in parallel and measured together
    strays: int = 0            # processes still running after the commands ended (reaped here)


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _become_subreaper() -> None:
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):  # exited meanwhile, or a kernel without smaps_rollup
        pass
    return 0


class _TreeSampler(threading.Thread):
    """Background sampler of this process's descendants; the peaks are read after join()."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self._me = psutil.Process()
        self._stop_event = threading.Event()
        self.peak_rss_bytes = 0
        self.peak_pss_kb = 0
        self.sampling_s = 0.0  # time this thread spent reading PSS (it competes for the same cores)

    def _tree(self) -> list[psutil.Process]:
        try:
            return self._me.children(recursive=True)
        except psutil.Error:
            return []

    def run(self) -> None:
        next_pss = 0.0
        while not self._stop_event.is_set():
            procs = self._tree()
            rss = 0
            for proc in procs:
                try:
                    rss += proc.memory_info().rss
                except psutil.Error:  # exited between listing and reading: nothing to count
                    continue
            self.peak_rss_bytes = max(self.peak_rss_bytes, rss)
            now = time.perf_counter()
            if now >= next_pss:
                self.peak_pss_kb = max(self.peak_pss_kb, sum(_pss_kb(p.pid) for p in procs))
                self.sampling_s += time.perf_counter() - now
                next_pss = now + PSS_INTERVAL_S
            self._stop_event.wait(RSS_INTERVAL_S)

    def stop(self) -> None:
        self._stop_event.set()


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _reap_strays() -> int:
    """End and reap every process still below this one; how many were still running."""
    me = psutil.Process()
    deadline = time.monotonic() + STRAY_GRACE_S
    running: list[psutil.Process] = []
    while True:
        _reap_done()
        try:
            running = [p for p in me.children(recursive=True) if p.status() != psutil.STATUS_ZOMBIE]
        except psutil.Error:
            continue
        if not running or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    for proc in running:
        try:
            proc.kill()
        except psutil.Error:
            pass
    for _ in range(200):  # the killed ones become zombies here (or under their own parent)
        _reap_done()
        try:
            if not me.children(recursive=True):
                break
        except psutil.Error:
            pass
        time.sleep(0.01)
    return len(running)


def _reap_done() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def run_measured_group(
    commands: Sequence[Sequence[str]],
    *,
    cwd: Path,
    env: Mapping[str, str] | Sequence[Mapping[str, str]],
    log_path: Path,
    timeout_s: float,
) -> Measured:
    """Start every command at once (each in its own session, so a timeout can kill all it
    started), wait for all of them, and measure them together. ``env`` is one environment
    for all, or one per command. Output of all goes to ``log_path``."""
    envs = [env] * len(commands) if isinstance(env, Mapping) else list(env)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    _become_subreaper()
    _reap_done()  # nothing of an earlier command may count here
    sampler = _TreeSampler()
    with open(log_path, "wb") as log:
        cpu_before = _children_cpu_s()
        start = time.perf_counter()
        procs = [subprocess.Popen(list(command), cwd=cwd, env=dict(one_env), stdout=log, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, start_new_session=True)
                 for command, one_env in zip(commands, envs)]
        sampler.start()
        timed_out = threading.Event()

        def on_timeout() -> None:
            timed_out.set()
            for proc in procs:
                _kill_group(proc.pid)

        timer = threading.Timer(timeout_s, on_timeout)
        timer.start()
        codes = []
        for proc in procs:
            # os.wait4 here, not proc.wait(): the same reaping, and a timeout is the timer's job
            _, status, _ = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            codes.append(proc.returncode)
        wall = time.perf_counter() - start
        timer.cancel()
        for proc in procs:
            # anything the commands left behind in their sessions (a stray kernel) is ours to end
            _kill_group(proc.pid)
        strays = _reap_strays()
        cpu = _children_cpu_s() - cpu_before
        sampler.stop()
        sampler.join()
    return Measured(
        wall_s=wall,
        cpu_s=cpu,
        peak_rss_mb=sampler.peak_rss_bytes / (1024 * 1024),
        peak_pss_mb=sampler.peak_pss_kb / 1024,
        returncode=next((code for code in codes if code != 0), 0),
        timed_out=timed_out.is_set(),
        log_path=str(log_path),
        commands=len(procs),
        strays=strays,
    )


def run_measured(command: Sequence[str], *, cwd: Path, env: Mapping[str, str], log_path: Path,
                 timeout_s: float) -> Measured:
    """One command, measured (see ``run_measured_group``)."""
    return run_measured_group([command], cwd=cwd, env=env, log_path=log_path, timeout_s=timeout_s)
