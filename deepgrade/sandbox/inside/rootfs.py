"""Sandbox side: the allow-listed root file system a sandbox's student code sees.

The sandbox starts from nothing and binds in only what student code needs, the model of
bubblewrap, nsjail and isolate: a fresh tmpfs becomes ``/``, holding

- the system libraries and tools (``/usr``, ``/bin``, ``/lib*``), read-only;
- the Python installation, its site-packages and the virtualenv, read-only at their own paths
  (also when they live under the grading user's home or ``/root``);
- a minimal ``/etc`` (a ``passwd``/``group`` naming only the sandbox's own user, the dynamic
  loader's cache, the time zone);
- a minimal ``/dev`` (``null``, ``zero``, ``full``, ``random``, ``urandom``, a private
  ``/dev/shm``; the GPU's device nodes where the host has them);
- ``/proc`` of the sandbox's own PID namespace (mounted by its init, see ``isolation``);
- private, size-limited ``/tmp`` and ``/var/tmp``;
- the work folder ``/home/student``: a size-limited tmpfs holding a copy of the submission,
  with the week's data fixtures bound read-only inside it.

Nothing else exists inside: not the grading user's home, not ``/run/user`` (ssh-agent and
other session sockets), not ``/srv``, not the repository with its graders and solutions.

``host_layout`` reads the host's shape once per zygote; ``plan_root`` is pure (a list of
entries from the configuration and that layout); ``build_root`` carries a plan out under a
folder, before ``isolation`` pivots into it.
"""
from __future__ import annotations

import glob
import os
import stat
from dataclasses import dataclass
from typing import Callable, Iterable, Union

from deepgrade.sandbox.inside import linux
from deepgrade.sandbox.inside.linux import MS_NODEV, MS_NOEXEC, MS_NOSUID, MS_RDONLY

WORKDIR = "/home/student"        # where student code runs, as it sees it (also its HOME)
SANDBOX_USER = "student"
SYSTEM_PATHS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
DEVICES = ("null", "zero", "full", "random", "urandom")
GPU_DEVICES = ("/dev/nvidia*", "/dev/nvidia-caps")
# /etc files read as they are on the host (the dynamic loader's cache: ctypes.util.find_library
# and lazily loaded libraries; the time zone: time.localtime).
ETC_FROM_HOST = ("/etc/ld.so.cache", "/etc/localtime")
# Files (inodes) a sandbox may create per tmpfs. Inodes cost kernel memory that neither the
# size= limit nor the RSS watchdog sees: millions of empty files would be gigabytes.
WORKDIR_MAX_FILES = 20_000
TMP_MAX_FILES = 4_096
TMP_SIZE_MB = 64
ROOT_OPTIONS = "size=1m,nr_inodes=4096,mode=0755"


@dataclass(frozen=True)
class Tmpfs:
    path: str
    options: str
    flags: int = MS_NOSUID | MS_NODEV


@dataclass(frozen=True)
class Bind:
    source: str
    path: str
    device: bool = False     # a device node: keeps dev access, stays writable (/dev/null)
    recursive: bool = True   # with the mounts below source (each made read-only too)


@dataclass(frozen=True)
class Symlink:
    path: str
    target: str


@dataclass(frozen=True)
class File:
    path: str
    text: str


@dataclass(frozen=True)
class Folder:
    path: str


@dataclass(frozen=True)
class Submission:
    """The staged submission files (host folder) copied into the work folder, owned by ``owner``."""
    source: str
    path: str
    owner: int


@dataclass(frozen=True)
class Hide:
    """A path inside a bound tree that must not be seen (repository, inbox, export, state),
    except the routes to ``keep`` paths below it (a virtualenv inside a hidden checkout)."""
    path: str
    keep: tuple[str, ...]


Entry = Union[Tmpfs, Bind, Symlink, File, Folder, Submission, Hide]


@dataclass(frozen=True)
class RootConfig:
    uid: int                           # the sandbox user's uid and gid as student code sees them
    gid: int
    stage_dir: str                     # host folder with the submission's files
    fixtures: dict[str, str]           # path inside the work folder -> host folder (read-only)
    runtime_paths: tuple[str, ...]     # the Python installation's folders
    hide_paths: tuple[str, ...] = ()
    disk_mb: int = 256


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _outermost(paths: Iterable[str]) -> list[str]:
    found = sorted({os.path.realpath(p) for p in paths if p and os.path.isdir(p)})
    return [p for p in found if not any(p != q and _inside(p, q) for q in found)]


def _as_on_host(paths: Iterable[str], exists: Callable[[str], bool]) -> list[Entry]:
    """Each path that ``exists`` bound at its own path, a symbolic link copied as a link."""
    entries: list[Entry] = []
    for path in paths:
        if os.path.islink(path):
            entries.append(Symlink(path, os.readlink(path)))
        elif exists(path):
            entries.append(Bind(path, path))
    return entries


