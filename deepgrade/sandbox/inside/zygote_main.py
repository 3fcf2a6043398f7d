"""The zygote process: import torch once, then fork sandboxes on request.

Started by ``deepgrade.sandbox.client.zygote.Zygote`` as ``python -I -m deepgrade.sandbox.inside.zygote_main FD``.
It never creates a CUDA tensor and never runs a torch op (so no thread pool exists when it
forks), and it starts no threads. Requests are JSON messages on a SOCK_SEQPACKET socket;
each fork request carries the sandbox's two file descriptors (RPC socket end, output pipe end).
"""
from __future__ import annotations

import ctypes
import errno
import json
import os
import select
import shutil
import signal
import socket
import sys
from typing import Any

PR_SET_CHILD_SUBREAPER = 36
MADV_COLLAPSE = 25                 # Linux 6.1+: make huge pages of a range now (synchronously)
HUGE_PAGE_BYTES = 2 * 1024 * 1024


def _preload() -> None:
    import torch  # noqa: F401
    import torch.utils.data  # noqa: F401
    import torchvision  # noqa: F401
    import torchvision.datasets  # noqa: F401
    import torchvision.transforms  # noqa: F401
    import deepgrade.sandbox.inside.worker  # noqa: F401
    _preload_codecs()
    try:
        import deepgrade.sandbox.inside.shims  # noqa: F401  (fake google.colab etc., if present)
    except ImportError:
        pass


def _preload_codecs() -> None:
    """Import every codec module once, here. ``encodings.search_function`` remembers a codec
    whose import failed as unknown for the rest of the process, so a lazy import that fails
    once inside a sandbox (torchvision's MNIST reader asks for "hex") would fail every later
    test of that submission; imported here, no sandbox ever imports one (a few ms, ~1 MB)."""
    import encodings
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(encodings.__path__):
        try:
            importlib.import_module(f"encodings.{module.name}")
        except ImportError:  # mbcs, oem: Windows only
            pass


def _collapse_into_huge_pages() -> int:
    """Back the zygote's writable anonymous memory (about 350 MB once torch is imported) by
    huge pages, once. Every sandbox is two forks of the zygote (its outer process and its
    worker), and a fork copies one page-table entry per 4 KiB page: ~40 ms per fork and exit
    with 4 KiB pages, ~5 ms with 2 MiB ones. A sandbox that writes to a shared huge page
    still copies only 4 KiB of it (the kernel splits the mapping first). Costs the zygote
    some MB more (the unused rest of each 2 MiB), shared with every sandbox; where the
    kernel cannot (before Linux 6.1, or no memory for huge pages), nothing changes.
    Returns how many mappings were collapsed."""
    if not sys.platform.startswith("linux"):
        return 0
    libc = ctypes.CDLL(None, use_errno=True)
    collapsed = 0
    with open("/proc/self/maps", encoding="ascii", errors="replace") as maps:
        regions = [line.split() for line in maps]
    for fields in regions:
        name = fields[5] if len(fields) > 5 else ""
        if len(fields) < 5 or "w" not in fields[1] or name not in ("", "[heap]"):
            continue
        start, end = (int(value, 16) for value in fields[0].split("-"))
        if end - start < HUGE_PAGE_BYTES:
            continue
        if libc.madvise(ctypes.c_void_p(start), ctypes.c_size_t(end - start), MADV_COLLAPSE) == 0:
            collapsed += 1
    return collapsed


def _runtime_paths() -> list[str]:
    """The Python installation's folders, which every sandbox sees read-only at their own
    paths: the interpreter's prefixes and standard library, site-packages, every folder on
    sys.path (a .pth may add one) and where torch and torchvision live. Never the folder of
    this package's own source checkout: the sandbox side is imported here, once."""
    import site
    import sysconfig

    import torch
    import torchvision
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sysconfig.get_paths()["stdlib"],
             sysconfig.get_paths()["platstdlib"], os.path.dirname(torch.__file__),
             os.path.dirname(torchvision.__file__), os.path.dirname(os.path.realpath(sys.executable))}
    paths.update(site.getsitepackages())
    paths.update(p for p in sys.path if p and os.path.isabs(p))
    return sorted({os.path.realpath(p) for p in paths if p and os.path.isdir(p)})


