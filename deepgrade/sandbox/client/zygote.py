"""Trusted side: the client of the zygote process (see ``zygote_main``).

One Zygote serves many sandboxes, from several threads: requests are serialised by a lock.
"""
from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from types import TracebackType
from typing import Any

from deepgrade.sandbox.client import cgroup
from deepgrade.sandbox.client.errors import SandboxCrashed
from deepgrade.sandbox.client.monitor import anon_memory_kb
from deepgrade.sandbox.client.workspace import UID_BASE, UID_COUNT

# The zygote's environment is inherited by every sandbox (and readable there through
# /proc/self/environ), so only harmless variables are passed on.
_ENV_KEEP = ("PATH", "LANG", "LC_ALL", "TZ", "LD_LIBRARY_PATH")
_ENV_KEEP_PREFIXES = ("CUDA_", "NVIDIA_")


def _zygote_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in _ENV_KEEP or k.startswith(_ENV_KEEP_PREFIXES)}
    env.update({"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1"})
    env.setdefault("LANG", "C.UTF-8")
    return env


def _isolated_sys_path(python: str) -> list[str]:
    """sys.path as ``python -I`` sees it from /: no current folder, no PYTHONPATH, no user site."""
    out = subprocess.run([python, "-I", "-c", "import json, sys; print(json.dumps(sys.path))"],
                         cwd="/", env=_zygote_env(), capture_output=True, text=True, timeout=60, check=True)
    return list(json.loads(out.stdout))


def uids_mapped(first: int, count: int, uid_map: str = "/proc/self/uid_map") -> bool:
    """Whether uids ``first`` .. ``first + count - 1`` exist in this user namespace."""
    try:
        with open(uid_map, encoding="ascii") as handle:
            ranges = [tuple(int(v) for v in line.split()) for line in handle if line.strip()]
    except (OSError, ValueError):
        return False
    return any(inside <= first and first + count <= inside + length for inside, _, length in ranges)