def _system_entries() -> tuple[list[Entry], list[str]]:
    entries = _as_on_host(SYSTEM_PATHS, os.path.isdir)
    return entries, [entry.path for entry in entries if isinstance(entry, Bind)]


def _etc_entries(uid: int, gid: int) -> list[Entry]:
    """The /etc files written for the sandbox's own user (the host's are bound: HostLayout)."""
    return [
        Folder("/etc"),
        File("/etc/passwd", f"{SANDBOX_USER}:x:{uid}:{gid}:deepgrade sandbox:{WORKDIR}:/usr/sbin/nologin\n"),
        File("/etc/group", f"{SANDBOX_USER}:x:{gid}:\n"),
        File("/etc/nsswitch.conf", "passwd: files\ngroup: files\nhosts: files\n"),
        File("/etc/hosts", "127.0.0.1 localhost\n::1 localhost\n"),
    ]


def gpu_device_paths() -> list[str]:
    found: list[str] = []
    for pattern in GPU_DEVICES:
        found += sorted(glob.glob(pattern))
    return found


def _dev_entries() -> list[Entry]:
    entries: list[Entry] = [Tmpfs("/dev", "size=64k,nr_inodes=256,mode=0755", MS_NOSUID | MS_NOEXEC)]
    for name in DEVICES:
        if os.path.exists(f"/dev/{name}"):
            entries.append(Bind(f"/dev/{name}", f"/dev/{name}", device=True))
    for path in gpu_device_paths():
        entries.append(Bind(path, path, device=True))
    for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"),
                         ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2")):
        entries.append(Symlink(f"/dev/{name}", target))
    entries.append(Tmpfs("/dev/shm", f"size={TMP_SIZE_MB}m,nr_inodes={TMP_MAX_FILES},mode=1777"))
    return entries


@dataclass(frozen=True)
class HostLayout:
    """The parts of every sandbox's root that depend only on the host and the Python
    installation: read once per zygote (``host_layout``), used by each sandbox it forks."""
    runtime_paths: tuple[str, ...]     # as given (the key this layout was made for)
    system: tuple[Entry, ...]          # /usr, /bin, /lib*: bound or symlinked
    etc_from_host: tuple[Entry, ...]   # the loader's cache and the time zone
    devices: tuple[Entry, ...]         # /dev, with GPU device nodes where the host has them
    sys: tuple[Entry, ...]             # /sys: CPU topology, or all of it for a GPU driver
    bound: tuple[str, ...]             # host trees bound whole (system folders, /sys for a GPU)
    runtime: tuple[str, ...]           # the Python installation's folders not inside those


def host_layout(runtime_paths: tuple[str, ...]) -> HostLayout:
    system, bound = _system_entries()
    etc_from_host = _as_on_host(ETC_FROM_HOST, os.path.isfile)
    # /sys: CPU topology only (core counts), or all of it read-only where a GPU driver needs it
    # (never recursive: /sys/fs/cgroup below it is no business of student code)
    sys_entries: list[Entry] = []
    if gpu_device_paths():
        sys_entries.append(Bind("/sys", "/sys", recursive=False))
        bound.append("/sys")
    elif os.path.isdir("/sys/devices/system/cpu"):
        sys_entries.append(Bind("/sys/devices/system/cpu", "/sys/devices/system/cpu", recursive=False))
    runtime = [p for p in _outermost(runtime_paths) if not any(_inside(p, b) for b in bound)]
    return HostLayout(tuple(runtime_paths), tuple(system), tuple(etc_from_host), tuple(_dev_entries()),
                      tuple(sys_entries), tuple(bound), tuple(runtime))


def plan_root(config: RootConfig, layout: HostLayout | None = None) -> list[Entry]:
    """What the sandbox's root holds, in the order it is built (parents before children).
    ``layout``: the host's part, when already read for these runtime paths."""
    if layout is None or layout.runtime_paths != tuple(config.runtime_paths):
        layout = host_layout(tuple(config.runtime_paths))
    entries: list[Entry] = [*layout.system, *_etc_entries(config.uid, config.gid), *layout.etc_from_host,
                            *layout.devices, Folder("/proc"), *layout.sys]
    tmp = f"size={TMP_SIZE_MB}m,nr_inodes={TMP_MAX_FILES},mode=1777"
    entries += [Tmpfs("/tmp", tmp), Folder("/var"), Tmpfs("/var/tmp", tmp), Folder("/home"),
                Tmpfs(WORKDIR, f"size={int(config.disk_mb)}m,nr_inodes={WORKDIR_MAX_FILES},mode=0700,"
                               f"uid={config.uid},gid={config.gid}"),
                Submission(config.stage_dir, WORKDIR, config.uid)]
    for rel, source in sorted(config.fixtures.items()):
        entries.append(Bind(os.path.realpath(source), os.path.join(WORKDIR, rel)))
    entries += [Bind(path, path) for path in layout.runtime]
    visible = list(layout.bound) + list(layout.runtime)
    for hidden in sorted({os.path.realpath(p) for p in config.hide_paths}):
        if any(_inside(hidden, b) for b in visible):
            keep = tuple(p for p in layout.runtime if p != hidden and _inside(p, hidden))
            entries.append(Hide(hidden, keep))
    return entries


