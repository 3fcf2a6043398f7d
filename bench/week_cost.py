"""`make bench ARGS="--week N"`: what grading one week costs per submission.

A small cohort of week N (the reference solution handed in by most, the untouched stub by
one) is graded by

- deepgrade: ``deepgrade grade --week N --jobs J`` (cold: empty state; warm: the same state
  again, nothing to regrade);
- limit: the same graders run in-process on every submission, one after another in each of
  J processes (the cohort dealt round-robin among them, as many as deepgrade's ``--jobs``;
  no isolation; what the sandbox is compared with),

each as one measured group of subprocesses (``proctree``). Reported per submission: wall
time, CPU time (every process of the tree, the forked sandboxes included), the CPU against
the course's budget of 30 s per submission, and peak RSS and PSS. Scores are checked
(reference 100, stub 0), so a benchmark that grades nothing says so.
"""
from __future__ import annotations

import dataclasses
import json
import os
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable

from cohort import plan_cohort, strip_solution_markers, write_cohort
from proctree import Measured, run_measured, run_measured_group
from systems import deepgrade_command, deepgrade_scores, limit_env, limit_shares

REPO = Path(__file__).resolve().parent.parent
CPU_BUDGET_S = 30.0  # one submission's whole week, training included (curriculum rule 9)
SUBMITTED_AT = "2022-03-01T20:00:00+09:00"  # before every deadline: the late policy is not measured
SYSTEMS = ("deepgrade_cold", "deepgrade_warm", "limit")


@dataclass(frozen=True)
class WeekRun:
    system: str
    measured: Measured
    scores: dict[str, float | None]


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


def run_deepgrade(root: Path, week: int, jobs: int, ids: list[str], *, label: str, state: Path,
                  export: Path) -> WeekRun:
    command = deepgrade_command(week=week, inbox=root / "inbox", export=export, roster=root / "roster.csv",
                                state=state, jobs=jobs)
    measured = run_measured(command, cwd=REPO, env=os.environ, log_path=root / "logs" / f"{label}.log",
                            timeout_s=1800)
    return WeekRun(label, measured, deepgrade_scores(export / "staff" / f"week{week:02d}" / "results.json", ids))


# Only what grading needs is imported (the job builder and the runner, as validate builds the
# job): importing deepgrade.authoring.validate also loaded nbformat and the calibration code,
# ~1.9 s of CPU per limit process that made the limit look slower than it is.
LIMIT_SCRIPT = """
import dataclasses, hashlib, json, sys
from pathlib import Path
from deepgrade.config.loader import load_course
from deepgrade.grading.runner import grade_submission
from deepgrade.pipeline.jobs import build_job
week, out = int(sys.argv[1]), Path(sys.argv[2])
course = load_course(Path(sys.argv[3]))
assignment = course.assignments[week]
names = [f.name for f in assignment.config.files]
known = tuple(p.id for p in assignment.config.problems)
points = {}
for folder in map(Path, sys.argv[4:]):
    files = {name: (folder / name).read_bytes() for name in names if (folder / name).is_file()}
    seed = int.from_bytes(hashlib.sha256(b"".join(files[k] for k in sorted(files))).digest()[:7], "big")
    job = build_job(course, assignment, files, seed=seed, allow_unisolated=True)
    result = grade_submission(dataclasses.replace(job, known_problems=known), backend="inprocess")
    points[folder.name] = None if result.error else result.points
out.write_text(json.dumps(points))
"""


def run_limit(root: Path, week: int, jobs: int, ids: list[str], *, label: str) -> WeekRun:
    inbox = root / "inbox" / f"week{week:02d}"
    shares = limit_shares(ids, jobs)
    outs = [root / f"{label}-{index}-points.json" for index in range(len(shares))]
    commands = [[sys.executable, "-c", LIMIT_SCRIPT, str(week), str(out), str(REPO / "course.yml"),
                 *(str(inbox / sid) for sid in share)] for share, out in zip(shares, outs)]
    measured = run_measured_group(commands, cwd=REPO, env=limit_env(len(shares)),
                                  log_path=root / "logs" / f"{label}.log", timeout_s=1800)
    found: dict[str, Any] = {}
    for out in outs:
        if out.exists():
            found.update(json.loads(out.read_text(encoding="utf-8")))
    return WeekRun(label, measured, {sid: found.get(sid) for sid in ids})


