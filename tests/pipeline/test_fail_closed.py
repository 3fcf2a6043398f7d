"""`deepgrade grade` on a machine that cannot isolate student code: refused before any of it
runs (exit 1, why and what to do), unless the TA passes --allow-unisolated.

The machine is simulated with a sitecustomize that makes unshare(CLONE_NEWPID) fail (a kernel
without PID namespaces); the pool's spawned workers load it too, and their zygotes are forked
from them, so every sandbox sees the same kernel.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from coursekit import SOLUTION, make_course, write

SITECUSTOMIZE = """
from deepgrade.sandbox.inside import linux
_real = linux.unshare

def _no_pid_namespaces(flags, what):
    if flags & linux.CLONE_NEWPID:
        raise OSError(22, "unshare(" + what + "): Invalid argument")
    return _real(flags, what)

linux.unshare = _no_pid_namespaces
"""


def _grade(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root / "site")}
    return subprocess.run([sys.executable, "-m", "deepgrade", "grade", "--course", str(root / "course.yml"),
                           "--jobs", "1", *extra], capture_output=True, text=True, timeout=300, env=env, cwd=root)


def test_grade_refuses_to_run_student_code_without_isolation(tmp_path: Path) -> None:
    make_course(tmp_path)
    write(tmp_path / "site/sitecustomize.py", SITECUSTOMIZE)
    write(tmp_path / "inbox/week01/202210001/calc.py", SOLUTION)
    refused = _grade(tmp_path)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "PID namespace" in refused.stderr and "--allow-unisolated" in refused.stderr
    assert "학생 코드는 한 줄도 실행되지 않았습니다" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not (tmp_path / "out/staff/week01/results.json").exists()  # no page written, nothing graded

    allowed = _grade(tmp_path, "--allow-unisolated")
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert "격리 없이 채점함" in allowed.stdout
    results = json.loads((tmp_path / "out/staff/week01/results.json").read_text(encoding="utf-8"))
    graded = {s["id"]: s for s in results["students"]}["202210001"]
    assert graded["raw_points"] == 10  # (late by the file time: the penalty is not the point here)
    assert any("PID namespace" in w for w in results.get("isolation_warnings", [])) or any(
        "PID namespace" in w for s in results["students"] for w in s.get("isolation_warnings", []))
    for page in ("staff/week01/summary.html", "staff/standings.html", "index.html"):
        text = (tmp_path / "out" / page).read_text(encoding="utf-8")
        assert "1주차는 학생 코드를 격리하지 않고 채점했습니다" in text, page
    student_page = (tmp_path / "out/students/202210001/week01.html").read_text(encoding="utf-8")
    assert "격리하지 않고" not in student_page
