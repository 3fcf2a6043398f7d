"""`make bench` must keep working: its quick mode grades a tiny cohort with all three systems.

Speed is never asserted here; what is asserted is that every system ran, was measured, and
gave each kind of submission exactly the points it should get.
"""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BENCH = REPO / "bench"
sys.path.insert(0, str(BENCH))

import cohort  # noqa: E402
from expected import expected_points  # noqa: E402
from grader_source import read_graders  # noqa: E402

SYSTEMS = ("deepgrade_cold", "deepgrade_warm", "nbgrader", "limit")


def _week1():
    import yaml

    assignment = yaml.safe_load((REPO / "assignments/week01/assignment.yml").read_text(encoding="utf-8"))
    paths = sorted((REPO / "assignments/week01/tests").glob("test_*.py")) + sorted((REPO / "graders/week01").glob("test_*.py"))
    return assignment, read_graders(paths)


def test_cohort_kinds_are_mixed_and_named_fictionally() -> None:
    plan = cohort.plan_cohort(35, hang=2)
    kinds = [p.kind for p in plan]
    assert kinds.count("hang") == 2
    assert kinds.count("import_error") == 3 and kinds.count("partial") == 7
    assert kinds.count("correct") == 35 - 12
    assert len({p.student_id for p in plan}) == 35
    assert {p.kind for p in cohort.plan_cohort(3)} == {"correct", "partial", "import_error"}


def test_each_kind_breaks_what_it_says() -> None:
    assignment, _ = _week1()
    names = [f["name"] for f in assignment["files"]]
    reference = cohort.reference_files(REPO / "solutions/week01", names)
    assert not any("### BEGIN SOLUTION" in text for text in reference.values())
    for text in cohort.apply_kind(reference, "correct").values():
        ast.parse(text)
    broken = cohort.apply_kind(reference, "import_error")[cohort.IMPORT_ERROR_FILE]
    with pytest.raises(SyntaxError):
        ast.parse(broken)
    hanging = cohort.apply_kind(reference, "hang")[cohort.HANG_FILE]
    assert "while True" in hanging
    partial = cohort.apply_kind(reference, "partial")
    changed = [name for name in names if partial[name] != reference[name]]
    assert changed == [cohort.PARTIAL_FILE]


def test_expected_points_follow_the_graders() -> None:
    assignment, graders = _week1()
    total = float(assignment["total_points"])
    assert sum(t.points for g in graders for t in g.tests) == total
    scores = {kind: expected_points(kind, graders, assignment, total)
              for kind in ("correct", "partial", "import_error", "hang")}
    assert scores["correct"] == total
    data_problem = next(p["points"] for p in assignment["problems"] if p["id"] == "data")
    assert scores["import_error"] == total - data_problem  # all of data.py's tests are lost
    assert 0 < total - scores["partial"] < 10 and 0 < total - scores["hang"] < 10


def test_bad_flags_are_clear_messages() -> None:
    done = subprocess.run([sys.executable, str(BENCH / "run.py"), "--n", "0", "--systems", "otter"],
                          capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 2
    assert "--n: must be at least 1" in done.stderr and "--systems: unknown otter" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_quick_bench_grades_with_all_three_systems(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--quick", "--n", "3", "--jobs", "2", "--out", str(out)],
        capture_output=True, text=True, cwd=REPO, timeout=900,
    )
    assert out.exists(), done.stdout[-3000:] + done.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["machine"]["cores"] >= 1
    base = report["variants"]["base"]
    assert base["n"] == 3 and base["runs"] == 1
    assert {s["kind"] for s in base["submissions"]} == {"correct", "partial", "import_error"}
    assert set(base["systems"]) == set(SYSTEMS)
    for name, summary in base["systems"].items():
        assert summary["wall_s"] > 0 and summary["per_submission_s"] > 0, name
        assert summary["cpu_s"] > 0 and summary["per_submission_cpu_s"] > 0, name
        assert summary["peak_rss_mb"] > 0 and summary["peak_pss_mb"] > 0, name
        # PSS divides the pages a forked sandbox shares with its zygote: never more than RSS
        assert summary["peak_pss_mb"] <= summary["peak_rss_mb"] * 1.05, name
    assert set(base["ratios"]) >= {"deepgrade_cold/nbgrader", "deepgrade_cold/limit", "deepgrade_cold/limit cpu"}
    assert report["config"]["jobs"] == 2
    for name in SYSTEMS:
        got = base["systems"][name]["scores"]
        want = {s["id"]: s["expected_points"] for s in base["submissions"]}
        assert got == want, f"{name} scored {got}, expected {want} (kinds: {[s['kind'] for s in base['submissions']]})"
    assert done.returncode == 0, done.stderr[-3000:]
    for label in ("deepgrade (cold)", "nbgrader autograde", "limit (in-process)", "CPU/sub", "PSS MB"):
        assert label in done.stdout
    # the limit ran as two processes (one share of the cohort each), like deepgrade's --jobs 2
    assert base["systems"]["limit"]["runs"][0]["commands"] == 2
    assert base["systems"]["deepgrade_cold"]["runs"][0]["commands"] == 1
