"""The sandbox sees an allow-listed world, in its own PID and IPC namespaces.

Files a careless or hostile submission should never reach are planted where a TA keeps them
(a home folder's rclone token, /srv, an ssh-agent socket under /run/user, a course folder
next to the repository), then looked for from inside: by path and by a bounded sweep of /.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time

import pytest

from deepgrade.sandbox import Limits, SandboxCrashed, StudentError

from deepgrade.sandbox.inside import rootfs
from deepgrade.sandbox.shared.isolation_config import REQUIRED, missing_required
from sbtest_helpers import spec, unit

ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(not ROOT, reason="planting files in /srv and /run/user needs root")
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))

SEEKER = unit("seeker", """
    import ctypes, os, signal, socket, subprocess, time

    def sweep(limit, runtime=()):
        # every path below /, except the kernel's own views and the runtime's big trees
        found, skipped = [], ("/proc", "/sys", "/dev", "/usr", *runtime)
        for folder, dirs, files in os.walk("/"):
            dirs[:] = [d for d in dirs if os.path.join(folder, d) not in skipped]
            found.extend(os.path.join(folder, name) for name in dirs + files)
            if len(found) > limit:
                break
        return found

    def exists(path):
        return os.path.lexists(path)

    def read(path):
        with open(path) as f:
            return f.read()

    def connect_unix(path):
        s = socket.socket(socket.AF_UNIX)
        try:
            s.connect(path)
            return "connected"
        except OSError as exc:
            return type(exc).__name__

    def processes():
        return sorted(int(p) for p in os.listdir("/proc") if p.isdigit())

    def cmdlines():
        out = []
        for p in os.listdir("/proc"):
            if p.isdigit():
                try:
                    with open(f"/proc/{p}/cmdline", "rb") as f:
                        out.append(f.read().replace(b"\\0", b" ").decode(errors="replace"))
                except OSError:
                    pass
        return out

    def kill_everyone():
        children = [subprocess.Popen(["sleep", "60"]) for _ in range(3)]
        os.kill(-1, signal.SIGKILL)
        time.sleep(0.1)
        return [c.poll() for c in children]

    def kill_group():
        os.killpg(0, signal.SIGKILL)

    def kill_parent():
        parent = os.getppid()
        if parent > 0:
            os.kill(parent, signal.SIGKILL)
        return parent

    libc = ctypes.CDLL(None, use_errno=True)

    def sysv_ipc(key):
        # a 1 MiB shared-memory segment, a semaphore set and a message queue, all mode 0666
        shm = libc.shmget(key, 1 << 20, 0o1666)
        sem = libc.semget(key, 1, 0o1666)
        msg = libc.msgget(key, 0o1666)
        return shm, sem, msg

    def allocate(mb):
        import torch
        block = torch.ones(mb * 1024 * 1024 // 4)  # touched: every page is resident
        return int(block.sum().item())
""")


def _sysv_keys() -> set[int]:
    keys = set()
    for name in ("shm", "sem", "msg"):
        try:
            with open(f"/proc/sysvipc/{name}") as handle:
                next(handle)
                keys.update(int(line.split()[0]) for line in handle if line.strip())
        except (OSError, StopIteration):
            pass
    return keys


@pytest.fixture
def planted(tmp_path):
    """Secrets where a TA's machine keeps them; removed afterwards."""
    tag = f"deepgrade-test-{os.getpid()}"
    home = f"/home/{tag}"
    places = {
        "rclone token": f"{home}/.config/rclone/rclone.conf",
        "srv": f"/srv/{tag}/fourcal.py",
        "next to the repository": os.path.join(os.path.dirname(REPO), tag, "fourcal.py"),
    }
    made = [home, f"/srv/{tag}", os.path.join(os.path.dirname(REPO), tag)]
    for path in places.values():
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as handle:
            handle.write(f"SECRET {tag}\n")
        os.chmod(path, 0o600)
    run_user = f"/run/user/{os.getuid()}"
    created_run_user = not os.path.isdir(run_user)
    os.makedirs(run_user, exist_ok=True)
    agent_path = f"{run_user}/{tag}.sock"
    agent = socket.socket(socket.AF_UNIX)
    agent.bind(agent_path)
    agent.listen()
    places["ssh-agent socket"] = agent_path
    try:
        yield places
    finally:
        agent.close()
        os.unlink(agent_path)
        if created_run_user:
            shutil.rmtree(run_user, ignore_errors=True)
        for folder in made:
            shutil.rmtree(folder, ignore_errors=True)


@needs_root
def test_nothing_of_the_host_beyond_the_allow_list_is_found(open_sandbox, planted):
    sb = open_sandbox(spec(SEEKER))
    for what, path in planted.items():
        assert sb.student.exists(path) is False, what
    assert sb.student.connect_unix(planted["ssh-agent socket"]) == "FileNotFoundError"
    found = sb.student.sweep(20_000, list(sb.zygote.runtime_paths))
    assert 0 < len(found) < 20_000
    assert not [p for p in found if "deepgrade-test-" in p]
    trees = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/tmp", "/var/tmp", rootfs.WORKDIR,
             *sb.zygote.runtime_paths]
    folders = set()
    for path in (*sb.zygote.runtime_paths, rootfs.WORKDIR, "/var/tmp"):
        while path not in ("", "/"):
            path = os.path.dirname(path)
            folders.add(path)
    stray = [p for p in found if p not in folders and not any(p == t or p.startswith(t + "/") for t in trees)]
    assert stray == []
    etc = {p for p in found if p.startswith("/etc/")}
    assert etc <= {"/etc/passwd", "/etc/group", "/etc/nsswitch.conf", "/etc/hosts", "/etc/ld.so.cache", "/etc/localtime"}
    passwd = sb.student.read("/etc/passwd")
    assert passwd.startswith("student:") and passwd.count("\n") == 1