# --------------------------------------------------------------------------- building

def _target(root: str, path: str) -> str:
    return os.path.join(root, path.lstrip("/"))


def _make_parent(target: str) -> None:
    os.makedirs(os.path.dirname(target), mode=0o755, exist_ok=True)


def _mount_point(source: str, target: str) -> None:
    """An empty file or folder at ``target`` to mount ``source`` on."""
    _make_parent(target)
    if os.path.isdir(source):
        os.makedirs(target, mode=0o755, exist_ok=True)
    elif not os.path.lexists(target):
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT, 0o644))


def _copy_submission(source: str, target: str, owner: int) -> None:
    """Regular files at the top of ``source`` (no links, no folders), read before the pivot."""
    folder = os.open(source, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for name in os.listdir(folder):
            try:
                fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=folder)
            except OSError:
                continue
            with open(fd, "rb") as handle:
                if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                    continue
                data = handle.read()
            path = os.path.join(target, name)
            with open(path, "wb") as out:
                out.write(data)
            os.chown(path, owner, owner)
    finally:
        os.close(folder)


def _owned_folders(root: str, path: str, owner: int) -> None:
    """Create the folders of a fixture's mount point inside the work folder, owned by the
    student (a fixture at data/MNIST/raw: the student may still write data/other)."""
    current = _target(root, WORKDIR)
    for part in os.path.relpath(path, WORKDIR).split("/"):
        current = os.path.join(current, part)
        if not os.path.isdir(current):
            os.mkdir(current, 0o755)
            os.chown(current, owner, owner)


def _hide(root: str, path: str, keep: tuple[str, ...]) -> None:
    target = _target(root, path)
    if not os.path.lexists(target) or os.path.islink(target) or path in keep:
        return
    if os.path.isdir(target) and any(_inside(k, path) for k in keep):
        for name in os.listdir(target):
            _hide(root, os.path.join(path, name), keep)
        return
    if os.path.isdir(target):
        linux.mount("tmpfs", target, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=0500")
    else:
        linux.mount("/dev/null", target, None, linux.MS_BIND)


def build_root(entries: list[Entry], root: str) -> None:
    """Carry out ``entries`` under ``root`` (an empty folder): a tmpfs is mounted there first.

    Runs in the sandbox's own mount namespace, with the host still visible; ``isolation``
    then mounts /proc and pivots into ``root``. Raises OSError naming the step that failed.
    """
    old_umask = os.umask(0o022)
    try:
        host_mounts = tuple(linux.mount_points())
        linux.mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, ROOT_OPTIONS)
        for entry in entries:
            _build(entry, root, host_mounts)
    finally:
        os.umask(old_umask)


def _build(entry: Entry, root: str, host_mounts: tuple[str, ...]) -> None:
    if isinstance(entry, Folder):
        os.makedirs(_target(root, entry.path), mode=0o755, exist_ok=True)
    elif isinstance(entry, Tmpfs):
        target = _target(root, entry.path)
        os.makedirs(target, mode=0o755, exist_ok=True)
        linux.mount("tmpfs", target, "tmpfs", entry.flags, entry.options)
    elif isinstance(entry, Symlink):
        target = _target(root, entry.path)
        _make_parent(target)
        os.symlink(entry.target, target)
    elif isinstance(entry, File):
        target = _target(root, entry.path)
        _make_parent(target)
        with open(target, "w", encoding="utf-8") as out:
            out.write(entry.text)
    elif isinstance(entry, Bind):
        target = _target(root, entry.path)
        if _inside(entry.path, WORKDIR):
            _owned_folders(root, entry.path, os.stat(_target(root, WORKDIR)).st_uid)
        _mount_point(entry.source, target)
        if entry.device:
            linux.mount(entry.source, target, None, linux.MS_BIND)
        elif entry.recursive:
            below = tuple(p for p in host_mounts if p != entry.source and _inside(p, entry.source))
            linux.bind_read_only(entry.source, target, submounts=below)
        else:
            linux.bind_read_only(entry.source, target)
    elif isinstance(entry, Submission):
        _copy_submission(entry.source, _target(root, entry.path), entry.owner)
    elif isinstance(entry, Hide):
        _hide(root, entry.path, entry.keep)
    else:  # pragma: no cover - a new entry kind without a builder
        raise TypeError(f"unknown root entry {entry!r}")
