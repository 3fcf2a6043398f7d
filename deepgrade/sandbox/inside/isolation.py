"""Sandbox side: the isolation layers, applied in order in a freshly forked child.

A sandbox is three processes:

1. **outer** (the zygote's child, in the host's PID namespace): its own session and process
   group; without root, a user namespace of its own; then new mount, network, IPC and PID
   namespaces. It starts the init, forks the worker, waits for the worker, tears the
   namespace down and ends exactly as the worker ended (exit code or signal), so the trusted
   side reads the worker's fate from the zygote.
2. **init** (PID 1 of the new PID namespace): ``cat`` reading a pipe whose only writer is the
   outer process. It does nothing but exist (exec'd, not forked: it costs no copy of the
   zygote); when the outer process goes, even killed, the pipe closes, the init exits, and the
   kernel kills every process left in the namespace. It does not reap: a process that student
   code orphans stays a zombie until the sandbox ends (bounded by the process limit).
3. **worker** (PID 2): builds the allow-listed root (``rootfs``), mounts ``/proc`` of its own
   namespace, pivots into the root, then resource limits, a dedicated uid (as root) or no
   capabilities (in the user namespace), ``no_new_privs``, a scrubbed environment, captured
   output; then it serves the trusted side (``worker.Worker``). ``kill(-1, SIGKILL)`` from
   student code reaches only processes of this namespace.

What to apply is one typed structure, ``IsolationConfig`` (``shared.isolation_config``),
built on the trusted side. The setup reads as two flat, ordered lists of named steps, one
per process (``OUTER_STEPS``, ``WORKER_STEPS``), each applied in turn to one ``Setup``. Each
layer's result is recorded in a report (layer name -> "" when applied, else the reason),
which the worker sends with its first reply. The trusted side decides from it: a missing
required layer (``IsolationConfig.required``) refuses to run student code unless unisolated
grading was explicitly allowed (``deepgrade check``, ``deepgrade grade --allow-unisolated``).
"""
from __future__ import annotations

import os
import resource
import signal
import sys
from dataclasses import dataclass, field
from typing import Callable

from deepgrade.sandbox.inside import linux, rootfs
from deepgrade.sandbox.inside.linux import (CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWUSER,
                                            MNT_DETACH, MS_NODEV, MS_NOEXEC, MS_NOSUID, MS_PRIVATE, MS_REC)
from deepgrade.sandbox.shared.isolation_config import (IPC, MOUNTS, NETWORK, PIDS, PROC, PROCESS_LIMIT, ROOT, UID,
                                                       USER, IsolationConfig)

SANDBOX_PATH = "/usr/local/bin:/usr/bin:/bin"
INIT_PROGRAM = "cat"   # PID 1: blocks reading its lifeline pipe; found on PATH by the zygote
_PYTHON_INIT = "import os\ntry:\n    while os.read(0, 65536):\n        pass\nexcept OSError:\n    pass\n"
_UNSHARE_FLAGS = {MOUNTS: CLONE_NEWNS, NETWORK: CLONE_NEWNET, IPC: CLONE_NEWIPC, PIDS: CLONE_NEWPID}

Report = dict  # layer name -> "" (applied) or why not; carried through the forks, sent in hello
Serve = Callable[[str, Report], None]  # (the work folder, the report): the worker's service; never returns


@dataclass
class Setup:
    """One sandbox's setup in progress: what it was asked for and what it has made so far."""
    config: IsolationConfig
    out_fd: int                   # the output pipe's write end (becomes stdout and stderr)
    rpc_fd: int                   # the RPC socket's end (the only descriptor the worker keeps)
    report: Report = field(default_factory=dict)
    linux_host: bool = field(default_factory=lambda: sys.platform.startswith("linux"))
    host_processes: int = 0       # counted before the PID namespace hides them (for RLIMIT_NPROC)
    namespaces: bool = False      # at least the mount namespace was made
    init_pid: int | None = None   # PID 1 of the new PID namespace
    lifeline: int | None = None   # the init's pipe: only the outer process keeps it open
    workdir: str = ""             # where student code runs: /home/student in the own root
    layout: rootfs.HostLayout | None = None  # the host's part of the root, read once by the zygote (else here)