def _reap(pid: int, *, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return
        if done:
            return
        time.sleep(0.01)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


class Zygote:
    """A long-lived process that has imported torch and forks sandboxes on request."""

    def __init__(self, *, python: str = sys.executable, start_timeout_s: float = 180.0,
                 fork_here: bool = False) -> None:
        """``fork_here``: fork the zygote from this process instead of starting a new
        interpreter, saving its torch import (seconds, and its memory). Only for a process
        that is single-threaded and holds nothing private yet (a grading pool worker right
        after it starts, before it receives any submission); otherwise a new interpreter."""
        self._python = python
        self._start_timeout_s = start_timeout_s
        self._fork_here = fork_here
        self._forked_pid: int | None = None
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self.runtime_paths: tuple[str, ...] = ()  # the Python installation, bound into every sandbox
        self.pid: int | None = None
        self.anon_kb = 0                          # the zygote's own anonymous memory (shared with each fork)
        self.init_program = ""                    # PID 1 of each sandbox (see isolation)
        self.cgroup: cgroup.ZygoteCgroup | None = None

    def __enter__(self) -> "Zygote":
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @property
    def dedicated_uids(self) -> bool:
        """Whether sandboxes run under their own uid: root, with those uids mapped (root of a
        rootless container's user namespace usually has only its own uid)."""
        return sys.platform.startswith("linux") and os.geteuid() == 0 and uids_mapped(UID_BASE, UID_COUNT)

    def start(self) -> None:
        from deepgrade.sandbox.client.workspace import sweep_stale_workdirs

        sweep_stale_workdirs()  # a killed earlier run's student files do not stay in /tmp
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        if self._fork_here and threading.active_count() == 1:
            self._fork_zygote(ours, theirs)
        else:
            self._process = subprocess.Popen(
                [self._python, "-I", "-m", "deepgrade.sandbox.inside.zygote_main", str(theirs.fileno())],
                pass_fds=[theirs.fileno()], cwd="/", env=_zygote_env(), stdin=subprocess.DEVNULL)
            theirs.close()
        ours.settimeout(self._start_timeout_s)
        try:
            ready = json.loads(ours.recv(1 << 20) or b"{}")
        except (socket.timeout, json.JSONDecodeError):
            ready = {}
        if not ready.get("ready"):
            self._process.kill()
            raise RuntimeError("sandbox zygote failed to start (see its stderr above)")
        ours.settimeout(None)
        self._sock = ours
        self.pid = int(ready["pid"])
        self.runtime_paths = tuple(ready["runtime_paths"])
        self.init_program = str(ready.get("init_program") or "")
        self.anon_kb = anon_memory_kb(self.pid)
        if sys.platform.startswith("linux"):
            cgroup.sweep_stale()  # cgroups of killed runs
            backstop = cgroup.find_backstop(f"{os.getpid()}-{secrets.token_hex(3)}")
        else:
            backstop = cgroup.Backstop(0, "", f"{sys.platform} has no cgroups")
        self.cgroup = cgroup.ZygoteCgroup(backstop, self.pid)

    @property
    def backstop(self) -> cgroup.Backstop:
        """The hard memory limit that applies to this zygote's sandboxes (version 0: none)."""
        return self.cgroup.backstop if self.cgroup is not None else cgroup.Backstop(0, "", "not started")

    def _fork_zygote(self, ours: socket.socket, theirs: socket.socket) -> None:
        from deepgrade.sandbox.inside import zygote_main

        zygote_main._preload()  # torch, torchvision, the worker: imported once, shared after fork
        zygote_main._collapse_into_huge_pages()  # here, so that the zygote shares them with this process
        sys_path = _isolated_sys_path(self._python)
        env = _zygote_env()
        pid = os.fork()
        if pid == 0:
            ours.close()
            zygote_main.become_zygote(theirs, sys_path=sys_path, env=env)  # never returns
        theirs.close()
        self._forked_pid = pid

    def _request(self, request: dict[str, Any], fds: list[int] | None = None) -> dict[str, Any]:
        with self._lock:
            if self._sock is None:
                raise SandboxCrashed("sandbox zygote is not running")
            try:
                payload = json.dumps(request).encode()
                if fds:
                    socket.send_fds(self._sock, [payload], fds)
                else:
                    self._sock.send(payload)
                reply = self._sock.recv(1 << 20)
            except OSError as exc:
                raise SandboxCrashed(f"sandbox zygote is gone ({exc})") from None
            if not reply:
                raise SandboxCrashed("sandbox zygote is gone")
            return json.loads(reply)

    def fork(self, config: dict[str, Any], rpc_fd: int, out_fd: int) -> int:
        """Fork a sandbox with ``config`` (JSON data); its fds are (RPC socket, output pipe)."""
        return int(self._request({"op": "fork", "config": config}, [rpc_fd, out_fd])["pid"])

    def status(self, pid: int, *, forget: bool = False) -> dict[str, Any]:
        """{"state": "running"} or {"state": "exited", "code": n} or {"state": "signaled", "signal": n}."""
        return self._request({"op": "status", "pid": pid, "forget": forget})

    def wait(self, pid: int, timeout_s: float = 5.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout_s
        pause = 0.001  # a SIGKILLed child is usually gone within a millisecond or two
        while True:
            state = self.status(pid)
            if state["state"] != "running" or time.monotonic() > deadline:
                if state["state"] != "running":
                    self.status(pid, forget=True)
                return state
            time.sleep(pause)
            pause = min(pause * 2, 0.02)

    def release(self, pid: int) -> None:
        """Forget a sandbox that was killed and whose exit status is not needed: the zygote
        reaps it whenever it is gone, and nobody waits for its namespaces to come down."""
        self._request({"op": "release", "pid": pid})

    def kill_uid(self, uid: int) -> None:
        """SIGKILL every process of ``uid`` (as that uid: kill(-1)), then reap what was ours."""
        self._request({"op": "kill_uid", "uid": uid})

    def close(self) -> None:
        with self._lock:
            if self._sock is not None:
                self._sock.close()  # EOF: the zygote kills its sandboxes and exits
                self._sock = None
        if self._process is not None:
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
        if self._forked_pid is not None:
            _reap(self._forked_pid, timeout_s=10.0)
            self._forked_pid = None
        if self.cgroup is not None:
            self.cgroup.close()
            self.cgroup = None
