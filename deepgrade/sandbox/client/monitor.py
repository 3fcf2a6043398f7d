"""Trusted side: one thread per running sandbox that drains its output and watches memory.

Output: the first ``cap`` bytes are kept, the rest only counted, so a student printing 50 MB
costs no memory here. Memory: resident anonymous memory of the sandbox's processes above the
baseline taken right after the fork (pages shared copy-on-write with the zygote are resident
in the child too, so they must not count against the student).
"""
from __future__ import annotations

import os
import select
import threading
import time
from typing import Callable

import psutil

MEMORY_POLL_S = 0.05


class OutputBuffer:
    """stdout+stderr of a sandbox (across restarts): a capped excerpt and a byte count."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.total = 0
        self._kept = bytearray()
        self.lock = threading.Lock()

    def feed(self, data: bytes) -> None:
        self.total += len(data)
        room = self.cap - len(self._kept)
        if room > 0:
            self._kept += data[:room]

    def drain(self, fd: int) -> bool:
        """Read what is available from ``fd`` (non-blocking). Returns False at end of file."""
        with self.lock:
            while True:
                try:
                    data = os.read(fd, 1 << 16)
                except BlockingIOError:
                    return True
                except OSError:
                    return False
                if not data:
                    return False
                self.feed(data)

    def text(self) -> str:
        with self.lock:
            text = self._kept.decode("utf-8", errors="replace")
            more = self.total - len(self._kept)
        return text + (f"\n[… {more} bytes more]" if more > 0 else "")


def _status_fields(pid: int) -> dict[bytes, bytes]:
    fields: dict[bytes, bytes] = {}
    try:
        with open(f"/proc/{pid}/status", "rb") as status:
            for line in status:
                key, _, value = line.partition(b":")
                fields[key] = value.strip()
    except OSError:
        pass
    return fields


def _anon_kb(fields: dict[bytes, bytes]) -> int:
    total = 0
    for key in (b"RssAnon", b"RssShmem"):
        value = fields.get(key)
        if value:
            total += int(value.split()[0])
    return total


def sandbox_pids(pid: int, uid: int | None) -> list[int]:
    """Every live process of the sandbox: by uid when it has its own, else by process tree."""
    if uid is not None:
        return [p for p in _all_pids() if _uid_matches(_status_fields(p), uid)]
    try:
        root = psutil.Process(pid)
        return [pid] + [c.pid for c in root.children(recursive=True)]
    except psutil.Error:
        return []


def _all_pids() -> list[int]:
    return [int(p) for p in os.listdir("/proc") if p.isdigit()]


def _uid_matches(fields: dict[bytes, bytes], uid: int) -> bool:
    return str(uid).encode() in fields.get(b"Uid", b"").split()[:3]


def anon_memory_kb(pid: int) -> int:
    return _anon_kb(_status_fields(pid))


def _children_files() -> bool:
    """Whether this kernel lists each task's children (``/proc/<pid>/task/<tid>/children``)."""
    return os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children")


CHILDREN_FILES = _children_files()


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants, read from each task's list of children: a handful of
    small reads, where listing every process of the host reads all of /proc."""
    found: list[int] = []
    waiting = [pid]
    while waiting:
        current = waiting.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:  # gone meanwhile
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children", "rb") as listing:
                    waiting.extend(int(child) for child in listing.read().split())
            except (OSError, ValueError):
                continue
    return found


def memory_above_baseline_kb(pid: int, uid: int | None, baseline_kb: int, *, contained: bool = False) -> int:
    """Resident anonymous memory of the sandbox's processes above the forked baseline: every
    process of its dedicated ``uid``, else of its process tree. ``contained``: the sandbox
    has a PID namespace of its own, so every process of its uid lies in the tree below
    ``pid`` (an orphan is adopted by the namespace's init, inside it), and the tree is read
    instead of every process of the host (2 ms a poll, 20 polls a second, on a quiet machine)."""
    if contained and CHILDREN_FILES:
        fields = [_status_fields(p) for p in process_tree(pid)]
        usage = [_anon_kb(f) for f in fields if uid is None or _uid_matches(f, uid)]
    elif uid is not None:
        usage = [_anon_kb(f) for f in map(_status_fields, _all_pids()) if _uid_matches(f, uid)]
    else:
        usage = [anon_memory_kb(p) for p in sandbox_pids(pid, None)]
    # Each forked copy shares the baseline copy-on-write; exec'd helpers start below it.
    return sum(max(0, kb - baseline_kb) for kb in usage)


class Monitor(threading.Thread):
    def __init__(self, *, out_fd: int, output: OutputBuffer, pid: int, uid: int | None,
                 baseline_kb: int, limit_kb: int, on_excess: Callable[[int], None]) -> None:
        super().__init__(name=f"sandbox-monitor-{pid}", daemon=True)
        self.out_fd = out_fd
        self.output = output
        self.pid = pid
        self.uid = uid
        self.baseline_kb = baseline_kb
        self.limit_kb = limit_kb
        self.on_excess = on_excess
        self.stopping = threading.Event()
        self.peak_kb = 0
        self.contained = False  # set once the sandbox says its PID namespace is its own
        # stop() writes here: the thread wakes at once instead of at its next poll (closing
        # a sandbox waited for it, 25 ms on average)
        self._wake_read, self._wake_write = os.pipe()

    def run(self) -> None:
        open_ = True
        next_check = 0.0
        while not self.stopping.is_set():
            if open_:
                try:
                    readable, _, _ = select.select([self.out_fd, self._wake_read], [], [], MEMORY_POLL_S)
                except (OSError, ValueError):
                    readable, open_ = [], False
                if self.out_fd in readable:
                    open_ = self.output.drain(self.out_fd)
            else:
                self.stopping.wait(MEMORY_POLL_S)
            now = time.monotonic()
            if now >= next_check and self.limit_kb > 0:
                next_check = now + MEMORY_POLL_S
                used = memory_above_baseline_kb(self.pid, self.uid, self.baseline_kb, contained=self.contained)
                self.peak_kb = max(self.peak_kb, used)
                if used > self.limit_kb:
                    self.on_excess(used)

    def stop(self) -> None:
        if self.stopping.is_set():
            return
        self.stopping.set()
        os.write(self._wake_write, b"x")
        if self is not threading.current_thread():
            self.join(timeout=5)
            if not self.is_alive():
                os.close(self._wake_read)
                os.close(self._wake_write)
