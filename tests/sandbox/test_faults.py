"""Faults become outcomes: timeouts, exits, signals, output floods; later calls still work."""
from __future__ import annotations

import os
import time

import psutil
import pytest

from deepgrade.sandbox import Limits, MissingName, SandboxCrashed, SandboxTimeout

from deepgrade.sandbox.client import remote
from sbtest_helpers import spec, unit

FAST = Limits(test_timeout_s=1.0, import_timeout_s=1.5)

LOOPS = unit("loops", """
    import os, signal, sys, ctypes

    def ok():
        return 42

    def spin():
        while True:
            pass

    def stubborn():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.alarm(0)
        while True:
            pass

    def leave(code):
        sys.exit(code)

    def vanish():
        os._exit(0)

    def segfault():
        ctypes.string_at(0)

    def interrupt():
        raise KeyboardInterrupt

    def shout(megabytes):
        line = "x" * 1023 + "\\n"
        for _ in range(megabytes * 1024):
            sys.stdout.write(line)
        return "done"
""")


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_infinite_loop_times_out_then_next_call_works(open_sandbox):
    sb = open_sandbox(spec(LOOPS, limits=FAST))
    first_pid = sb.pid
    started = time.monotonic()
    with pytest.raises(SandboxTimeout) as info:
        sb.student.spin()
    assert info.value.seconds == 1.0 and time.monotonic() - started < 3
    assert _gone(first_pid)
    assert sb.student.ok() == 42  # transparently re-forked
    assert sb.pid != first_pid


def test_loop_ignoring_signals_is_killed(open_sandbox):
    sb = open_sandbox(spec(LOOPS, limits=FAST))
    with sb.deadline(0.5):
        with pytest.raises(SandboxTimeout):
            sb.student.stubborn()
    assert sb.student.ok() == 42


def test_deadline_is_shared_by_calls(open_sandbox):
    sb = open_sandbox(spec(unit("slow", "import time\ndef nap():\n    time.sleep(0.3)\n    return 1\n")))
    with sb.deadline(0.8):
        assert sb.student.nap() == 1
        assert sb.student.nap() == 1
        with pytest.raises(SandboxTimeout) as info:
            sb.student.nap()
    assert info.value.seconds == 0.8


def test_sys_exit_in_a_method_is_a_crash_without_losing_the_process(open_sandbox):
    sb = open_sandbox(spec(LOOPS))
    pid = sb.pid
    with pytest.raises(SandboxCrashed, match=r"sys\.exit\(3\) was called and ended the run"):
        sb.student.leave(3)
    with pytest.raises(SandboxCrashed, match="KeyboardInterrupt"):
        sb.student.interrupt()
    assert sb.student.ok() == 42 and sb.pid == pid


def test_os_exit_and_segfault_are_crashes_with_reasons(open_sandbox):
    sb = open_sandbox(spec(LOOPS))
    with pytest.raises(SandboxCrashed, match=r"os\._exit\(0\)"):
        sb.student.vanish()
    assert sb.student.ok() == 42
    with pytest.raises(SandboxCrashed, match="SIGSEGV"):
        sb.student.segfault()
    assert sb.student.ok() == 42


def test_faults_at_import_skip_only_the_bad_unit(open_sandbox):
    good = unit("tensor_ops", "def double(x):\n    return 2 * x\n")
    hangs = unit("fourcal", "import time\nclass Fourcal: pass\ntime.sleep(60)\n")
    exits = unit("quitter", "import sys\nVALUE = 1\nsys.exit(2)\n")
    dies = unit("dier", "import os\nos._exit(1)\n")
    broken = unit("broken", "def f(:\n    pass\n")
    later = unit("later", "import tensor_ops\ndef quad(x):\n    return tensor_ops.double(tensor_ops.double(x))\n")
    sb = open_sandbox(spec(good, hangs, exits, dies, broken, later, limits=FAST,
                           provides={"Fourcal": "fourcal.py"}))
    report = {r.name: (r.status, r.message) for r in sb.import_report}
    assert report["tensor_ops"] == ("ok", "")
    assert report["fourcal"][0] == "timeout"
    assert report["quitter"][0] == "crashed" and report["quitter"][1].startswith("sys.exit(2) was called")
    assert report["dier"][0] == "crashed" and "os._exit(1)" in report["dier"][1]
    assert report["broken"][0] == "error" and "SyntaxError" in report["broken"][1]
    assert report["later"] == ("ok", "")
    assert sb.student.quad(3) == 12
    assert sb.student.VALUE == 1  # names defined before sys.exit stay usable
    assert remote.type_name(sb.student.Fourcal()) == "fourcal.Fourcal"  # ...and before the line that hung


