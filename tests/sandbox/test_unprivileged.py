"""A TA without root (the usual laptop): the sandbox builds its layers in a user namespace.

Run as root here, so the check drops to ``nobody`` itself, in a private mount namespace where
a closed /root (pyenv's Python) is made traversable. Skipped where that cannot be arranged.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOBODY = 65534

SCRIPT = textwrap.dedent('''
    import ctypes, sys
    sys.path.insert(0, {helpers!r})
    from sbtest_helpers import spec, unit
    from deepgrade.sandbox import Sandbox, StudentError, Zygote

    probe = unit("probe", """
        import ctypes, os, socket
        def read(path):
            with open(path) as f:
                return f.read()
        def net():
            s = socket.socket()
            s.settimeout(2)
            try:
                s.connect(("10.255.255.1", 80))
                return "connected"
            except OSError as exc:
                return exc.strerror
        def write(path):
            try:
                with open(path, "w") as f:
                    f.write("planted")
                return "written"
            except OSError as exc:
                return exc.strerror
        def umount(path):
            libc = ctypes.CDLL(None, use_errno=True)
            return libc.umount2(path.encode(), 2), ctypes.get_errno()
        def kill_everyone():
            import signal
            try:
                os.kill(-1, signal.SIGKILL)
            except ProcessLookupError:  # nothing it may signal: only its init and itself exist
                return "found no one"
            return "signalled someone"
        def processes():
            return sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
    """)
    with Zygote() as zygote, Sandbox(spec(probe, hide_paths=({secret!r},)), zygote) as sb:
        print("warnings", sb.isolation_warnings)
        try:
            print("secret", sb.student.read({secret_file!r}))
        except StudentError as exc:
            print("secret hidden", exc.exc_type)
        print("network", sb.student.net())
        print("umount", sb.student.umount("/tmp"))
        print("own folder", sb.student.write({own_file!r}))
        import subprocess
        bystander = subprocess.Popen(["sleep", "60"])  # another process of the same user
        print("processes", sb.student.processes())
        print("kill -1", sb.student.kill_everyone(), "bystander", "alive" if bystander.poll() is None else "killed")
        bystander.kill()
''')

WRAPPER = textwrap.dedent("""
    set -e
    if [ -d /root ] && [ "$(stat -c %a /root)" = 700 ]; then
        mkdir -p "$STAGE/pyenv"
        mount --bind /root/.pyenv "$STAGE/pyenv"
        mount -t tmpfs -o size=1m,mode=0755 tmpfs /root
        mkdir -p /root/.pyenv
        mount --bind "$STAGE/pyenv" /root/.pyenv
    fi
    exec setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$STAGE" PATH=/usr/bin:/bin "$@"
""")


def _world_readable(path: Path) -> bool:
    # every folder above must let "others" in (a closed /root is handled by the wrapper)
    for folder in [path, *path.parents]:
        if str(folder) == "/root":
            continue
        if folder.exists() and not os.stat(folder).st_mode & 0o001:
            return False
    return True


@pytest.mark.skipif(not sys.platform.startswith("linux") or os.geteuid() != 0, reason="needs root to become nobody")
def test_without_root_the_sandbox_still_isolates_files_network_and_processes():
    if not (shutil.which("setpriv") and shutil.which("unshare")):
        pytest.skip("setpriv/unshare not installed")
    if not _world_readable(REPO) or not _world_readable(Path(sys.prefix)):
        pytest.skip("the checkout or its .venv is not readable by other users here")
    stage = Path(tempfile.mkdtemp(prefix="deepgrade-nobody-"))
    # a folder of the grading user's own outside /tmp (as a TA's home would be)
    own = Path(tempfile.mkdtemp(prefix="deepgrade-nobody-", dir="/var/lib"))
    try:
        os.chmod(stage, 0o755)
        secret = stage / "graders"
        secret.mkdir()
        (secret / "answer.txt").write_text("hidden answer")
        script = stage / "probe.py"
        script.write_text(SCRIPT.format(helpers=str(Path(__file__).parent), secret=str(secret),
                                        secret_file=str(secret / "answer.txt"), own_file=str(own / "planted.txt")))
        for path in (stage, secret, script, own):
            os.chown(path, NOBODY, NOBODY)
        done = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", WRAPPER, "sh",
                               sys.executable, str(script)], env={**os.environ, "STAGE": str(stage)},
                              capture_output=True, text=True, timeout=180)
        out = done.stdout
        assert done.returncode == 0, done.stderr[-3000:]
        assert "not root" not in out and "no user namespace" not in out, out
        assert "secret hidden" in out and "hidden answer" not in out, out
        assert "network Network is unreachable" in out, out
        assert "umount (-1, 1)" in out, out  # EPERM: no capability left to undo the mounts
        # the user's own folders outside /tmp do not exist inside (nothing but the allow-list)
        assert "own folder No such file or directory" in out and not (own / "planted.txt").exists(), out
        assert "processes [1, 2]" in out, out  # its own PID namespace: its init and itself
        assert "kill -1 found no one bystander alive" in out, out
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        shutil.rmtree(own, ignore_errors=True)
