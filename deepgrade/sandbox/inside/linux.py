"""Sandbox side: the Linux system calls the isolation layers need, through libc (ctypes).

Python 3.10/3.11 has no ``os.unshare``, ``mount`` or ``pivot_root``; each wrapper raises
``OSError`` with the call's name, so a layer that fails can say exactly what failed.
"""
from __future__ import annotations

import ctypes
import functools
import os
from typing import Any

CLONE_NEWNS = 0x00020000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_NOATIME, MS_NODIRATIME, MS_BIND, MS_MOVE = 32, 1024, 2048, 4096, 8192
MS_REC, MS_PRIVATE, MS_RELATIME = 16384, 1 << 18, 1 << 21
MNT_DETACH = 2

PR_SET_PDEATHSIG, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT = 1, 24, 38, 47
PR_CAP_AMBIENT_CLEAR_ALL = 4
_LINUX_CAPABILITY_VERSION_3 = 0x20080522
_SYS_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41, "arm64": 41}

# statvfs flags that a read-only remount of a bind mount must repeat: in a user namespace the
# source mount's flags are locked, and a remount that drops one fails with EPERM.
KEPT_FLAGS = ((os.ST_NOSUID, MS_NOSUID), (os.ST_NODEV, MS_NODEV), (os.ST_NOEXEC, MS_NOEXEC),
              (os.ST_NOATIME, MS_NOATIME), (os.ST_NODIRATIME, MS_NODIRATIME), (os.ST_RELATIME, MS_RELATIME))


@functools.lru_cache(maxsize=1)
def libc() -> Any:
    return ctypes.CDLL(None, use_errno=True)


def check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _enc(value: str | None) -> bytes | None:
    return value.encode() if value is not None else None


def mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    check(libc().mount(_enc(source), _enc(target), _enc(fstype), ctypes.c_ulong(flags), _enc(data)),
          f"mount {target}")


def remount_read_only(target: str, extra: int = MS_NOSUID | MS_NODEV) -> None:
    """Make the mount at ``target`` read-only (and ``extra``), keeping its locked flags."""
    current = os.statvfs(target).f_flag
    kept = sum(flag for st_flag, flag in KEPT_FLAGS if current & st_flag)
    mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | kept | extra)


def bind_read_only(source: str, target: str, *, submounts: tuple[str, ...] = ()) -> None:
    """Bind ``source`` (with the mounts below it, ``submounts``, given as host paths) at
    ``target``, every one of them read-only: a remount applies to one mount only."""
    mount(source, target, None, MS_BIND | (MS_REC if submounts else 0))
    remount_read_only(target)
    for sub in submounts:
        inner = os.path.join(target, os.path.relpath(sub, source))
        try:
            remount_read_only(inner)
        except OSError as exc:
            if exc.errno != 2:  # a submount hidden under another one is not reachable: nothing to do
                raise


def mount_points() -> list[str]:
    """Every mount point of this mount namespace (from /proc/self/mountinfo)."""
    with open("/proc/self/mountinfo", encoding="utf-8", errors="surrogateescape") as handle:
        points = [line.split()[4] for line in handle if len(line.split()) > 4]
    # mountinfo escapes space, tab, newline and backslash as octal
    return [p.encode("latin-1", "surrogateescape").decode("unicode_escape") if "\\" in p else p for p in points]


def umount(target: str, flags: int = 0) -> None:
    check(libc().umount2(_enc(target), flags), f"umount {target}")


def unshare(flags: int, what: str) -> None:
    check(libc().unshare(flags), f"unshare({what})")


def pivot_root(new_root: str, put_old: str) -> None:
    number = _SYS_PIVOT_ROOT.get(os.uname().machine)
    if number is None:
        raise OSError(38, f"pivot_root: unknown system call number on {os.uname().machine}")
    check(libc().syscall(ctypes.c_long(number), _enc(new_root), _enc(put_old)), "pivot_root")


def prctl(option: int, value: int) -> int:
    return libc().prctl(option, ctypes.c_ulong(value), 0, 0, 0)


def drop_capabilities() -> None:
    """Give up every capability (bounding, ambient, effective, permitted, inheritable)."""
    lib = libc()
    for capability in range(64):
        lib.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0)  # past the last one: EINVAL, ignored
    lib.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    header = (ctypes.c_uint32 * 2)(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()  # effective, permitted, inheritable x 2 words: all empty
    check(lib.capset(header, data), "capset")