def test_output_flood_is_capped(open_sandbox):
    sb = open_sandbox(spec(LOOPS, limits=Limits(test_timeout_s=20, output_bytes=4096)))
    before = psutil.Process().memory_info().rss
    assert sb.student.shout(50) == "done"
    grown = psutil.Process().memory_info().rss - before
    output = sb.output
    assert sb.output_bytes >= 50 * 1024 * 1024
    assert len(output) < 4096 + 100 and output.endswith("bytes more]")
    assert grown < 20 * 1024 * 1024


def test_close_leaves_nothing_running(open_sandbox, zygote):
    sb = open_sandbox(spec(LOOPS))
    pid = sb.pid
    sb.close()
    deadline = time.monotonic() + 3
    while not _gone(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _gone(pid)
    assert not os.path.exists(sb.workdir)
    with pytest.raises(SandboxCrashed):
        sb.student.ok()
    assert remote  # module imported for side-effect free use elsewhere


REBINDS = unit("rebinds", """
    class Box:
        pass

    class Other:
        pass

    current = Box()
    count = 0

    def helper():
        return "first"

    def swap():
        global current, count
        current = Other()
        count += 1

    def crash():
        import os
        os._exit(3)
""")


def test_top_level_data_is_looked_up_afresh_and_names_survive_a_restart(open_sandbox):
    # functions and classes found at the top level are remembered per sandbox process; data
    # (plain values, objects) never is, and a re-forked sandbox looks everything up again
    from deepgrade.sandbox.client import remote

    sb = open_sandbox(spec(REBINDS))
    assert remote.type_name(sb.student.current) == "rebinds.Box" and sb.student.count == 0
    sb.student.swap()
    assert remote.type_name(sb.student.current) == "rebinds.Other" and sb.student.count == 1
    box = sb.student.Box
    assert sb.student.Box is box and sb.student.helper() == "first"
    with pytest.raises(SandboxCrashed):
        sb.student.crash()
    assert sb.student.count == 0  # a fresh process: its own import
    assert remote.type_name(sb.student.Box()) == "rebinds.Box" and sb.student.helper() == "first"


def test_a_notebook_missing_a_name_is_told_so_in_korean_not_that_a_file_is_missing(open_sandbox):
    from deepgrade.sandbox import MissingName

    cells = (unit("cell 1", "import sys\nclass FourCal:\n    pass\n", kind="cell"),
             unit("cell 2", "def leave():\n    sys.exit(3)\n", kind="cell"))
    sb = open_sandbox(spec(*cells, language="ko", provides={"Fourcal": "fourcal.py"}))
    with pytest.raises(MissingName) as info:
        sb.student.Fourcal
    message = str(info.value)
    assert "week01.ipynb에 Fourcal이(가) 정의되어 있지 않습니다" in message and "FourCal" in message
    assert "제출되지 않아" not in message
    with pytest.raises(SandboxCrashed, match=r"sys\.exit\(3\)이\(가\) 호출되어 실행이 끝났습니다"):
        sb.student.leave()


HANGS_HALFWAY = unit("fourcal", """
    import os, time

    def before():
        return "defined before"

    class Early:
        def add(self, a, b):
            return a + b

    if os.environ.get("HOME"):
        MODE = "looped"
        while True:          # a training run left at the top of the file
            time.sleep(0.05)

    def after():
        return "never defined"
""")

EXITS_HALFWAY = unit("data", """
    def before():
        return 1
    import os
    os._exit(3)              # a leftover exit() of a script
    def after():
        return 2
""")


def _line_of(source: str, text: str) -> int:
    return next(n for n, line in enumerate(source.splitlines(), 1) if text in line)


def test_a_file_that_hangs_halfway_keeps_the_names_before_the_line(open_sandbox):
    limits = Limits(test_timeout_s=5, import_timeout_s=1.5)
    sb = open_sandbox(spec(HANGS_HALFWAY, EXITS_HALFWAY, limits=limits, language="ko",
                           provides={"before": "fourcal", "after": "fourcal", "Early": "fourcal"}))
    fourcal, data = sb.import_report
    hang_line = _line_of(HANGS_HALFWAY.source, "if os.environ")  # the top-level statement that hung
    exit_line = _line_of(EXITS_HALFWAY.source, "os._exit(3)")
    assert fourcal.status == "timeout"
    assert f"{hang_line}번째 줄(`if os.environ.get(\"HOME\"):`)에서 멈췄습니다" in fourcal.message
    assert data.status == "crashed" and f"{exit_line}번째 줄(`os._exit(3)" in data.message
    assert sb.student.before() == "defined before"
    assert sb.student.Early().add(2, 3) == 5
    with pytest.raises(MissingName, match=f"{hang_line}번째 줄에서 멈춰서, 그 뒤에 있는 after"):
        sb.student.after()
    with pytest.raises(MissingName):
        sb.student.MODE  # inside the statement that hung: not run again