def _summary(runs: list[WeekRun], n: int, expected: dict[str, float]) -> dict[str, Any]:
    def median(field: str) -> float:
        return statistics.median(getattr(r.measured, field) for r in runs)

    last = runs[-1]
    wrong = {sid: (last.scores.get(sid), want) for sid, want in expected.items()
             if last.scores.get(sid) is None or abs(last.scores[sid] - want) > 1e-6}
    wall, cpu = median("wall_s"), median("cpu_s")
    return {"wall_s": wall, "cpu_s": cpu, "per_submission_wall_s": wall / n, "per_submission_cpu_s": cpu / n,
            "peak_rss_mb": median("peak_rss_mb"), "peak_pss_mb": median("peak_pss_mb"),
            "runs": [asdict(r.measured) for r in runs], "scores": last.scores,
            "scores_ok": not wrong and all(r.scores == last.scores for r in runs), "wrong": wrong}


def bench_week(root: Path, *, week: int, n: int, jobs: int, runs: int = 1,
               say: Callable[[str], None]) -> dict[str, Any]:
    expected = write_week_cohort(root, week, n)
    ids = list(expected)
    collected: dict[str, list[WeekRun]] = {name: [] for name in SYSTEMS}
    for run_index in range(runs):
        state, export = root / f"state-{run_index}", root / f"export-{run_index}"
        for system in SYSTEMS:
            say(f"bench: week {week}: run {run_index + 1}/{runs}: {system} ({n} submissions)")
            started = time.monotonic()
            label = f"{system}-{run_index}"
            if system == "limit":
                collected[system].append(run_limit(root, week, jobs, ids, label=label))
            else:  # cold grades into an empty state; warm reuses it
                collected[system].append(run_deepgrade(root, week, jobs, ids, label=label, state=state,
                                                       export=export))
            say(f"bench: week {week}: {system} done in {time.monotonic() - started:.1f} s")
    return {"week": week, "n": n, "jobs": jobs, "runs": runs, "cpu_budget_s": CPU_BUDGET_S,
            "systems": {name: _summary(system_runs, n, expected) for name, system_runs in collected.items()}}


def format_week(report: dict[str, Any]) -> str:
    lines = [f"week {report['week']:02d}: {report['n']} submissions ({report['n'] - 1} reference, 1 stub), "
             f"--jobs {report['jobs']} (the limit runs as many processes), median of {report['runs']} run(s)",
             f"{'system':<15} {'wall s':>7} {'wall/sub':>9} {'CPU s':>7} {'CPU/sub':>8} {'of 30 s':>8} "
             f"{'RSS MB':>7} {'PSS MB':>7} {'wall x limit':>12} {'CPU x limit':>11}  scores"]
    lines.append("-" * len(lines[-1]))
    limit = report["systems"].get("limit", {})
    for name, run in report["systems"].items():
        share = run["per_submission_cpu_s"] / report["cpu_budget_s"]
        wall_x = f"{run['wall_s'] / limit['wall_s']:.2f}" if limit.get("wall_s") else "-"
        cpu_x = f"{run['cpu_s'] / limit['cpu_s']:.2f}" if limit.get("cpu_s") else "-"
        lines.append(f"{name:<15} {run['wall_s']:>7.2f} {run['per_submission_wall_s']:>9.2f} {run['cpu_s']:>7.2f} "
                     f"{run['per_submission_cpu_s']:>8.2f} {share:>8.0%} {run['peak_rss_mb']:>7.0f} "
                     f"{run['peak_pss_mb']:>7.0f} {wall_x:>12} {cpu_x:>11}  "
                     f"{'ok' if run['scores_ok'] else 'WRONG ' + str(run['wrong'])}")
    lines.append("CPU: every process of the command's tree (sandboxes included); the budget is 30 s of CPU "
                 "per submission for the whole week. Per submission includes each command's start-up.")
    return "\n".join(lines)
