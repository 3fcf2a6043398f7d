"""Grading on a Dask cluster (a LocalCluster of two worker processes here): each worker keeps
its own zygote, jobs travel with the submission's code and a bundle of the graders instead of
paths, the sandbox preflight runs on a worker, and the week's results equal the local ones."""
from __future__ import annotations

import io
import json
import sys
from datetime import timedelta

import pytest
from rich.console import Console

from deepgrade import cli
from deepgrade.pipeline.grade import grade_course

from coursekit import DEADLINE, PARTIAL, SOLUTION, make_course, write

pytestmark = pytest.mark.slow
distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as local:
        yield local


def _inbox(root):
    week = root / "inbox" / "week01"
    write(week / "202210001" / "calc.py", SOLUTION, DEADLINE - timedelta(hours=2))
    write(week / "202210002" / "calc.py", PARTIAL, DEADLINE - timedelta(hours=2))
    write(week / "202210004" / "calc.py", "import os\nos._exit(3)\n", DEADLINE - timedelta(hours=2))
    write(week / "202210005" / "calc.py", SOLUTION.replace("a * b", "a ** b"), DEADLINE - timedelta(hours=2))


def test_a_week_graded_on_the_cluster(tmp_path, cluster, pinned_engine):
    course = make_course(tmp_path)
    _inbox(tmp_path)
    summary = grade_course(course, jobs=1, console=Console(file=io.StringIO()), executor="dask",
                           scheduler=cluster.scheduler_address)
    assert summary.graded == 4 and summary.failed == 0
    assert summary.isolation is not None and not summary.isolation.missing   # the preflight ran on a worker
    results = json.loads((tmp_path / "out/staff/week01/results.json").read_text(encoding="utf-8"))
    points = {s["id"]: s["points"] for s in results["students"]}
    assert points == {"202210001": 10.0, "202210002": 4.0, "202210004": 0.0, "202210005": 4.0,
                      "202210006": 0.0}
    crashed = {s["id"]: s for s in results["students"]}["202210004"]
    assert {t["outcome"] for p in crashed["problems"] for t in p["tests"]} <= {"error", "crashed"}
    # each worker keeps its own zygote, alive after the run for the next one
    with distributed.Client(cluster.scheduler_address) as client:
        pids = client.run(lambda dask_worker: dask_worker.plugins["deepgrade-zygote"].zygote.pid)
    assert len(set(pids.values())) == 2
    again = grade_course(course, jobs=1, console=Console(file=io.StringIO()), executor="dask",
                         scheduler=cluster.scheduler_address)
    assert again.graded == 0 and again.cached == 4


def test_a_job_carries_bytes_not_paths(tmp_path, pinned_engine):
    import pickle

    from deepgrade.executors.portable import PLACEHOLDER, localize, pack, unpack
    from deepgrade.pipeline.jobs import build_job

    course = make_course(tmp_path)
    job = build_job(course, course.assignments[1], {"calc.py": SOLUTION.encode()}, seed=1)
    portable, bundle = pack(job)
    assert str(tmp_path).encode() not in pickle.dumps(portable)   # nothing of this machine's folders
    assert all(p.startswith(PLACEHOLDER) for p in (*portable.test_paths, portable.reference_dir))
    assert portable.spec.units[0].source == SOLUTION                 # the submission itself
    assert bundle.files["reference/calc.py"] == SOLUTION.encode()
    assert any(name.startswith("tests/") and name.endswith("test_calc.py") for name in bundle.files)
    where = unpack(bundle, tmp_path / "worker")
    assert unpack(bundle, tmp_path / "worker") == where              # unpacked once per bundle
    local = localize(portable, where)
    assert (where / "reference" / "calc.py").read_text() == SOLUTION and local.reference_dir == str(where / "reference")


def test_dask_needs_a_scheduler(tmp_path, capsys):
    make_course(tmp_path)
    code = cli.main(["grade", "--course", str(tmp_path / "course.yml"), "--executor", "dask"])
    err = capsys.readouterr().err
    assert code == 2 and "--scheduler" in err and "Traceback" not in err
