"""`make bench ARGS="--week N"` keeps working: a tiny cohort of one week, graded by deepgrade and
the in-process limit, measured and with the expected scores (speed is never asserted)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_week_bench_grades_the_cohort_and_reports_cost_per_submission(tmp_path: Path) -> None:
    out = tmp_path / "week.json"
    done = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--week", "3", "--n", "2", "--jobs", "2",
                           "--out", str(out)], cwd=REPO, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["week"] == 3 and report["n"] == 2 and report["cpu_budget_s"] == 30
    for name in ("deepgrade_cold", "deepgrade_warm", "limit"):
        run = report["systems"][name]
        assert run["scores_ok"] and sorted(run["scores"].values()) == [0.0, 100.0], run
        assert run["cpu_s"] > 0 and run["per_submission_cpu_s"] == pytest.approx(run["cpu_s"] / 2)
        assert run["peak_pss_mb"] > 0 and run["peak_rss_mb"] > 0
    # --jobs 2: the limit grades the two submissions in two processes at once, as deepgrade's pool does
    assert report["systems"]["limit"]["runs"][0]["commands"] == 2
    assert "week 03: 2 submissions (1 reference, 1 stub)" in done.stdout and "of 30 s" in done.stdout


def test_an_unknown_week_is_a_usage_error() -> None:
    done = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--week", "42"], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "--week: no assignment for week 42" in done.stderr
