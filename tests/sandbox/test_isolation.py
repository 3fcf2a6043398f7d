"""Isolation layers: hidden paths, writes outside the workdir, network, stray processes, memory."""
from __future__ import annotations

import os
import time

import pytest
import torch

from deepgrade.sandbox import Limits, SandboxCrashed, StudentError
from deepgrade.sandbox.client.monitor import sandbox_pids
from sbtest_helpers import spec, unit

ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(not ROOT, reason="isolation layers need root")

PROBE = unit("probe", """
    import os, socket, subprocess, sys, time

    def read(path):
        with open(path) as f:
            return f.read()

    def listdir(path):
        return os.listdir(path)

    def write(path):
        with open(path, "w") as f:
            f.write("pwned")
        return True

    def connect(port):
        s = socket.socket()
        s.settimeout(1)
        s.connect(("127.0.0.1", port))
        return True

    def spawn(n):
        procs = []
        for i in range(n):
            cmd = ["sleep", "300"] if i % 2 else ["setsid", "sleep", "300"]
            procs.append(subprocess.Popen(cmd))
        return len(procs)

    def hog(step_mb, steps):
        chunks = []
        for _ in range(steps):
            chunks.append(bytearray(step_mb * 1024 * 1024))
            time.sleep(0.02)
        return len(chunks)

    def whoami():
        return os.getuid(), os.getcwd(), sorted(os.environ)

    def import_fresh(name):
        import importlib
        already = name in sys.modules
        importlib.import_module(name)
        return already

    def torch_is_real():
        import torch
        return hasattr(torch, "tensor") and torch.tensor([1, 2]).sum().item()
""")


