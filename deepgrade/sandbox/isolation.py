"""Sandbox side: the isolation layers applied in a freshly forked child, in order.

Each layer that cannot be applied (not root, no namespaces, not Linux) is skipped and named
in the returned warnings, so the run summary can say so; nothing is skipped silently.
"""
from __future__ import annotations

import ctypes
import functools
import os
import resource
import stat
import sys
from typing import Any

CLONE_NEWNS = 0x00020000
CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000
PR_CAPBSET_DROP, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 24, 47, 4
_LINUX_CAPABILITY_VERSION_3 = 0x20080522
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS = 1, 38
PRIVATE_TMP_DIRS = ("/tmp", "/var/tmp", "/dev/shm")
# Where else a machine may keep world-writable folders (/run/lock here). Files the sandbox's
# uid wrote there would outlive it on the host (a disk or memory filler), so each one found
# gets a small private tmpfs too. Searched once per zygote, a few levels deep (~25 ms).
WRITABLE_SEARCH_ROOTS = ("/var", "/run", "/dev", "/srv", "/opt", "/home", "/mnt", "/media", "/etc", "/usr/local")
WRITABLE_SEARCH_DEPTH = 4
# Files (inodes) a sandbox may create per tmpfs. Inodes cost kernel memory that neither the
# size= limit nor the RSS watchdog sees: millions of empty files would be gigabytes.
WORKDIR_MAX_FILES = 20_000
TMP_MAX_FILES = 4_096
SANDBOX_PATH = "/usr/local/bin:/usr/bin:/bin"


@functools.lru_cache(maxsize=1)
def world_writable_dirs() -> tuple[str, ...]:
    """Folders anyone may write to, besides PRIVATE_TMP_DIRS (computed once: the zygote calls
    this before it forks, so every sandbox inherits the answer)."""
    found: list[str] = []

    def walk(folder: str, depth: int) -> None:
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    try:
                        if not entry.is_dir(follow_symlinks=False):
                            continue
                        if entry.stat(follow_symlinks=False).st_mode & stat.S_IWOTH:
                            found.append(entry.path)
                        elif depth < WRITABLE_SEARCH_DEPTH:
                            walk(entry.path, depth + 1)
                    except OSError:
                        continue
        except OSError:
            return

    for root in WRITABLE_SEARCH_ROOTS:
        if os.path.isdir(root) and not os.path.islink(root):
            walk(root, 1)
    return tuple(p for p in found if p not in PRIVATE_TMP_DIRS)


def _libc() -> Any:
    return ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _mount(libc: Any, source: str | None, target: str, fstype: str | None, flags: int,
           data: str | None = None) -> None:
    enc = lambda s: s.encode() if s is not None else None  # noqa: E731
    _check(libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)),
           f"mount {target}")


def _hide(libc: Any, path: str, keep: tuple[str, ...]) -> None:
    """Make ``path`` unreadable, except the routes to paths the sandbox itself needs."""
    if not os.path.lexists(path) or os.path.islink(path):
        return
    inside = [k for k in keep if k == path or k.startswith(path.rstrip("/") + "/")]
    if path in keep:
        return
    if inside and os.path.isdir(path):
        for entry in os.listdir(path):
            _hide(libc, os.path.join(path, entry), keep)
        return
    if os.path.isdir(path):
        _mount(libc, "tmpfs", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
               "size=4k,mode=0500")
    else:
        _mount(libc, "/dev/null", path, None, MS_BIND)


# statvfs flags that a read-only remount must repeat (in a user namespace they are locked)
_KEPT_FLAGS = ((os.ST_NOSUID, MS_NOSUID), (os.ST_NODEV, MS_NODEV), (os.ST_NOEXEC, MS_NOEXEC),
               (os.ST_NOATIME, 1024), (os.ST_NODIRATIME, 2048), (os.ST_RELATIME, 1 << 21))


def _mount_points() -> list[str]:
    with open("/proc/self/mountinfo", encoding="utf-8", errors="surrogateescape") as handle:
        points = [line.split()[4] for line in handle if len(line.split()) > 4]
    # mountinfo escapes space, tab, newline and backslash as octal
    return [p.encode("latin-1", "surrogateescape").decode("unicode_escape") if "\\" in p else p for p in points]


