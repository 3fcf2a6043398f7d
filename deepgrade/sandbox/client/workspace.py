"""Trusted side: a sandbox's private working directory and its dedicated uid (job slot).

Uids are taken from a fixed range with an flock'ed lock file each, so several zygotes or
grading processes on one machine never share a uid (killing "every process of the uid"
must only ever hit one sandbox). A lock dies with its holder, so a crashed run frees it.
"""
from __future__ import annotations

import fcntl
import os
import pwd
import shutil
import tempfile
from dataclasses import dataclass
from typing import IO

from deepgrade.sandbox.shared.spec import SandboxSpec

UID_BASE = 64100
UID_COUNT = 400
LOCK_DIR = os.path.join(tempfile.gettempdir(), "deepgrade-sandbox-uids")


@dataclass
class UidSlot:
    uid: int
    lock_file: IO[bytes]

    def release(self) -> None:
        self.lock_file.close()


def _uid_unused_by_accounts(uid: int) -> bool:
    try:
        pwd.getpwuid(uid)
        return False
    except KeyError:
        return True


def acquire_uid() -> UidSlot:
    """A free sandbox uid, held until ``release()``."""
    os.makedirs(LOCK_DIR, mode=0o700, exist_ok=True)
    for uid in range(UID_BASE, UID_BASE + UID_COUNT):
        if not _uid_unused_by_accounts(uid):
            continue
        handle = open(os.path.join(LOCK_DIR, str(uid)), "ab")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            continue
        return UidSlot(uid, handle)
    raise RuntimeError(f"no free sandbox uid in {UID_BASE}..{UID_BASE + UID_COUNT - 1}")


PF_EXITING = 0x4  # /proc/<pid>/stat flags: the process is in its exit path


def _exiting(pid: str) -> bool:
    """Whether the process is already ending (a zombie, or killed and tearing down): nothing
    can stop that, and nothing need kill it. (A closed sandbox's processes are, for the tens
    of milliseconds until its zygote reaps them, while the next sandbox takes its uid.)"""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return True  # gone meanwhile
    return fields[0] in (b"Z", b"X") or bool(int(fields[6]) & PF_EXITING)


def processes_of_uid(uid: int) -> list[int]:
    """Pids whose real, effective or saved uid is ``uid`` (read from /proc/*/status), left
    out those already exiting."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", "rb") as status:
                for line in status:
                    if line.startswith(b"Uid:"):
                        if str(uid).encode() in line.split()[1:4] and not _exiting(entry):
                            found.append(int(entry))
                        break
        except OSError:
            continue
    return found


WORKDIR_PREFIX = "deepgrade-sb-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_stale_workdirs(tmp: str | None = None) -> int:
    """Remove the work folders of grading processes that are gone (killed with SIGKILL, a
    machine that lost power): each holds a student's files. Returns how many were removed.

    A folder is named ``deepgrade-sb-<pid>-XXXX`` after the process that made it; one whose
    process is alive, or that does not carry a pid, is never touched.
    """
    tmp = tmp or tempfile.gettempdir()
    removed = 0
    try:
        names = os.listdir(tmp)
    except OSError:
        return 0
    for name in names:
        pid_text, _, rest = name[len(WORKDIR_PREFIX):].partition("-")
        if not name.startswith(WORKDIR_PREFIX) or not pid_text.isdigit() or not rest:
            continue
        if int(pid_text) == os.getpid() or _alive(int(pid_text)):
            continue
        shutil.rmtree(os.path.join(tmp, name), ignore_errors=True)
        removed += 1
    return removed


class SandboxFolder:
    """``<tmp>/deepgrade-sb-<pid>-XXXX/`` on the host, one per sandbox, mode 0711:

    - ``stage/`` holds the submission's files (mode 0700), copied into the sandbox's own work
      folder when it starts (or, unisolated, the folder student code runs in);
    - ``root/`` is empty on the host: the sandbox mounts its allow-listed root there, inside
      its own mount namespace, and pivots into it.

    The pid is this (trusted) process's, so a later run can tell a leftover from a live one.
    """

    def __init__(self, spec: SandboxSpec, uid: int | None) -> None:
        self.path = tempfile.mkdtemp(prefix=f"{WORKDIR_PREFIX}{os.getpid()}-")
        os.chmod(self.path, 0o711)
        self.stage = os.path.join(self.path, "stage")
        self.root = os.path.join(self.path, "root")
        os.mkdir(self.stage, 0o700)
        os.mkdir(self.root, 0o700)
        for unit in spec.units:
            if unit.kind == "module" and "/" not in unit.filename and not unit.filename.startswith("."):
                with open(os.path.join(self.stage, unit.filename), "w", encoding="utf-8") as out:
                    out.write(unit.source)
        for rel in spec.fixtures:
            if os.path.isabs(rel) or ".." in rel.split("/"):
                raise ValueError(f"fixture path must be relative to the workdir: {rel!r}")
        if uid is not None:  # unisolated, the dedicated uid works in stage/ itself
            for folder, dirs, files in os.walk(self.stage):
                os.chown(folder, uid, uid)
                for name in files:
                    os.chown(os.path.join(folder, name), uid, uid)

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