def test_own_pid_namespace_shows_no_host_process(open_sandbox):
    sb = open_sandbox(spec(SEEKER))
    pids = sb.student.processes()
    assert pids == [1, 2], pids  # its init and itself
    assert not [c for c in sb.student.cmdlines() if "pytest" in c]


def test_kill_minus_one_reaches_only_the_sandbox(open_sandbox):
    # an unrelated process of the grading user (and of the sandbox's uid, when it has one)
    bystander = subprocess.Popen(["sleep", "60"])
    try:
        sb = open_sandbox(spec(SEEKER))
        assert sb.student.kill_everyone() == [-9, -9, -9]  # its own children died
        assert bystander.poll() is None
        with pytest.raises(SandboxCrashed):
            sb.student.kill_group()       # its own process group: itself
        assert bystander.poll() is None
        assert sb.student.kill_parent() == 0  # outside its namespace, its parent is pid 0
        assert bystander.poll() is None
        assert sb.student.exists("/etc/passwd") is True  # re-forked, still usable
    finally:
        bystander.kill()
        bystander.wait()


@pytest.mark.skipif(not os.path.exists("/proc/sysvipc/shm"), reason="no SysV IPC here")
def test_sysv_ipc_objects_are_private_and_die_with_the_sandbox(open_sandbox):
    key = 0x5D000000 + os.getpid() % 0xFFFF
    before = _sysv_keys()
    sb = open_sandbox(spec(SEEKER))
    ids = sb.student.sysv_ipc(key)
    assert all(i >= 0 for i in ids), ids  # created, in the sandbox's own IPC namespace
    assert key not in _sysv_keys()          # not visible on the host even while it runs
    sb.close()
    assert _sysv_keys() - before == set()


def test_the_memory_cgroup_stops_what_the_watchdog_would_not(zygote, open_sandbox):
    if not zygote.backstop.version:
        pytest.skip(f"no memory cgroup here: {zygote.backstop.reason}")
    # The watchdog's limit is far away (8 GB); the hard limit stops a 600 MB allocation. (The
    # zygote's own pages were charged before it joined its cgroup: only the sandbox's count.)
    limits = Limits(test_timeout_s=20, memory_mb=8000, memory_backstop_mb=300)
    sb = open_sandbox(spec(SEEKER, limits=limits))
    assert sb.student.allocate(16) > 0
    with pytest.raises(SandboxCrashed, match="memory limit 8000 MiB exceeded"):
        sb.student.allocate(600)
    assert sb.student.allocate(16) > 0  # re-forked and usable


def test_missing_required_layers_are_named():
    report = {name: "" for name in REQUIRED}
    assert missing_required(report) == []
    report["PID namespace"] = "Operation not permitted"
    del report["network namespace"]
    missing = missing_required(report)
    assert "PID namespace: Operation not permitted" in missing
    assert "network namespace: not attempted" in missing


FAIL_CLOSED = textwrap.dedent("""
    import sys
    sys.path.insert(0, {helpers!r})
    from deepgrade.sandbox.inside import linux
    real_unshare = linux.unshare

    def no_pid_namespaces(flags, what):  # a kernel built without PID namespaces
        if flags & linux.CLONE_NEWPID:
            raise OSError(22, f"unshare({{what}}): Invalid argument")
        return real_unshare(flags, what)

    linux.unshare = no_pid_namespaces
    from sbtest_helpers import spec, unit
    from deepgrade.sandbox import Sandbox, Zygote
    from deepgrade.sandbox.client.errors import SandboxSetupError
    probe = unit("probe", "open('/tmp/ran', 'w').write('student code ran')\\ndef where():\\n    import os\\n    return os.getcwd()\\n")
    with Zygote(fork_here=True) as zygote:
        try:
            Sandbox(spec(probe), zygote).start()
            print("NOT REFUSED")
        except SandboxSetupError as exc:
            print("REFUSED", exc)
        with Sandbox(spec(probe, allow_unisolated=True), zygote) as sb:
            print("ALLOWED", sb.student.where(), sb.isolation_warnings)
""")


def test_grading_fails_closed_without_a_pid_namespace(tmp_path):
    script = tmp_path / "fail_closed.py"
    script.write_text(FAIL_CLOSED.format(helpers=os.path.dirname(__file__)))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    out = done.stdout
    assert done.returncode == 0, done.stderr[-3000:]
    assert "NOT REFUSED" not in out, out
    assert "REFUSED" in out and "PID namespace: " in out and "--allow-unisolated" in out, out
    assert "ALLOWED" in out and "PID namespace" in out.split("ALLOWED", 1)[1], out


def test_dedicated_uids_only_where_they_are_mapped(tmp_path):
    from deepgrade.sandbox.client.zygote import uids_mapped

    host = tmp_path / "host"
    host.write_text("         0          0 4294967295\n")
    rootless = tmp_path / "rootless"
    rootless.write_text("         0       1000          1\n")
    assert uids_mapped(64100, 400, str(host))
    assert not uids_mapped(64100, 400, str(rootless))
    assert not uids_mapped(64100, 400, str(tmp_path / "missing"))


def test_without_cat_the_interpreter_is_the_init(zygote, open_sandbox):
    saved = zygote.init_program
    zygote.init_program = ""  # a machine without coreutils' cat on the PATH
    try:
        sb = open_sandbox(spec(SEEKER))
        assert sb.layers["PID namespace"] == ""
        assert sb.student.processes() == [1, 2]
        assert any("-I -S -c" in c for c in sb.student.cmdlines())  # its init is python reading a pipe
    finally:
        zygote.init_program = saved
