"""The three graders of the same cohort, each run once as a measured subprocess.

- deepgrade: ``deepgrade grade`` (cold: empty state; warm: the same state again);
- nbgrader: ``nbgrader autograde`` on the generated course;
- limit: one pytest process importing every submission (``limit_plugin``), no isolation.

Each returns a ``SystemRun``: the measurement plus the points it gave each student.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import nbgrader_course
import plain_remote
from cohort import PlannedSubmission
from proctree import Measured, run_measured

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent


@dataclass(frozen=True)
class Workspace:
    """One variant's cohort on disk, and each system's prepared inputs."""

    root: Path
    inbox: Path
    roster: Path
    plan: tuple[PlannedSubmission, ...]
    submission_dirs: Mapping[str, Path]
    test_files: tuple[Path, ...]
    reference_dir: Path
    data_root: str
    module_names: tuple[str, ...]
    test_timeout_s: float
    import_timeout_s: float
    jobs: int
    course: nbgrader_course.NbgraderCourse | None = None


@dataclass(frozen=True)
class SystemRun:
    measured: Measured
    scores: Mapping[str, float | None]


def _command_timeout(ws: Workspace) -> float:
    # Generous: a bound on a broken run, never a measurement.
    return 300 + len(ws.plan) * (60 + 4 * ws.test_timeout_s)


def run_deepgrade(ws: Workspace, *, state: Path, export: Path, label: str) -> SystemRun:
    command = [
        sys.executable, "-m", "deepgrade", "grade", "--week", "1",
        "--inbox", str(ws.inbox), "--export", str(export), "--roster", str(ws.roster),
        "--state", str(state), "--jobs", str(ws.jobs),
    ]
    measured = run_measured(command, cwd=REPO_ROOT, env=os.environ, log_path=ws.root / "logs" / f"{label}.log",
                            timeout_s=_command_timeout(ws))
    scores: dict[str, float | None] = {p.student_id: None for p in ws.plan}
    results_path = export / "staff" / "week01" / "results.json"
    if results_path.exists():
        for student in json.loads(results_path.read_text(encoding="utf-8")).get("students", []):
            if student.get("id") in scores and student.get("raw_points") is not None:
                scores[student["id"]] = float(student["raw_points"])
    return SystemRun(measured, scores)


def run_nbgrader(ws: Workspace, *, label: str) -> SystemRun:
    assert ws.course is not None, "the nbgrader course is made before any run"
    nbgrader_course.reset_autograded(ws.course)  # not timed: every run grades from scratch
    measured = run_measured(
        nbgrader_course.autograde_command(), cwd=ws.course.root,
        env=nbgrader_course.jupyter_env(ws.course.jupyter_dir),
        log_path=ws.root / "logs" / f"{label}.log", timeout_s=_command_timeout(ws),
    )
    scores = nbgrader_course.read_scores(ws.course, [p.student_id for p in ws.plan])
    return SystemRun(measured, scores)


def prepare_limit(ws: Workspace) -> Path:
    """A folder with copies of the test files, a bare pytest.ini and the plugin's config."""
    folder = ws.root / "limit"
    folder.mkdir()
    for path in ws.test_files:
        source = plain_remote.rewrite_import(path.read_text(encoding="utf-8"))
        (folder / path.name).write_text(source, encoding="utf-8")
    # Its own ini: the repository's pytest settings and conftests must not apply here.
    (folder / "pytest.ini").write_text("[pytest]\naddopts = -p no:cacheprovider\n", encoding="utf-8")
    return folder


def run_limit(ws: Workspace, *, label: str) -> SystemRun:
    folder = ws.root / "limit"
    results_path = folder / f"{label}-points.json"
    config_path = folder / f"{label}-config.json"
    config_path.write_text(json.dumps({
        "submissions": {sid: str(path) for sid, path in ws.submission_dirs.items()},
        "module_names": list(ws.module_names),
        "reference_dir": str(ws.reference_dir),
        "data_root": ws.data_root,
        "test_timeout_s": ws.test_timeout_s,
        "import_timeout_s": ws.import_timeout_s,
        "results_path": str(results_path),
    }), encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = str(BENCH_DIR) + os.pathsep + env.get("PYTHONPATH", "")
    env["DEEPGRADE_BENCH_LIMIT_CONFIG"] = str(config_path)
    command = [sys.executable, "-m", "pytest", "-q", "-p", "limit_plugin", "-c", str(folder / "pytest.ini"),
               "--rootdir", str(folder), *sorted(p.name for p in ws.test_files)]
    measured = run_measured(command, cwd=folder, env=env, log_path=ws.root / "logs" / f"{label}.log",
                            timeout_s=_command_timeout(ws))
    scores: dict[str, float | None] = {p.student_id: None for p in ws.plan}
    if results_path.exists():
        for student_id, points in json.loads(results_path.read_text(encoding="utf-8"))["points"].items():
            scores[student_id] = float(points)
    return SystemRun(measured, scores)
