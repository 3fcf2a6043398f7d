"""`make bench ARGS="--week N"`: what grading one week costs per submission.

A small cohort of week N (the reference solution handed in by most, the untouched stub by
one) is graded twice, each as one measured subprocess:

- deepgrade: ``deepgrade grade --week N`` (cold: empty state; sandbox, ``--jobs``);
- limit: the same graders run in-process on every submission, one after another (no
  isolation; what the sandbox is compared with).

Reported per submission: wall time, CPU time (every process of the tree, the forked
sandboxes included), and the CPU against the course's budget of 30 s per submission.
Scores are checked (reference 100, stub 0), so a benchmark that grades nothing says so.
"""
from __future__ import annotations

import dataclasses
import json
import os
import resource
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cohort import plan_cohort, strip_solution_markers, write_cohort
from proctree import run_measured

REPO = Path(__file__).resolve().parent.parent
CPU_BUDGET_S = 30.0  # one submission's whole week, training included (curriculum rule 9)
SUBMITTED_AT = "2022-03-01T20:00:00+09:00"  # before every deadline: the late policy is not measured


@dataclass(frozen=True)
class WeekRun:
    system: str
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    scores: dict[str, float | None]
    returncode: int


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def write_week_cohort(root: Path, week: int, n: int) -> dict[str, float]:
    """``root/inbox/weekNN/<id>/`` (n - 1 references, 1 stub), a roster and a manifest.

    Returns the points each student should get."""
    import yaml

    week_id = f"week{week:02d}"
    config = yaml.safe_load((REPO / "assignments" / week_id / "assignment.yml").read_text(encoding="utf-8"))
    names = [f["name"] for f in config["files"]]
    reference = {name: strip_solution_markers((REPO / "solutions" / week_id / name).read_text(encoding="utf-8"))
                 for name in names}
    plan = [dataclasses.replace(p, kind="correct") for p in plan_cohort(n)]
    write_cohort(plan, reference, inbox=root / "inbox", roster_path=root / "roster.csv", week_dir=week_id,
                 submitted_at=SUBMITTED_AT)
    stub_folder = root / "inbox" / week_id / plan[-1].student_id  # the last one hands in the stub
    for name in names:
        (stub_folder / name).write_text((REPO / "assignments" / week_id / name).read_text(encoding="utf-8"),
                                        encoding="utf-8")
    expected = {p.student_id: float(config["total_points"]) for p in plan}
    expected[plan[-1].student_id] = 0.0
    return expected


def _measured(system: str, command: list[str], root: Path, scores_of: Any) -> WeekRun:
    cpu_before = _children_cpu_s()
    measured = run_measured(command, cwd=REPO, env=os.environ, log_path=root / "logs" / f"{system}.log",
                            timeout_s=1800)
    cpu = _children_cpu_s() - cpu_before
    return WeekRun(system, measured.wall_s, cpu, measured.peak_rss_mb, scores_of(), measured.returncode)


def run_deepgrade(root: Path, week: int, jobs: int, ids: list[str]) -> WeekRun:
    export, state = root / "export", root / "state"
    command = [sys.executable, "-m", "deepgrade", "grade", "--week", str(week), "--inbox", str(root / "inbox"),
               "--export", str(export), "--roster", str(root / "roster.csv"), "--state", str(state),
               "--jobs", str(jobs)]

    def scores() -> dict[str, float | None]:
        found: dict[str, float | None] = {sid: None for sid in ids}
        path = export / "staff" / f"week{week:02d}" / "results.json"
        if path.exists():
            for student in json.loads(path.read_text(encoding="utf-8")).get("students", []):
                if student.get("id") in found and student.get("raw_points") is not None:
                    found[student["id"]] = float(student["raw_points"])
        return found

    return _measured("deepgrade", command, root, scores)


LIMIT_SCRIPT = """
import json, sys
from pathlib import Path
from deepgrade.config.loader import load_course
from deepgrade.authoring.validate import grade_files, read_submission
week, inbox, out = int(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
course = load_course(Path(sys.argv[4]))
names = [f.name for f in course.assignments[week].config.files]
points = {}
for folder in sorted(p for p in inbox.iterdir() if p.is_dir()):
    result = grade_files(course, week, read_submission(folder, names), backend="inprocess")
    points[folder.name] = None if result.error else result.points
out.write_text(json.dumps(points))
"""


def run_limit(root: Path, week: int, ids: list[str]) -> WeekRun:
    out = root / "limit-points.json"
    command = [sys.executable, "-c", LIMIT_SCRIPT, str(week), str(root / "inbox" / f"week{week:02d}"), str(out),
               str(REPO / "course.yml")]

    def scores() -> dict[str, float | None]:
        found = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
        return {sid: found.get(sid) for sid in ids}

    return _measured("limit", command, root, scores)


def bench_week(root: Path, *, week: int, n: int, jobs: int, say: Any) -> dict[str, Any]:
    expected = write_week_cohort(root, week, n)
    ids = list(expected)
    runs = []
    for system in ("deepgrade", "limit"):
        say(f"bench: week {week}: {system} ({n} submissions)")
        started = time.monotonic()
        runs.append(run_deepgrade(root, week, jobs, ids) if system == "deepgrade" else run_limit(root, week, ids))
        say(f"bench: week {week}: {system} done in {time.monotonic() - started:.1f} s")
    systems = {}
    for run in runs:
        wrong = {sid: (run.scores.get(sid), want) for sid, want in expected.items()
                 if run.scores.get(sid) is None or abs(run.scores[sid] - want) > 1e-6}
        systems[run.system] = {**asdict(run), "per_submission_wall_s": run.wall_s / n,
                               "per_submission_cpu_s": run.cpu_s / n, "scores_ok": not wrong, "wrong": wrong}
    return {"week": week, "n": n, "jobs": jobs, "cpu_budget_s": CPU_BUDGET_S, "systems": systems}


def format_week(report: dict[str, Any]) -> str:
    lines = [f"week {report['week']:02d}: {report['n']} submissions ({report['n'] - 1} reference, 1 stub), "
             f"--jobs {report['jobs']}",
             f"{'system':<12} {'wall s':>8} {'wall/sub':>9} {'CPU s':>8} {'CPU/sub':>8} {'of 30 s':>8} {'peak MB':>8}  scores"]
    lines.append("-" * len(lines[-1]))
    limit = report["systems"].get("limit")
    for name, run in report["systems"].items():
        share = run["per_submission_cpu_s"] / report["cpu_budget_s"]
        lines.append(f"{name:<12} {run['wall_s']:>8.2f} {run['per_submission_wall_s']:>9.2f} {run['cpu_s']:>8.2f} "
                     f"{run['per_submission_cpu_s']:>8.2f} {share:>8.0%} {run['peak_rss_mb']:>8.0f}  "
                     f"{'ok' if run['scores_ok'] else 'WRONG ' + str(run['wrong'])}")
    if limit and limit["wall_s"] > 0 and "deepgrade" in report["systems"]:
        ratio = report["systems"]["deepgrade"]["wall_s"] / limit["wall_s"]
        lines.append(f"deepgrade / limit (wall): {ratio:.2f}x")
    lines.append("CPU: every process of the command's tree (sandboxes included); the budget is 30 s of CPU "
                 "per submission for the whole week.")
    return "\n".join(lines)
