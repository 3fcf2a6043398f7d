"""Trusted side: a hard memory backstop per sandbox, where the kernel offers one.

The RSS watchdog (``monitor``) stops a sandbox that grows past its limit, but it polls, and it
sees process memory only. A memory cgroup makes the kernel itself refuse (and OOM-kill inside
the sandbox) past a backstop a little above the watchdog's limit, counting what the watchdog
cannot see: files in the sandbox's tmpfs folders, pipe and socket buffers, page tables.

Where: cgroup v1's memory controller where its folder for this process is writable (root),
or cgroup v2 where this process sits in the root cgroup or in one whose children already get
the memory controller (a delegated subtree). Elsewhere there is none, and the run says so once.
One cgroup ``deepgrade-<pid>-<tag>`` per zygote holds it and every sandbox it forks.
"""
from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass

MOUNTINFO = "/proc/self/mountinfo"


@dataclass(frozen=True)
class Backstop:
    version: int           # 1 or 2; 0: no backstop here
    base: str              # the folder that holds one cgroup per sandbox ("" when none)
    reason: str = ""       # why there is none

    def describe(self, ko: bool = False) -> str:
        if not self.version:
            return (f"메모리 하드 상한 없음 (감시 스레드만): {self.reason}" if ko
                    else f"no hard memory limit (watchdog only): {self.reason}")
        return f"메모리 하드 상한: cgroup v{self.version}" if ko else f"hard memory limit: cgroup v{self.version}"


def _mounts() -> list[tuple[str, str, str]]:
    """(mount point, fs type, super options) of every cgroup mount."""
    found = []
    with contextlib.suppress(OSError), open(MOUNTINFO, encoding="utf-8") as handle:
        for line in handle:
            fields = line.split()
            if " - " not in line:
                continue
            after = line.split(" - ", 1)[1].split()
            if after and after[0] in ("cgroup", "cgroup2"):
                found.append((fields[4], after[0], after[2] if len(after) > 2 else ""))
    return found


def _own_cgroups() -> dict[str, str]:
    """Controller (or "" for v2) -> this process's cgroup path, from /proc/self/cgroup."""
    own: dict[str, str] = {}
    with contextlib.suppress(OSError), open("/proc/self/cgroup", encoding="utf-8") as handle:
        for line in handle:
            _, controllers, path = line.rstrip("\n").split(":", 2)
            for controller in controllers.split(",") if controllers else [""]:
                own[controller] = path
    return own


def _try_base(folder: str, limit_file: str) -> str:
    """Make the cgroup ``folder`` and check that its limit can be written; "" if fine."""
    try:
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, limit_file), "w") as handle:
            handle.write(str(1 << 40))
        return ""
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.rmdir(folder)
        return f"{folder}: {exc.strerror}"


def find_backstop(tag: str) -> Backstop:
    """The place for this process's sandbox cgroups (``tag`` names its folder, e.g. the pid)."""
    mounts = _mounts()
    own = _own_cgroups()
    reasons = []
    for point, kind, options in mounts:
        if kind == "cgroup" and "memory" in options.split(",") and "memory" in own:
            base = os.path.join(point, own["memory"].lstrip("/"), f"deepgrade-{tag}")
            problem = _try_base(base, "memory.limit_in_bytes")
            if not problem:
                return Backstop(1, base)
            reasons.append(f"cgroup v1: {problem}")
    for point, kind, _ in mounts:
        if kind != "cgroup2" or "" not in own:
            continue
        parent = os.path.join(point, own[""].lstrip("/"))
        try:
            with open(os.path.join(parent, "cgroup.subtree_control"), encoding="utf-8") as handle:
                enabled = handle.read().split()
            with open(os.path.join(parent, "cgroup.controllers"), encoding="utf-8") as handle:
                available = handle.read().split()
        except OSError as exc:
            reasons.append(f"cgroup v2: {exc.strerror}")
            continue
        if "memory" not in available:
            reasons.append("cgroup v2: the memory controller is not available here")
            continue
        if "memory" not in enabled and own[""] != "/":
            reasons.append("cgroup v2: the memory controller is not delegated to this user's cgroup")
            continue
        base = os.path.join(parent, f"deepgrade-{tag}")
        problem = _try_base(base, "memory.max") if "memory" in enabled else _enable_v2(parent, base)
        if not problem:
            return Backstop(2, base)
        reasons.append(f"cgroup v2: {problem}")
    return Backstop(0, "", "; ".join(reasons) or "no memory cgroup on this system")


