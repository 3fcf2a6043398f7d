"""The three graders of the same cohort, each run once as a measured subprocess.

- deepgrade: ``deepgrade grade`` (cold: empty state; warm: the same state again);
- nbgrader: ``nbgrader autograde`` on the generated course;
- limit: pytest processes importing the submissions (``limit_plugin``), no isolation, as many
  in parallel as deepgrade's ``--jobs`` (the cohort dealt round-robin among them).

Each returns a ``SystemRun``: the measurement plus the points it gave each student.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

import nbgrader_course
import plain_remote
from cohort import PlannedSubmission
from proctree import Measured, run_measured, run_measured_group

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


def deepgrade_command(*, week: int, inbox: Path, export: Path, roster: Path, state: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "deepgrade", "grade", "--week", str(week), "--inbox", str(inbox),
            "--export", str(export), "--roster", str(roster), "--state", str(state), "--jobs", str(jobs)]


def deepgrade_scores(results_path: Path, ids: Sequence[str]) -> dict[str, float | None]:
    """Each student's raw points from a week's staff results.json (None: not graded)."""
    scores: dict[str, float | None] = {sid: None for sid in ids}
    if results_path.exists():
        for student in json.loads(results_path.read_text(encoding="utf-8")).get("students", []):
            if student.get("id") in scores and student.get("raw_points") is not None:
                scores[student["id"]] = float(student["raw_points"])
    return scores


def run_deepgrade(ws: Workspace, *, state: Path, export: Path, label: str) -> SystemRun:
    command = deepgrade_command(week=1, inbox=ws.inbox, export=export, roster=ws.roster, state=state, jobs=ws.jobs)
    measured = run_measured(command, cwd=REPO_ROOT, env=os.environ, log_path=ws.root / "logs" / f"{label}.log",
                            timeout_s=_command_timeout(ws))
    return SystemRun(measured, deepgrade_scores(export / "staff" / "week01" / "results.json",
                                                [p.student_id for p in ws.plan]))


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


def limit_shares(ids: Sequence[str], jobs: int) -> list[list[str]]:
    """The cohort dealt round-robin into ``jobs`` shares (fewer when there are fewer
    submissions): one in-process grader per share, as many as deepgrade's ``--jobs``."""
    shares = [list(ids[i::jobs]) for i in range(max(1, jobs))]
    return [share for share in shares if share]


def limit_env(jobs: int) -> dict[str, str]:
    """The environment of one in-process grader: torch's threads divided among the parallel
    processes (a sandbox runs one thread; two processes of two threads each on two cores
    would only fight over them)."""
    env = dict(os.environ)
    threads = str(max(1, (os.cpu_count() or 1) // max(1, jobs)))
    env.update({"OMP_NUM_THREADS": threads, "MKL_NUM_THREADS": threads})
    return env


def run_limit(ws: Workspace, *, label: str) -> SystemRun:
    folder = ws.root / "limit"
    shares = limit_shares(sorted(ws.submission_dirs), ws.jobs)
    commands, envs, results = [], [], []
    for index, share in enumerate(shares):
        results_path = folder / f"{label}-{index}-points.json"
        config_path = folder / f"{label}-{index}-config.json"
        config_path.write_text(json.dumps({
            "submissions": {sid: str(ws.submission_dirs[sid]) for sid in share},
            "module_names": list(ws.module_names),
            "reference_dir": str(ws.reference_dir),
            "data_root": ws.data_root,
            "test_timeout_s": ws.test_timeout_s,
            "import_timeout_s": ws.import_timeout_s,
            "results_path": str(results_path),
        }), encoding="utf-8")
        env = limit_env(len(shares))
        env["PYTHONPATH"] = str(BENCH_DIR) + os.pathsep + env.get("PYTHONPATH", "")
        env["DEEPGRADE_BENCH_LIMIT_CONFIG"] = str(config_path)
        commands.append([sys.executable, "-m", "pytest", "-q", "-p", "limit_plugin", "-c", str(folder / "pytest.ini"),
                         "--rootdir", str(folder), *sorted(p.name for p in ws.test_files)])
        envs.append(env)
        results.append(results_path)
    measured = run_measured_group(commands, cwd=folder, env=envs, log_path=ws.root / "logs" / f"{label}.log",
                                  timeout_s=_command_timeout(ws))
    scores: dict[str, float | None] = {p.student_id: None for p in ws.plan}
    for results_path in results:
        if results_path.exists():
            for student_id, points in json.loads(results_path.read_text(encoding="utf-8"))["points"].items():
                scores[student_id] = float(points)
    return SystemRun(measured, scores)