def _kill_uid(uid: int) -> None:
    """Kill every process running as ``uid``: a helper takes that uid and calls kill(-1)."""
    pid = os.fork()
    if pid == 0:
        try:
            os.setgroups([])
            os.setresgid(uid, uid, uid)
            os.setresuid(uid, uid, uid)
            for _ in range(200):  # repeat: a fork in flight can add one more process
                try:
                    os.kill(-1, signal.SIGKILL)
                except ProcessLookupError:
                    break
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def _describe(status: int) -> dict[str, Any]:
    if os.WIFSIGNALED(status):
        return {"state": "signaled", "signal": os.WTERMSIG(status)}
    return {"state": "exited", "code": os.waitstatus_to_exitcode(status)}


def serve(ctrl: socket.socket) -> None:
    from deepgrade.sandbox.inside import rootfs
    from deepgrade.sandbox.inside.worker import child_main
    children: dict[int, dict[str, Any] | None] = {}
    released: set[int] = set()  # killed children whose status nobody will ask for

    def reap() -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            if pid in released:
                released.discard(pid)
                children.pop(pid, None)
            elif pid in children:  # orphans adopted as subreaper are just reaped
                children[pid] = _describe(status)

    runtime_paths = _runtime_paths()
    layout = rootfs.host_layout(tuple(runtime_paths))  # the host's part of every sandbox's root, read once
    ctrl.send(json.dumps({"ready": True, "pid": os.getpid(), "runtime_paths": runtime_paths,
                          "init_program": shutil.which("cat") or ""}).encode())
    while True:
        try:
            readable, _, _ = select.select([ctrl], [], [], 0.05)
        except InterruptedError:
            readable = []
        reap()
        if not readable:
            continue
        message, fds, _, _ = socket.recv_fds(ctrl, 1 << 20, 4)
        if not message:
            break
        request = json.loads(message)
        op = request["op"]
        if op == "fork":
            pid = os.fork()
            if pid == 0:
                try:
                    ctrl.close()
                    child_main(request["config"], fds[0], fds[1], layout)
                finally:
                    os._exit(70)
            for fd in fds:
                os.close(fd)
            children[pid] = None
            reply: dict[str, Any] = {"pid": pid}
        elif op == "status":
            reap()
            pid = int(request["pid"])
            reply = {"state": "unknown"} if pid not in children else (children[pid] or {"state": "running"})
            if request.get("forget") and children.get(pid) is not None:
                del children[pid]
        elif op == "release":  # the trusted side has killed it and needs no status: reaped here
            reap()
            pid = int(request["pid"])
            if children.get(pid) is not None:
                del children[pid]
            elif pid in children:
                released.add(pid)
            reply = {"done": True}
        elif op == "kill_uid":
            _kill_uid(int(request["uid"]))
            reap()
            reply = {"done": True}
        else:
            reply = {"error": f"unknown op {op}"}
        ctrl.send(json.dumps(reply).encode())
    for pid, state in children.items():  # the trusted side went away: take everything down
        if state is None:
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError as exc:
                if exc.errno != errno.ESRCH:
                    pass


def become_zygote(ctrl: socket.socket, *, sys_path: list[str], env: dict[str, str]) -> None:
    """Turn a freshly forked copy of a trusted process that has already imported torch into
    the zygote (what ``python -I -m deepgrade.sandbox.inside.zygote_main`` would be, without paying
    for a second torch import). The parent collapsed its memory into huge pages before the
    fork (``_collapse_into_huge_pages``): done here, the zygote would copy the pages it still
    shares with its parent. Never returns."""
    try:
        os.chdir("/")
        os.environ.clear()
        os.environ.update(env)
        sys.path[:] = sys_path  # an isolated interpreter's path: no cwd, no PYTHONPATH
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD):
            signal.signal(number, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        keep = ctrl.fileno()
        os.closerange(3, keep)       # the parent's pipes and sockets are not the zygote's
        os.closerange(keep + 1, 65536)
        if sys.platform.startswith("linux"):
            ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
        _preload()  # already imported in the parent: only makes sure
        serve(ctrl)
    finally:
        os._exit(0)


def main() -> None:
    ctrl = socket.socket(fileno=int(sys.argv[1]))
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)  # setsid'd orphans come back here
    _preload()
    _collapse_into_huge_pages()
    serve(ctrl)
    os._exit(0)  # skip interpreter teardown (torch's takes seconds); nothing to flush


if __name__ == "__main__":
    main()