def _enable_v2(parent: str, base: str) -> str:
    """In the root cgroup: give the memory controller to its children (ours among them)."""
    try:
        with open(os.path.join(parent, "cgroup.subtree_control"), "w") as handle:
            handle.write("+memory")
    except OSError as exc:
        return f"{parent}: {exc.strerror}"
    return _try_base(base, "memory.max")


class ZygoteCgroup:
    """The zygote and every sandbox it forks, in one memory cgroup with a hard limit.

    A sandbox joins its cgroup by being forked inside it: moving a process between cgroups
    waits for an RCU grace period (15 ms measured here), too much to pay per sandbox. In a grade
    run a zygote serves one submission at a time, so the limit is that sandbox's; sandboxes
    open at once on one zygote share it. The zygote's own pages were charged before it moved
    in and stay outside; it is the last process the kernel picks to kill (as root).
    """

    def __init__(self, backstop: Backstop, zygote_pid: int) -> None:
        self.backstop = backstop
        self.path = ""
        if not backstop.version:
            return
        try:
            with open(os.path.join(backstop.base, "cgroup.procs"), "w") as procs:
                procs.write(str(zygote_pid))
            self.path = backstop.base
        except OSError as exc:
            self.backstop = Backstop(0, "", f"{backstop.base}: {exc.strerror}")
            return
        with contextlib.suppress(OSError), open(f"/proc/{zygote_pid}/oom_score_adj", "w") as handle:
            handle.write("-1000")

    def set_limit(self, limit_bytes: int) -> None:
        if not self.path:
            return
        name = "memory.limit_in_bytes" if self.backstop.version == 1 else "memory.max"
        with contextlib.suppress(OSError), open(os.path.join(self.path, name), "w") as handle:
            handle.write(str(int(limit_bytes)))

    def oom_kills(self) -> int:
        """How many processes the kernel has killed in this cgroup for memory so far."""
        if not self.path:
            return 0
        for name in ("memory.events", "memory.oom_control"):
            with contextlib.suppress(OSError), open(os.path.join(self.path, name), encoding="utf-8") as handle:
                for line in handle:
                    key, _, value = line.partition(" ")
                    if key == "oom_kill" and value.strip().isdigit():
                        return int(value)
        return 0

    def close(self) -> None:
        """Remove the cgroup once the zygote and its sandboxes are gone."""
        remove(self.path)


def remove(path: str | None) -> None:
    """Remove a sandbox's cgroup once its processes are gone (retried briefly: exiting
    processes leave it a moment after they are reaped)."""
    if not path:
        return
    for _ in range(50):
        try:
            os.rmdir(path)
            return
        except FileNotFoundError:
            return
        except OSError:
            time.sleep(0.005)


def sweep_stale(backstop_parent: str | None = None) -> None:
    """Remove ``deepgrade-<pid>-<tag>`` folders whose process is gone (a run killed with SIGKILL)."""
    for point, kind, options in _mounts():
        if kind == "cgroup" and "memory" not in options.split(","):
            continue
        own = _own_cgroups().get("memory" if kind == "cgroup" else "")
        if own is None:
            continue
        parent = backstop_parent or os.path.join(point, own.lstrip("/"))
        with contextlib.suppress(OSError):
            for name in os.listdir(parent):
                pid = name[len("deepgrade-"):].partition("-")[0]
                if not name.startswith("deepgrade-") or not pid.isdigit() or os.path.exists(f"/proc/{pid}"):
                    continue
                remove(os.path.join(parent, name))