def _host_read_only(libc: Any, writable: tuple[str, ...], warnings: list[str]) -> None:
    """Without a dedicated uid, student code runs as the grading user itself: every mount but
    the sandbox's own (work folder, private /tmp and friends) is made read-only, so it cannot
    write to that user's files (a home folder's shell start-up files, other projects)."""
    def ours(point: str) -> bool:
        return any(point == w or point.startswith(w.rstrip("/") + "/") for w in writable)

    failed = []
    for point in _mount_points():
        if ours(point) or point.startswith(("/proc", "/sys", "/dev")):
            continue
        try:
            current = os.statvfs(point).f_flag
            kept = sum(flag for st_flag, flag in _KEPT_FLAGS if current & st_flag)
            _mount(libc, None, point, None, MS_REMOUNT | MS_BIND | MS_RDONLY | kept)
        except OSError:
            failed.append(point)
    if failed:
        warnings.append(f"could not make {len(failed)} mount(s) read-only (e.g. {failed[0]}): student code "
                        "may write there as the grading user")


def _namespaces(config: dict[str, Any], warnings: list[str]) -> bool:
    """New network and mount namespaces; fixtures read-only; /tmp private; hide_paths hidden."""
    workdir: str = config["workdir"]
    libc = _libc()
    try:
        _check(libc.unshare(CLONE_NEWNET), "unshare(CLONE_NEWNET)")
    except OSError as exc:
        warnings.append(f"network not isolated ({exc.strerror})")
    try:
        _check(libc.unshare(CLONE_NEWNS), "unshare(CLONE_NEWNS)")
        _mount(libc, None, "/", None, MS_REC | MS_PRIVATE)
    except OSError as exc:
        warnings.append(f"no private mount namespace ({exc.strerror}): hidden paths stay readable, "
                        "fixtures are symlinks")
        return False
    # Opened now: /tmp (where the staging dir and fixtures may live) is replaced just below.
    staged = os.open(workdir, os.O_RDONLY | os.O_DIRECTORY)
    fixture_fds = {rel: os.open(source, os.O_PATH) for rel, source in config["fixtures"].items()}
    # /tmp and friends are world-writable: give the sandbox its own, so writes vanish with it.
    runtime = _outermost(config["keep_paths"])
    for tmp in PRIVATE_TMP_DIRS:
        if os.path.isdir(tmp) and not os.path.islink(tmp):
            # A checkout (and its .venv) may itself live under /tmp: bound back, read-only.
            _cover(libc, tmp, f"size=64m,nr_inodes={TMP_MAX_FILES},mode=1777", runtime, read_only=False)
    for writable in world_writable_dirs():
        if any(writable.startswith(path.rstrip("/") + "/") for path in runtime):
            # inside the Python installation: covering it could hide modules it needs
            warnings.append(f"{writable} (inside the Python installation) is writable by everyone")
            continue
        try:
            _cover(libc, writable, "size=1m,nr_inodes=256,mode=1777", runtime, read_only=False)
        except OSError as exc:
            warnings.append(f"{writable} is writable by everyone and could not be made private ({exc.strerror})")
    # The working directory becomes a size-limited tmpfs (a disk filler hits ENOSPC, and
    # nothing is left on the host's disk), seeded with the staged top-level files.
    os.makedirs(workdir, mode=0o755, exist_ok=True)
    owner = config.get("uid") if config.get("uid") is not None else os.getuid()
    _mount(libc, "tmpfs", workdir, "tmpfs", MS_NOSUID | MS_NODEV,
           f"size={int(config['limits']['disk_mb'])}m,nr_inodes={WORKDIR_MAX_FILES},mode=0700,uid={owner},gid={owner}")
    _copy_staged(staged, workdir, owner)
    os.close(staged)
    for rel, source_fd in fixture_fds.items():
        target = os.path.join(workdir, rel)
        _makedirs_owned(workdir, rel, owner)
        _mount(libc, f"/proc/self/fd/{source_fd}", target, None, MS_BIND | MS_REC)
        _mount(libc, None, target, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
        os.close(source_fd)
    _expose_runtime(libc, runtime, warnings)
    keep = tuple(config["keep_paths"]) + (workdir,)
    for path in config["hide_paths"]:
        _hide(libc, path, keep)
    if config.get("uid") is None:
        _host_read_only(libc, (workdir, *PRIVATE_TMP_DIRS, *world_writable_dirs()), warnings)
    return True


def _outermost(paths: Any) -> list[str]:
    """Existing folders among ``paths``, keeping only outermost ones (a bind of /x brings /x/lib)."""
    found = sorted({os.path.realpath(p) for p in paths if p and os.path.isdir(p)})
    return [p for p in found if not any(p != q and p.startswith(q.rstrip("/") + "/") for q in found)]


def _closed_ancestor(path: str) -> str | None:
    """The outermost folder above ``path`` that other users cannot enter (e.g. /root, 0700)."""
    current = "/"
    for part in path.strip("/").split("/")[:-1]:
        current = os.path.join(current, part)
        if not os.stat(current).st_mode & stat.S_IXOTH:
            return current
    return None


def _cover(libc: Any, folder: str, options: str, keep: list[str], *, read_only: bool) -> None:
    """Mount an empty tmpfs over ``folder``, then bind the ``keep`` folders inside it back,
    read-only, at their own paths (so the interpreter still finds its files there)."""
    inside = [p for p in keep if p.startswith(folder.rstrip("/") + "/")]
    fds = {path: os.open(path, os.O_PATH | os.O_DIRECTORY) for path in inside}  # before covering
    try:
        _mount(libc, "tmpfs", folder, "tmpfs", MS_NOSUID | MS_NODEV, options)
        for path, fd in fds.items():
            os.makedirs(path, mode=0o755, exist_ok=True)
            _mount(libc, f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
            _mount(libc, None, path, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
        if read_only:
            _mount(libc, None, folder, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    finally:
        for fd in fds.values():
            os.close(fd)


def _expose_runtime(libc: Any, runtime: list[str], warnings: list[str]) -> None:
    """Let the unprivileged sandbox uid import the standard library even when Python is
    installed under a closed home folder (pyenv in /root): the closed folder is covered by an
    empty tmpfs (hiding the rest of it) and only the interpreter's folders are bound back,
    read-only. Without this, any module the zygote did not preload fails to import."""
    blocked: dict[str, list[str]] = {}
    for path in runtime:
        closed = _closed_ancestor(path)
        if closed is not None:
            blocked.setdefault(closed, []).append(path)
    for closed, paths in blocked.items():
        try:
            _cover(libc, closed, "size=64k,mode=0755", paths, read_only=True)
        except OSError as exc:
            warnings.append(f"the Python installation under {closed} stays unreadable to student code "
                            f"({exc.strerror}): modules not preloaded cannot be imported")


def _copy_staged(staged_fd: int, workdir: str, owner: int) -> None:
    for name in os.listdir(staged_fd):
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=staged_fd)
        except OSError:
            continue  # a directory (fixture mount point) or a link: not copied
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            continue
        with open(fd, "rb") as source:
            data = source.read()
        path = os.path.join(workdir, name)
        with open(path, "wb") as target:
            target.write(data)
        os.chown(path, owner, owner)


def _makedirs_owned(workdir: str, rel: str, owner: int) -> None:
    current = workdir
    for part in rel.split("/"):
        current = os.path.join(current, part)
        if not os.path.isdir(current):
            os.mkdir(current, 0o755)
            os.chown(current, owner, owner)


def _symlink_fixtures(config: dict[str, Any]) -> None:
    for rel, source in config["fixtures"].items():
        target = os.path.join(config["workdir"], rel)
        if os.path.isdir(target) and not os.listdir(target):
            os.rmdir(target)
        if not os.path.lexists(target):
            os.symlink(source, target)


def _enter_user_namespace(warnings: list[str]) -> bool:
    """Without root: become "root" of a user namespace of our own (mapped to our own uid), so
    the network and mount layers can still be built. False (and said) where the kernel does
    not allow unprivileged user namespaces."""
    uid, gid = os.getuid(), os.getgid()
    try:
        _check(_libc().unshare(CLONE_NEWUSER), "unshare(CLONE_NEWUSER)")
        for name, text in (("uid_map", f"0 {uid} 1"), ("setgroups", "deny"), ("gid_map", f"0 {gid} 1")):
            with open(f"/proc/self/{name}", "w") as handle:
                handle.write(text)
    except OSError as exc:
        warnings.append(f"not root and no user namespace ({exc.strerror}): no network or mount isolation "
                        "(hidden paths stay readable)")
        return False
    return True


def _drop_capabilities() -> None:
    """Give up the user namespace's capabilities once its mounts are built: student code
    could otherwise unmount what hides the graders (and no_new_privs keeps them dropped)."""
    libc = _libc()
    for capability in range(64):
        libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0)  # past the last one: EINVAL, ignored
    libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    header = (ctypes.c_uint32 * 2)(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()  # effective, permitted, inheritable x 2 words: all empty
    _check(libc.capset(header, data), "capset")


def _drop_privileges(config: dict[str, Any], warnings: list[str], outer_uid: int, *, host_read_only: bool) -> None:
    uid, gid = config.get("uid"), config.get("gid")
    if uid is None:
        who = "root" if outer_uid == 0 else f"uid {outer_uid}"
        reach = ("the host's files are read-only to it" if host_read_only
                 else "it can write wherever that user can")
        warnings.append(f"student code runs as {who} (no dedicated uid): {reach}, and stray processes "
                        "are found by process tree only")
        return
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)


def _rlimits(config: dict[str, Any], warnings: list[str], outer_uid: int) -> None:
    limits = config["limits"]
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    fsize = int(limits["file_size_mb"]) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
    cpu = int(limits["cpu_s"])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    if outer_uid != 0:
        # Only meaningful without root privileges (root ignores it); counts the whole uid.
        nproc = int(config.get("nproc", 256))
        if config.get("uid") is None:
            nproc += len([p for p in os.listdir("/proc") if p.isdigit()]) if os.path.isdir("/proc") else 0
        try:
            resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
        except (ValueError, OSError):
            warnings.append("process count not limited")
    else:
        warnings.append("process count not limited (running as root)")


def _environment(workdir: str) -> None:
    os.environ.clear()
    os.environ.update({
        "PATH": SANDBOX_PATH, "HOME": workdir, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
        "TMPDIR": "/tmp", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONIOENCODING": "utf-8",
        "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "MPLBACKEND": "Agg",
        "TORCH_HOME": os.path.join(workdir, ".torch"),
    })


def _stdio(out_fd: int) -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(out_fd, 1)
    os.dup2(out_fd, 2)
    os.close(out_fd)
    sys.stdin = open(0, "r", closefd=False)
    sys.stdout = open(1, "w", buffering=1, encoding="utf-8", errors="backslashreplace", closefd=False)
    sys.stderr = open(2, "w", buffering=1, encoding="utf-8", errors="backslashreplace", closefd=False)
    sys.__stdout__, sys.__stderr__, sys.__stdin__ = sys.stdout, sys.stderr, sys.stdin


def apply(config: dict[str, Any], out_fd: int, keep_fds: tuple[int, ...]) -> list[str]:
    """Isolate the current (freshly forked) process. Returns the layers that were not applied."""
    warnings: list[str] = []
    os.setsid()
    linux = sys.platform.startswith("linux")
    outer_uid = os.geteuid()  # inside a user namespace of our own, geteuid() says 0
    isolated_fs = False
    if linux and outer_uid == 0:
        isolated_fs = _namespaces(config, warnings)
    elif linux and _enter_user_namespace(warnings):
        isolated_fs = _namespaces(config, warnings)
        _drop_capabilities()
    elif not linux:
        warnings.append(f"{sys.platform}: no network or file-system isolation")
    if not isolated_fs:
        _symlink_fixtures(config)
    _rlimits(config, warnings, outer_uid)  # before the uid drop: RLIMIT_NPROC is fixed after it below
    _drop_privileges(config, warnings, outer_uid, host_read_only=isolated_fs)
    if config.get("uid") is not None:
        nproc = int(config.get("nproc", 256))
        resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
        warnings = [w for w in warnings if not w.startswith("process count")]
    if linux:
        libc = _libc()
        libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)  # setuid binaries (su, sudo) cannot regain root
        libc.prctl(PR_SET_PDEATHSIG, 9, 0, 0, 0)      # die with the zygote (set after the uid change)
    _environment(config["workdir"])
    os.chdir(config["workdir"])
    _stdio(out_fd)
    os.closerange(3, min(keep_fds)) if keep_fds else None
    for low, high in zip(sorted(keep_fds), sorted(keep_fds)[1:] + [65536]):
        os.closerange(low + 1, high)
    return warnings
