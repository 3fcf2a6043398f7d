"""`make bench`: grade one synthetic week 1 cohort with deepgrade, nbgrader and an in-process limit.

    python bench/run.py                 # N=35, median of 3 runs, plus a variant with 2 hanging submissions
    python bench/run.py --quick         # N=5, 1 run, no hang variant (what `make test` exercises)
    python bench/run.py --n 10 --runs 1 --hang 0 --systems deepgrade,limit
    python bench/run.py --week 2        # one week's cost per submission: deepgrade and the in-process limit

Prints a table (wall time, per-submission time, peak memory of the whole process tree,
ratios) and writes the same as JSON under bench/results/ (git-ignored). Every system's
scores are checked against the points each kind of submission should get, so a benchmark
that silently grades nothing is reported as such.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

import yaml

import cohort
import nbgrader_course
import systems
from expected import expected_points
from grader_source import GraderSourceError, read_graders
from report import format_table

SYSTEMS = ("deepgrade", "nbgrader", "limit")
WEEK_ID = "week01"
REPO_WEEKS = Path(__file__).resolve().parent.parent / "assignments"


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="N=5, 1 run, no hang variant (unless given)")
    parser.add_argument("--n", type=int, default=None, help="submissions in the cohort (default 35; quick: 5)")
    parser.add_argument("--runs", type=int, default=None, help="runs per system, median reported (default 3; quick: 1)")
    parser.add_argument("--hang", type=int, default=None,
                        help="hanging submissions in the second variant; 0 skips it (default 2; quick: 0)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="deepgrade --jobs (default: CPU count)")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help=f"comma list of {', '.join(SYSTEMS)}")
    parser.add_argument("--out", type=Path, default=None, help="JSON path (default bench/results/<time>.json)")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder (logs, inbox, nbgrader course)")
    parser.add_argument("--week", type=int, default=None,
                        help="measure week N's cost per submission (deepgrade cold and warm, the in-process limit; "
                             "--n default 8, --runs default 1)")
    args = parser.parse_args(argv)
    if args.week is not None:
        if not (REPO_WEEKS / f"week{args.week:02d}" / "assignment.yml").is_file():
            parser.error(f"--week: no assignment for week {args.week} (expected assignments/week{args.week:02d}/)")
        args.n = args.n if args.n is not None else 8
        args.runs = args.runs if args.runs is not None else 1
        if args.runs < 1:
            parser.error(f"--runs: must be at least 1 (got {args.runs})")
        if args.n < 2:
            parser.error(f"--n: a week's cohort needs at least 2 submissions (got {args.n})")
        return args
    args.n = args.n if args.n is not None else (5 if args.quick else 35)
    args.runs = args.runs if args.runs is not None else (1 if args.quick else 3)
    args.hang = args.hang if args.hang is not None else (0 if args.quick else 2)
    args.systems = tuple(s.strip() for s in args.systems.split(",") if s.strip())
    problems = []
    if args.n < 1:
        problems.append(f"--n: must be at least 1 (got {args.n})")
    if args.runs < 1:
        problems.append(f"--runs: must be at least 1 (got {args.runs})")
    if not 0 <= args.hang <= args.n:
        problems.append(f"--hang: must be between 0 and --n {args.n} (got {args.hang})")
    if args.jobs < 1:
        problems.append(f"--jobs: must be at least 1 (got {args.jobs})")
    unknown = [s for s in args.systems if s not in SYSTEMS]
    if unknown or not args.systems:
        problems.append(f"--systems: unknown {', '.join(unknown) or '(empty)'} (expected a comma list of {', '.join(SYSTEMS)})")
    if problems:
        parser.error("; ".join(problems))
    return args


def _assignment(repo: Path) -> dict:
    path = repo / "assignments" / WEEK_ID / "assignment.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _test_files(repo: Path) -> tuple[Path, ...]:
    public = sorted((repo / "assignments" / WEEK_ID / "tests").glob("test_*.py"))
    hidden = sorted((repo / "graders" / WEEK_ID).glob("test_*.py"))
    return tuple(public + hidden)


def _prepare_variant(
    root: Path, *, n: int, hang: int, jobs: int, repo: Path, assignment: dict, reference: dict[str, str],
    data_root: str, test_files: tuple[Path, ...], want_nbgrader: bool, want_limit: bool, graders: list,
) -> systems.Workspace:
    root.mkdir(parents=True)
    plan = cohort.plan_cohort(n, hang)
    inbox = root / "inbox"
    roster = root / "roster.csv"
    submissions = cohort.write_cohort(plan, reference, inbox=inbox, roster_path=roster, week_dir=WEEK_ID)
    limits = assignment.get("limits", {})
    ws = systems.Workspace(
        root=root, inbox=inbox, roster=roster, plan=tuple(plan),
        submission_dirs={p.student_id: inbox / WEEK_ID / p.student_id for p in plan},
        test_files=test_files, reference_dir=repo / "solutions" / WEEK_ID, data_root=data_root,
        module_names=tuple(Path(f["name"]).stem for f in assignment["files"]),
        test_timeout_s=float(limits.get("test_timeout_s", 10)),
        import_timeout_s=float(limits.get("import_timeout_s", 60)), jobs=jobs,
    )
    if want_limit:
        systems.prepare_limit(ws)
    if want_nbgrader:
        solution_sources = {
            f["name"]: (repo / "solutions" / WEEK_ID / f["name"]).read_text(encoding="utf-8")
            for f in assignment["files"]
        }
        course = nbgrader_course.create_course(
            root / "nbgrader", solution_sources=solution_sources, graders=graders,
            data_root=data_root, cell_timeout_s=ws.test_timeout_s,
        )
        nbgrader_course.place_submissions(course, submissions)
        ws = dataclasses.replace(ws, course=course)
    return ws


def _summarise(runs: list[systems.SystemRun], n: int) -> dict:
    """The median of each figure over the runs (each figure's own median)."""
    def median(field: str) -> float:
        return statistics.median(getattr(r.measured, field) for r in runs)

    wall, cpu = median("wall_s"), median("cpu_s")
    return {
        "wall_s": round(wall, 3),
        "per_submission_s": round(wall / n, 4),
        "cpu_s": round(cpu, 3),
        "per_submission_cpu_s": round(cpu / n, 4),
        "peak_rss_mb": round(median("peak_rss_mb"), 1),
        "peak_pss_mb": round(median("peak_pss_mb"), 1),
        "spread": {field: [round(min(getattr(r.measured, field) for r in runs), 3),
                           round(max(getattr(r.measured, field) for r in runs), 3)]
                   for field in ("wall_s", "cpu_s")},
        "runs": [asdict(r.measured) for r in runs],
        "scores": dict(runs[-1].scores),
        "scores_stable": all(r.scores == runs[-1].scores for r in runs),
    }


def _check_scores(summary: dict, expected: dict[str, float]) -> dict:
    mismatches = [
        {"student": sid, "expected": want, "got": summary["scores"].get(sid)}
        for sid, want in expected.items()
        if summary["scores"].get(sid) is None or abs(summary["scores"][sid] - want) > 1e-6
    ]
    return {"ok": not mismatches and summary["scores_stable"], "mismatches": mismatches}


def _run_variant(ws: systems.Workspace, *, runs: int, wanted: tuple[str, ...], expected: dict[str, float],
                 say) -> dict:
    collected: dict[str, list[systems.SystemRun]] = {}
    for run_index in range(runs):
        if "deepgrade" in wanted:
            state, export = ws.root / f"state-{run_index}", ws.root / f"export-{run_index}"
            say(f"  run {run_index + 1}/{runs}: deepgrade (cold)")
            collected.setdefault("deepgrade_cold", []).append(
                systems.run_deepgrade(ws, state=state, export=export, label=f"deepgrade-cold-{run_index}"))
            say(f"  run {run_index + 1}/{runs}: deepgrade (warm)")
            collected.setdefault("deepgrade_warm", []).append(
                systems.run_deepgrade(ws, state=state, export=export, label=f"deepgrade-warm-{run_index}"))
        if "nbgrader" in wanted:
            say(f"  run {run_index + 1}/{runs}: nbgrader autograde")
            collected.setdefault("nbgrader", []).append(systems.run_nbgrader(ws, label=f"nbgrader-{run_index}"))
        if "limit" in wanted:
            say(f"  run {run_index + 1}/{runs}: limit (in-process pytest)")
            collected.setdefault("limit", []).append(systems.run_limit(ws, label=f"limit-{run_index}"))
    n = len(ws.plan)
    results = {name: _summarise(system_runs, n) for name, system_runs in collected.items()}
    for summary in results.values():
        summary["score_check"] = _check_scores(summary, expected)
    ratios = {}
    for mine in ("deepgrade_cold", "deepgrade_warm"):
        for other in ("nbgrader", "limit"):
            for figure, key in (("wall_s", ""), ("cpu_s", " cpu")):
                if mine in results and other in results and results[other][figure] > 0:
                    ratios[f"{mine}/{other}{key}"] = round(results[mine][figure] / results[other][figure], 4)
    return {
        "n": n,
        "runs": runs,
        "kinds": {kind: sum(1 for p in ws.plan if p.kind == kind) for kind in ("correct", "partial", "import_error", "hang")},
        "submissions": [{"id": p.student_id, "kind": p.kind, "expected_points": expected[p.student_id]} for p in ws.plan],
        "systems": results,
        "ratios": ratios,
    }


def _main_week(args: argparse.Namespace, say) -> int:
    import week_cost

    with tempfile.TemporaryDirectory(prefix="deepgrade-bench-week-") as tmp_name:
        report = week_cost.bench_week(Path(tmp_name), week=args.week, n=args.n, jobs=args.jobs, runs=args.runs,
                                         say=say)
        report["machine"] = {"cores": os.cpu_count(), "platform": platform.platform(),
                             "python": platform.python_version()}
        report["created"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    out = args.out or systems.REPO_ROOT / "bench" / "results" / f"bench-week{args.week:02d}-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(week_cost.format_week(report))
    print(f"\nJSON: {out}")
    if not all(run["scores_ok"] for run in report["systems"].values()):
        print("bench: scores differ from the expected points (reference 100, stub 0)", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    repo = systems.REPO_ROOT

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if args.week is not None:
        return _main_week(args, say)

    try:
        assignment = _assignment(repo)
        test_files = _test_files(repo)
        graders = read_graders(list(test_files))
    except (OSError, yaml.YAMLError, GraderSourceError) as exc:
        print(f"bench: cannot read the week 1 assignment: {exc}", file=sys.stderr)
        return 2
    file_names = [f["name"] for f in assignment["files"]]
    reference = cohort.reference_files(repo / "solutions" / WEEK_ID, file_names)
    total = float(assignment["total_points"])

    with tempfile.TemporaryDirectory(prefix="deepgrade-bench-") as tmp_name:
        tmp = Path(tmp_name)
        from deepgrade.fixtures.mnist import ensure_mnist  # the same local fixture deepgrade grades with

        data_root = str(ensure_mnist(tmp / "fixtures" / "mnist").parent.parent)
        variants = {"base": (args.n, 0)}
        if args.hang:
            variants["hang"] = (args.n, args.hang)
        report: dict = {
            "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "machine": {"cores": os.cpu_count(), "platform": platform.platform(),
                        "python": platform.python_version()},
            "config": {"n": args.n, "runs": args.runs, "hang": args.hang, "jobs": args.jobs,
                       "systems": list(args.systems), "quick": args.quick},
            "variants": {},
        }
        for name, (n, hang) in variants.items():
            say(f"bench: variant {name}: {n} submissions ({hang} hanging)")
            ws = _prepare_variant(
                tmp / name, n=n, hang=hang, jobs=args.jobs, repo=repo, assignment=assignment,
                reference=reference, data_root=data_root, test_files=test_files, graders=graders,
                want_nbgrader="nbgrader" in args.systems, want_limit="limit" in args.systems,
            )
            expected = {p.student_id: expected_points(p.kind, graders, assignment, total) for p in ws.plan}
            # The hang variant shows what a hang costs; one run of it is enough.
            runs = args.runs if name == "base" else 1
            report["variants"][name] = _run_variant(ws, runs=runs, wanted=args.systems, expected=expected, say=say)
        if args.keep:
            kept = Path(tempfile.mkdtemp(prefix="deepgrade-bench-kept-"))
            import shutil

            shutil.copytree(tmp, kept, dirs_exist_ok=True, symlinks=True)
            say(f"bench: temp folder kept in {kept}")

    out = args.out or repo / "bench" / "results" / f"bench-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(format_table(report))
    print(f"\nJSON: {out}")
    bad = [
        f"{variant}/{system}" for variant, data in report["variants"].items()
        for system, summary in data["systems"].items() if not summary["score_check"]["ok"]
    ]
    if bad:
        print(f"bench: scores differ from the expected points in: {', '.join(bad)} (see score_check in the JSON)",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