Step = tuple[str, Callable[[Setup], None]]


# ----------------------------------------------------------------------------- outer

def run(config: IsolationConfig, out_fd: int, rpc_fd: int, serve: Serve,
        layout: rootfs.HostLayout | None = None) -> None:
    """The whole sandbox, from the zygote's freshly forked child. Never returns. ``layout``:
    the host's part of the root, read once by the zygote (else read here)."""
    setup = Setup(config, out_fd, rpc_fd, layout=layout)
    _apply(OUTER_STEPS, setup)
    worker = os.fork()
    if worker == 0:
        _worker(setup, serve)
    os.close(out_fd)
    os.close(rpc_fd)
    status = _wait(worker)
    if setup.init_pid is not None:
        os.kill(setup.init_pid, signal.SIGKILL)  # the namespace ends with its init: every orphan is killed
        _wait(setup.init_pid)
    _end_like(status)


def _apply(steps: tuple[Step, ...], setup: Setup) -> None:
    for _name, step in steps:
        step(setup)


def _own_session(setup: Setup) -> None:
    os.setsid()
    if setup.linux_host:
        linux.prctl(linux.PR_SET_PDEATHSIG, signal.SIGKILL)  # die with the zygote
        _first_to_die()


def _count_host_processes(setup: Setup) -> None:
    """Counted while the host's processes are still visible: without a dedicated uid the
    process limit counts every process of the grading user, so it must leave room for them."""
    setup.host_processes = sum(1 for p in os.listdir("/proc") if p.isdigit()) if os.path.isdir("/proc") else 0


def _keep_fds_from_init(setup: Setup) -> None:
    for fd in (setup.out_fd, setup.rpc_fd):  # received from the zygote: never passed on to the init
        os.set_inheritable(fd, False)


def _first_to_die() -> None:
    """Under memory pressure the kernel kills a sandbox before anything else. (The zygote
    protects itself from that, and a fork inherits the protection: undone here.)"""
    try:
        with open("/proc/self/oom_score_adj", "w") as handle:
            handle.write("1000")
    except OSError:
        pass


def _namespaces(setup: Setup) -> None:
    """New mount, network, IPC and PID namespaces (``config.namespaces``, after a user namespace
    without root). ``setup.namespaces`` stays False when not even a mount namespace was made."""
    if not setup.linux_host:
        return
    report = setup.report
    if os.geteuid() != 0:
        if not _user_namespace(report):
            for name in (NETWORK, MOUNTS, IPC, PIDS):
                report[name] = "no user namespace to build it in"
            return
    made = False
    for name in setup.config.namespaces:
        try:
            linux.unshare(_UNSHARE_FLAGS[name], name)
            report[name] = ""
            made = made or name == MOUNTS
        except OSError as exc:
            report[name] = exc.strerror or str(exc)
    if made:
        try:
            linux.mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing we mount leaks to the host
        except OSError as exc:
            report[MOUNTS] = exc.strerror or str(exc)
            made = False
    setup.namespaces = made


def _user_namespace(report: Report) -> bool:
    """Without root: become the owner of a user namespace (mapped to our own uid and gid),
    which holds every capability needed to build the other layers inside it."""
    uid, gid = os.getuid(), os.getgid()
    try:
        linux.unshare(CLONE_NEWUSER, USER)
        for name, text in (("uid_map", f"{uid} {uid} 1"), ("setgroups", "deny"), ("gid_map", f"{gid} {gid} 1")):
            with open(f"/proc/self/{name}", "w") as handle:
                handle.write(text)
    except OSError as exc:
        report[USER] = exc.strerror or str(exc)
        return False
    report[USER] = ""
    return True