@needs_root
def test_the_repository_does_not_exist_inside(open_sandbox):
    # The repository (graders, solutions, this test file) is not bound into the sandbox's
    # root at all: not hidden, absent. Its .venv is, read-only, when Python lives there.
    here = os.path.dirname(os.path.realpath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    sb = open_sandbox(spec(PROBE))
    for path in (here, os.path.join(repo, "graders"), os.path.join(repo, "solutions"), os.path.realpath(__file__),
                 os.path.join(repo, "pyproject.toml"), os.path.join(repo, "roster.csv")):
        with pytest.raises(StudentError) as info:
            sb.student.read(path) if os.path.isfile(path) else sb.student.listdir(path)
        assert info.value.exc_type == "FileNotFoundError", path
    assert "needs_root" in open(os.path.realpath(__file__)).read()  # untouched outside


@needs_root
def test_a_hidden_path_inside_an_allow_listed_tree_is_covered(open_sandbox):
    # A course checked out under /usr/local (bound whole as a system folder): its graders
    # are covered, the rest of /usr/local stays.
    import shutil
    course = f"/usr/local/deepgrade-test-course-{os.getpid()}"
    os.makedirs(f"{course}/graders")
    try:
        with open(f"{course}/graders/test_secret.py", "w") as handle:
            handle.write("ANSWER = 42\n")
        with open(f"{course}/roster.csv", "w") as handle:
            handle.write("id,name\n")
        sb = open_sandbox(spec(PROBE, hide_paths=(f"{course}/graders", f"{course}/roster.csv")))
        with pytest.raises(StudentError):
            sb.student.listdir(f"{course}/graders")
        assert sb.student.read(f"{course}/roster.csv") == ""  # /dev/null over a hidden file
        assert "bin" in sb.student.listdir("/usr/local")
    finally:
        shutil.rmtree(course, ignore_errors=True)


@needs_root
def test_hide_path_above_the_interpreter_keeps_python_working(open_sandbox, tmp_path):
    import deepgrade
    repo = os.path.dirname(os.path.dirname(os.path.realpath(deepgrade.__file__)))
    sb = open_sandbox(spec(PROBE, hide_paths=(repo,)))
    assert sb.student.torch_is_real() == 3
    for private in ("graders", "solutions", "tests"):
        if os.path.isdir(os.path.join(repo, private)):
            with pytest.raises(StudentError):
                sb.student.listdir(os.path.join(repo, private))


@needs_root
def test_the_engine_source_is_not_needed_inside(open_sandbox):
    # The sandbox side of the engine is imported by the zygote before it forks; deepgrade's
    # own source folder (a checkout, with an editable install) is not bound into the root,
    # yet standard-library modules nobody imported before and torch work.
    import deepgrade
    sb = open_sandbox(spec(PROBE))
    assert sb.student.import_fresh("wave") is False
    assert sb.student.torch_is_real() == 3
    package = os.path.dirname(os.path.realpath(deepgrade.__file__))
    if not any(package.startswith(p + "/") for p in sb.zygote.runtime_paths):
        with pytest.raises(StudentError):
            sb.student.listdir(package)


@needs_root
def test_standard_library_imports_that_the_zygote_did_not_preload(open_sandbox):
    # Python may live under a folder the sandbox uid cannot enter (pyenv in /root, mode 0700):
    # a student's `import wave` must still work, and so must every codec (the zygote imports
    # them all: a failed codec import is remembered for the rest of the process).
    sb = open_sandbox(spec(PROBE))
    for name in ("wave", "xml.dom.minidom", "mailbox", "sqlite3", "tomllib"):
        assert sb.student.import_fresh(name) is False, f"{name} was preloaded: pick another module"
    assert sb.student.import_fresh("encodings.hex_codec") is True
    home = os.path.realpath(os.path.expanduser("~"))
    if not os.stat(home).st_mode & 0o001:  # a closed home: only the route to Python shows
        seen = set(sb.student.listdir(home))
        assert seen < set(os.listdir(home)) or not os.listdir(home)
    assert not sb.isolation_warnings


@needs_root
def test_writes_outside_the_workdir_fail_and_leave_nothing(open_sandbox, tmp_path):
    target = os.path.join(os.path.dirname(os.path.realpath(__file__)), "planted_by_student.py")
    sb = open_sandbox(spec(PROBE))
    with pytest.raises(StudentError) as info:
        sb.student.write(target)
    assert info.value.exc_type in ("PermissionError", "FileNotFoundError")
    with pytest.raises(StudentError):
        sb.student.write(str(tmp_path / "x.txt"))  # the host's /tmp is not even visible
    sb.student.write("/tmp/deepgrade-planted.txt")  # its own private /tmp: allowed there
    assert sb.student.write("inside.txt") is True
    assert not os.path.exists(target) and not (tmp_path / "x.txt").exists()
    assert not os.path.exists("/tmp/deepgrade-planted.txt")
    uid, cwd, env = sb.student.whoami()
    assert uid == sb.uid and uid != 0 and cwd == sb.workdir
    assert set(env) <= {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONDONTWRITEBYTECODE",
                        "PYTHONIOENCODING", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "MPLBACKEND",
                        "TORCH_HOME", "LC_CTYPE"}


@needs_root
def test_no_network(open_sandbox):
    import socket
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    try:
        sb = open_sandbox(spec(PROBE))
        with pytest.raises(StudentError) as info:
            sb.student.connect(server.getsockname()[1])
        assert info.value.exc_type in ("OSError", "ConnectionRefusedError", "TimeoutError")
    finally:
        server.close()


def test_fixtures_are_read_only(open_sandbox, tmp_path):
    data = tmp_path / "mnist"
    data.mkdir()
    (data / "train-images-idx3-ubyte").write_bytes(b"\x00\x00\x08\x03")
    sb = open_sandbox(spec(PROBE, fixtures={"data/MNIST/raw": str(data)}))
    assert sb.student.listdir("data/MNIST/raw") == ["train-images-idx3-ubyte"]
    with pytest.raises(StudentError):
        sb.student.write("data/MNIST/raw/train-images-idx3-ubyte")
    assert (data / "train-images-idx3-ubyte").read_bytes() == b"\x00\x00\x08\x03"


def test_planted_torch_py_changes_nothing(open_sandbox):
    fake_torch = unit("torch", "tensor = None\nallclose = lambda *a, **k: True\n")
    sb = open_sandbox(spec(fake_torch, PROBE))
    report = {r.name: r for r in sb.import_report}
    assert report["torch"].status == "ok" and "torch" in report["torch"].message
    assert sb.student.torch_is_real() == 3
    assert torch.allclose(torch.zeros(1), torch.zeros(1))


@needs_root
def test_spawned_processes_all_gone_after_close(open_sandbox):
    sb = open_sandbox(spec(PROBE, limits=Limits(test_timeout_s=20)))
    assert sb.student.spawn(50) == 50
    uid = sb.uid
    assert len(sandbox_pids(sb.pid, uid)) >= 51
    sb.close()
    deadline = time.monotonic() + 5
    while sandbox_pids(0, uid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sandbox_pids(0, uid) == []


def test_memory_hog_is_stopped(open_sandbox):
    sb = open_sandbox(spec(PROBE, limits=Limits(test_timeout_s=20, memory_mb=200)))
    pid = sb.pid
    with pytest.raises(SandboxCrashed, match="memory limit 200 MiB exceeded"):
        sb.student.hog(20, 30)
    assert not os.path.exists(f"/proc/{pid}") or open(f"/proc/{pid}/status").read().find("zombie") >= 0
    assert sb.student.whoami()[1] == sb.workdir  # re-forked and usable


@needs_root
def test_disk_filler_hits_the_workdir_size_limit(open_sandbox):
    filler = unit("filler", """
        def fill(n):
            written = 0
            try:
                for i in range(n):
                    with open(f"junk{i}.bin", "wb") as f:
                        f.write(b"x" * (4 * 1024 * 1024))
                    written += 1
            except OSError as exc:
                return written, exc.errno
            return written, 0
    """)
    sb = open_sandbox(spec(filler, limits=Limits(disk_mb=16)))
    written, errno_ = sb.student.fill(50)
    assert written < 5 and errno_ == 28  # ENOSPC after ~16 MB, nothing on the host's disk
    assert os.listdir(sb.stage_dir) == ["filler.py"]  # nothing written on the host


@needs_root
def test_empty_files_are_bounded_too(open_sandbox):
    # inodes cost kernel memory that neither the size limit nor the RSS watchdog sees
    from deepgrade.sandbox.inside.rootfs import TMP_MAX_FILES, WORKDIR_MAX_FILES

    creator = unit("creator", """
        import os

        def create(folder, n):
            os.makedirs(folder, exist_ok=True)
            try:
                for i in range(n):
                    open(os.path.join(folder, str(i)), "w").close()
            except OSError as exc:
                return i, exc.errno
            return n, 0
    """)
    sb = open_sandbox(spec(creator))
    made, errno_ = sb.student.create("many", WORKDIR_MAX_FILES + 10)
    assert errno_ == 28 and made < WORKDIR_MAX_FILES
    made, errno_ = sb.student.create("/tmp/many", TMP_MAX_FILES + 10)
    assert errno_ == 28 and made < TMP_MAX_FILES


@needs_root
def test_a_sandbox_that_cannot_read_its_runtime_is_a_setup_error_not_a_student_fault(zygote, tmp_path):
    # A host problem (here: a runtime folder the sandbox uid cannot read) must never be
    # scored as the student's crash: the self-test before any student code catches it.
    from deepgrade.sandbox import Sandbox
    from deepgrade.sandbox.client.errors import SandboxSetupError

    closed = tmp_path / "runtime"
    closed.mkdir()
    closed.chmod(0o700)
    saved = zygote.runtime_paths
    zygote.runtime_paths = saved + (str(closed),)
    sandbox = Sandbox(spec(PROBE), zygote)
    try:
        with pytest.raises(SandboxSetupError, match="could not read"):
            sandbox.start()
    finally:
        sandbox.close()
        zygote.runtime_paths = saved


def test_work_folders_of_a_killed_run_are_swept_and_live_ones_kept(tmp_path):
    # A run killed with SIGKILL cannot remove its sandboxes' folders (each holds a student's
    # files); the next zygote start removes them. Live ones and foreign folders stay.
    import subprocess

    from deepgrade.sandbox.client.workspace import sweep_stale_workdirs

    gone = subprocess.Popen(["true"])
    gone.wait()
    stale = tmp_path / f"deepgrade-sb-{gone.pid}-abcd"
    (stale / "work").mkdir(parents=True)
    (stale / "work" / "fourcal.py").write_text("secret = 1\n")
    live = tmp_path / f"deepgrade-sb-{os.getpid()}-efgh"
    live.mkdir()
    foreign = tmp_path / "deepgrade-sb-notapid"
    foreign.mkdir()
    assert sweep_stale_workdirs(str(tmp_path)) == 1
    assert not stale.exists() and live.exists() and foreign.exists()


@needs_root
def test_only_the_work_folder_and_private_tmps_are_writable(open_sandbox):
    # Everything bound in is read-only and the root itself too; the work folder, /tmp,
    # /var/tmp and /dev/shm are the sandbox's own tmpfs, gone with it (/run/lock, writable by
    # everyone on the host, does not exist inside).
    sb = open_sandbox(spec(PROBE))
    for target in ("/usr/local/planted.txt", "/etc/planted.txt", "/planted.txt", "/home/planted.txt",
                   "/run/lock/planted.txt", "/var/planted.txt"):
        with pytest.raises(StudentError) as info:
            sb.student.write(target)
        assert info.value.exc_type in ("OSError", "PermissionError", "FileNotFoundError"), target
    targets = [f"/tmp/deepgrade-planted-{os.getpid()}.txt", f"/var/tmp/deepgrade-planted-{os.getpid()}.txt",
               f"/dev/shm/deepgrade-planted-{os.getpid()}.txt"]
    for target in targets:
        assert sb.student.write(target) is True
    sb.close()
    assert [t for t in targets if os.path.exists(t)] == []
    assert not os.path.exists("/usr/local/planted.txt") and not os.path.exists("/run/lock/planted.txt")
