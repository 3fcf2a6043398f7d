"""CUDA paths, run only where a GPU is (a device machine: `.venv/bin/pytest tests/gpu -q`).

Nothing here runs on a CPU-only machine: these are the checks a GPU grader needs and a CPU
one cannot make. The GPU question is asked through NVML, which does not initialise the CUDA
driver in this (trusted) process.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("PYTORCH_NVML_BASED_CUDA_CHECK", "1")
import torch  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "sandbox"))
from sbtest_helpers import spec, unit  # noqa: E402

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU (a device machine)")

ON_GPU = unit("gpu_code", """
    import torch

    def on_gpu():
        x = torch.arange(3.0, device="cuda") * 2
        return x, str(x.device), torch.cuda.is_available()

    def double(t):
        return t * 2, str(t.device)

    def moved():
        return str(torch.ones(1).to("cuda").device), str(torch.nn.Linear(1, 1).cuda().weight.device)
""")


@pytest.fixture(scope="module")
def sandbox():
    from deepgrade.sandbox import Sandbox, Zygote

    with Zygote() as zygote, Sandbox(spec(ON_GPU), zygote) as opened:
        yield opened


def test_a_sandbox_child_uses_the_gpu_and_its_tensors_come_back_on_the_cpu(sandbox):
    values, device, available = sandbox.student.on_gpu()
    assert available and device == "cuda:0"
    assert values.device.type == "cpu" and torch.equal(values, torch.tensor([0.0, 2.0, 4.0]))


def test_a_grader_may_send_a_cuda_tensor(sandbox):
    doubled, device = sandbox.student.double(torch.ones(2, device="cuda"))
    assert device.startswith("cuda") and torch.equal(doubled, torch.full((2,), 2.0))


def test_on_a_gpu_grader_cuda_moves_are_real(sandbox):
    assert sandbox.student.moved() == ("cuda:0", "cuda:0")


def test_week1_reference_scores_full_marks_on_a_gpu_grader(tmp_path):
    from deepgrade.config.loader import load_course
    from deepgrade.grading.pool import GradingPool
    from deepgrade.pipeline.jobs import build_job

    course = load_course(REPO / "course.yml", state=tmp_path / "state", export=tmp_path / "export")
    assignment = course.assignments[1]
    files = {entry.name: (assignment.solution_dir / entry.name).read_bytes() for entry in assignment.config.files}
    with GradingPool(jobs=1) as pool:
        result = pool.submit(build_job(course, assignment, files, seed=1)).result(timeout=600)
    outcomes = {t.name: t.outcome for p in result.problems for t in p.tests}
    assert outcomes["test_get_device"] == "passed" and outcomes["test_get_device_matches_machine"] == "passed"
    assert result.error is None and result.points == result.max_points, \
        {name: outcome for name, outcome in outcomes.items() if outcome != "passed"}