def _start_init(setup: Setup) -> None:
    """PID 1 of the new namespace: ``cat`` on a pipe only this process writes to (exec'd
    with nothing of ours but that pipe). None, and the PID layer marked missing, if it fails."""
    report = setup.report
    if not setup.namespaces or report.get(PIDS, "not made"):
        return
    program, argv = setup.config.init_program, [INIT_PROGRAM]
    if not program:  # no cat on this machine: the interpreter, reading its pipe the same way
        program, argv = sys.executable, [sys.executable, "-I", "-S", "-c", _PYTHON_INIT]
    read_end, lifeline = os.pipe()  # the write end stays here, never inherited by the worker
    try:
        pid = os.posix_spawn(program, argv, {}, file_actions=[
            (os.POSIX_SPAWN_DUP2, read_end, 0),
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_DUP2, 1, 2)])
    except OSError as exc:
        report[PIDS] = f"could not start its init: {exc.strerror or exc}"
        os.close(lifeline)
        return
    finally:
        os.close(read_end)
    setup.init_pid, setup.lifeline = pid, lifeline


# The outer process (the zygote's child, in the host's PID namespace), in order.
OUTER_STEPS: tuple[Step, ...] = (
    ("own session", _own_session),                 # setsid; dies with the zygote; first to go under OOM
    ("host processes counted", _count_host_processes),
    ("descriptors kept from the init", _keep_fds_from_init),
    ("namespaces", _namespaces),                   # user (without root), mount, network, IPC, PID
    ("init", _start_init),                         # PID 1: the namespace ends with it
)


def _wait(pid: int) -> int:
    while True:
        try:
            return os.waitpid(pid, 0)[1]
        except InterruptedError:
            continue
        except ChildProcessError:
            return 70 << 8


