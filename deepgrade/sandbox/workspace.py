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

from deepgrade.sandbox.spec import SandboxSpec

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


def processes_of_uid(uid: int) -> list[int]:
    """Pids whose real, effective or saved uid is ``uid`` (read from /proc/*/status)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", "rb") as status:
                for line in status:
                    if line.startswith(b"Uid:"):
                        if str(uid).encode() in line.split()[1:4]:
                            found.append(int(entry))
                        break
        except OSError:
            continue
    return found


class Workdir:
    """``<tmp>/deepgrade-sb-XXXX/work``: the sandbox's cwd, owned by its uid, mode 0700.

    The parent is root's, mode 0711: other sandboxes cannot list it or enter ``work``.
    """

    def __init__(self, spec: SandboxSpec, uid: int | None) -> None:
        self.root = tempfile.mkdtemp(prefix="deepgrade-sb-")
        os.chmod(self.root, 0o711)
        self.path = os.path.join(self.root, "work")
        os.mkdir(self.path, 0o700)
        for unit in spec.units:
            if unit.kind == "module" and "/" not in unit.filename and not unit.filename.startswith("."):
                with open(os.path.join(self.path, unit.filename), "w", encoding="utf-8") as out:
                    out.write(unit.source)
        for rel in spec.fixtures:
            if os.path.isabs(rel) or ".." in rel.split("/"):
                raise ValueError(f"fixture path must be relative to the workdir: {rel!r}")
            os.makedirs(os.path.join(self.path, rel), exist_ok=True)
        if uid is not None:
            for folder, dirs, files in os.walk(self.path):
                os.chown(folder, uid, uid)
                for name in files:
                    os.chown(os.path.join(folder, name), uid, uid)

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