def _end_like(status: int) -> None:
    """Exit with the worker's exit code, or die by the signal that killed it."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            signal.signal(number, signal.SIG_DFL)
        except (OSError, ValueError):
            pass
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [number])
        os.kill(os.getpid(), number)
        os._exit(128 + number)
    os._exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 70)


# ----------------------------------------------------------------------------- the worker's root

def _root(config: IsolationConfig, report: Report, *, own_proc: bool,
          layout: rootfs.HostLayout | None = None) -> str | None:
    """Build the allow-listed root, mount /proc (``own_proc``: only in a PID namespace of its
    own, else a /proc would show the host's processes), pivot into it. The work folder, or None."""
    plan = rootfs.plan_root(rootfs.RootConfig(
        uid=config.uid if config.uid is not None else os.getuid(),
        gid=config.gid if config.gid is not None else os.getgid(),
        stage_dir=config.stage_dir, fixtures=dict(config.fixtures),
        runtime_paths=tuple(config.runtime_paths), hide_paths=tuple(config.hide_paths),
        disk_mb=config.workdir_mb), layout)
    new_root = config.root_dir
    try:
        rootfs.build_root(plan, new_root)
    except OSError as exc:
        report[ROOT] = str(exc)
        return None
    proc = os.path.join(new_root, "proc")
    try:
        if not own_proc:
            raise OSError(1, "no PID namespace of its own: no /proc")
        linux.mount("proc", proc, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        linux.bind_read_only(os.path.join(proc, "sys"), os.path.join(proc, "sys"))
        report[PROC] = ""
    except OSError as exc:
        report[PROC] = str(exc)  # no /proc at all inside, never the host's
    try:
        os.chdir(new_root)
        linux.pivot_root(".", ".")      # the old root is stacked under the new one...
        linux.umount(".", MNT_DETACH)   # ...and detached: nothing of the host is left
        os.chdir("/")
        linux.remount_read_only("/")
    except OSError as exc:
        report[ROOT] = f"pivot into the new root: {exc}"
        return None
    report[ROOT] = ""
    os.chdir(rootfs.WORKDIR)
    return rootfs.WORKDIR


def _unisolated_workdir(config: IsolationConfig) -> str:
    """Without an own root, student code runs in the staged folder on the host, with the
    fixtures as symlinks (explicitly allowed unisolated grading and self-checks only)."""
    workdir = config.stage_dir
    for rel, source in config.fixtures.items():
        target = os.path.join(workdir, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if os.path.isdir(target) and not os.listdir(target):
            os.rmdir(target)
        if not os.path.lexists(target):
            os.symlink(source, target)
    os.chdir(workdir)
    return workdir


# ----------------------------------------------------------------------------- worker

def _worker(setup: Setup, serve: Serve) -> None:
    code = 0
    try:
        _apply(WORKER_STEPS, setup)
        serve(setup.workdir, setup.report)
    except BaseException:
        code = 70
        try:
            import traceback
            traceback.print_exc()
            sys.stderr.flush()
        except BaseException:
            pass
    finally:
        os._exit(code)


def _drop_lifeline(setup: Setup) -> None:
    if setup.lifeline is not None:
        os.close(setup.lifeline)  # only the outer process may keep the init alive
    if setup.namespaces:
        linux.prctl(linux.PR_SET_PDEATHSIG, signal.SIGKILL)  # the outer process went: so does this


def _root_or_workdir(setup: Setup) -> None:
    report = setup.report
    workdir = (_root(setup.config, report, own_proc=not report.get(PIDS), layout=setup.layout)
               if setup.namespaces else None)
    if workdir is None:
        report.setdefault(ROOT, "no mount namespace")
        workdir = _unisolated_workdir(setup.config)
    setup.workdir = workdir


def _rlimits(setup: Setup) -> None:
    config = setup.config
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    fsize = config.file_size_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
    resource.setrlimit(resource.RLIMIT_CPU, (config.cpu_s, config.cpu_s + 5))


def _privileges(setup: Setup) -> None:
    """As root: the job slot's dedicated uid (with its process limit). Without root: the
    grading user's own uid, in a user namespace whose capabilities are all given up."""
    config, report = setup.config, setup.report
    uid, gid = config.uid, config.gid
    nproc = config.processes
    if uid is not None:
        os.setgroups([])
        os.setresgid(gid, gid, gid)
        os.setresuid(uid, uid, uid)  # every capability is gone with root
        resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
        report[UID] = ""
        return
    report[UID] = f"student code runs as the grading user (uid {os.getuid()})"
    if sys.platform.startswith("linux") and report.get(USER) == "":
        linux.drop_capabilities()
    try:  # counts every process of the uid, the grading user's own too
        allowed = nproc + setup.host_processes
        resource.setrlimit(resource.RLIMIT_NPROC, (allowed, allowed))
    except (ValueError, OSError):
        report[PROCESS_LIMIT] = "not set"


def _no_new_privileges(setup: Setup) -> None:
    if setup.linux_host:
        linux.prctl(linux.PR_SET_NO_NEW_PRIVS, 1)  # setuid binaries (su, sudo) cannot regain root
        linux.prctl(linux.PR_SET_PDEATHSIG, signal.SIGKILL)  # set after the uid change, which clears it


def _environment(setup: Setup) -> None:
    workdir = setup.workdir
    os.environ.clear()
    os.environ.update({
        "PATH": SANDBOX_PATH, "HOME": workdir, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
        "TMPDIR": "/tmp", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONIOENCODING": "utf-8",
        "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "MPLBACKEND": "Agg",
        "TORCH_HOME": os.path.join(workdir, ".torch"),
    })


def _stdio(setup: Setup) -> None:
    out_fd = setup.out_fd
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


def _close_fds_but_rpc(setup: Setup) -> None:
    os.closerange(3, setup.rpc_fd)
    os.closerange(setup.rpc_fd + 1, 65536)


# The worker (PID 2 of the new namespace; runs the student's code after these), in order.
WORKER_STEPS: tuple[Step, ...] = (
    ("lifeline dropped", _drop_lifeline),          # only the outer process keeps the init alive
    ("root", _root_or_workdir),                    # allow-listed root, own /proc, pivot (else the staged folder)
    ("resource limits", _rlimits),                 # core, file size, CPU
    ("identity", _privileges),                     # dedicated uid and process limit, or no capabilities
    ("no new privileges", _no_new_privileges),
    ("environment", _environment),                 # scrubbed: PATH, HOME, one thread
    ("output", _stdio),                            # stdin /dev/null, stdout and stderr into the capped pipe
    ("descriptors", _close_fds_but_rpc),           # nothing inherited but the RPC socket
)
