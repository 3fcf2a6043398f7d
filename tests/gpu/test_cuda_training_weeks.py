"""The deep-learning weeks on a GPU grader (a device machine: `.venv/bin/pytest tests/gpu -q`).

The graders compute on the CPU; a student's code may move to CUDA (Colab habit). Checked
here: the references score full marks with CUDA visible, the forbidden-call watch sees calls
on CUDA tensors (convolution, torch's recurrent cells, fused attention), and submissions that
train on the GPU (week 4's epoch, week 8's char-RNN, week 10's autoencoder, whose state_dict
comes back as CUDA tensors) still match the CPU reference or pass its calibrated thresholds.
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
sys.path.insert(0, str(REPO / "bench"))
from sbtest_helpers import spec, unit  # noqa: E402

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU (a device machine)")

CUDA_TRAINING = [
    "device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')",
    "model.to(device)", "model.train()", "total, count = 0.0, 0", "for xb, yb in loader:",
    "    xb, yb = xb.to(device), yb.to(device)", "    optimizer.zero_grad()", "    loss = loss_fn(model(xb), yb)",
    "    loss.backward()", "    optimizer.step()", "    total += loss.item() * len(yb)", "    count += len(yb)",
    "model.to('cpu')", "return total / count"]


def _grade(tmp_path: Path, week: int, files: dict[str, bytes]):
    from deepgrade.config.loader import load_course
    from deepgrade.grading.pool import GradingPool
    from deepgrade.pipeline.jobs import build_job

    course = load_course(REPO / "course.yml", state=tmp_path / "state", export=tmp_path / "export")
    with GradingPool(jobs=1) as pool:
        return pool.submit(build_job(course, course.assignments[week], files, seed=1)).result(timeout=600)


@pytest.mark.parametrize("week", (2, 3, 4, 5, 6, 7, 8, 9, 10))
def test_reference_scores_full_marks_on_a_gpu_grader(tmp_path: Path, week: int) -> None:
    folder = REPO / "solutions" / f"week{week:02d}"
    files = {p.name: p.read_bytes() for p in folder.glob("*.py")}
    result = _grade(tmp_path, week, files)
    failing = {t.name: t.message[:200] for p in result.problems for t in p.tests if t.outcome != "passed"}
    assert result.error is None and result.points == result.max_points == 100, failing


def test_a_week4_submission_training_on_the_gpu_matches_the_cpu_reference(tmp_path: Path) -> None:
    from cohort import replace_body, strip_solution_markers

    folder = REPO / "solutions" / "week04"
    files = {p.name: strip_solution_markers(p.read_text(encoding="utf-8")) for p in folder.glob("*.py")}
    files["cnn.py"] = replace_body(files["cnn.py"], "train_one_epoch", CUDA_TRAINING)
    result = _grade(tmp_path, 4, {name: text.encode() for name, text in files.items()})
    failing = {t.name: t.message[:300] for p in result.problems for t in p.tests if t.outcome != "passed"}
    assert result.error is None and result.points == 100, failing


CUDA_CHAR_RNN = [
    "device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')",
    "chars = sorted(set(text))", "index = {char: number for number, char in enumerate(chars)}",
    "ids = torch.tensor([index[char] for char in text], device=device)",
    "inputs, targets = ids[:-1].unsqueeze(0), ids[1:]",
    "torch.manual_seed(int(torch.randint(0, 2**31 - 1, (1,), generator=generator)))",
    "model = Decoder(len(chars), 16, 64).to(device)",
    "optimizer = torch.optim.SGD(model.parameters(), lr=0.5, momentum=0.9)",
    "for _ in range(steps):", "    optimizer.zero_grad()", "    logits, _ = model(inputs, None)",
    "    F.cross_entropy(logits[0], targets).backward()", "    optimizer.step()",
    "with torch.no_grad():", "    logits, _ = model(inputs, None)",
    "return ''.join(chars[number] for number in logits[0].argmax(dim=1).tolist())"]
CUDA_AUTOENCODER = [
    "device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')",
    "torch.manual_seed(int(torch.randint(0, 2**31 - 1, (1,), generator=generator)))",
    "model = Autoencoder(X.shape[1], LATENT).to(device)", "optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)",
    "loader = DataLoader(TensorDataset(X), batch_size=32, shuffle=True, generator=generator)", "losses = []",
    "for _ in range(epochs):", "    total = 0.0", "    for (xb,) in loader:", "        xb = xb.to(device)",
    "        optimizer.zero_grad()", "        loss = F.mse_loss(model(xb), xb)", "        loss.backward()",
    "        optimizer.step()", "        total += loss.item() * len(xb)", "    losses.append(total / len(X))",
    "return model.state_dict(), losses"]


@pytest.mark.parametrize("week, file, function, body", [
    (8, "seq2seq.py", "train_char_rnn", CUDA_CHAR_RNN),
    (10, "generative.py", "train_autoencoder", CUDA_AUTOENCODER),
])
def test_training_on_the_gpu_passes_the_calibrated_checks(tmp_path: Path, week: int, file: str, function: str,
                                                          body: list[str]) -> None:
    from cohort import replace_body, strip_solution_markers

    folder = REPO / "solutions" / f"week{week:02d}"
    files = {p.name: strip_solution_markers(p.read_text(encoding="utf-8")) for p in folder.glob("*.py")}
    files[file] = replace_body(files[file], function, body)
    result = _grade(tmp_path, week, {name: text.encode() for name, text in files.items()})
    failing = {t.name: t.message[:300] for p in result.problems for t in p.tests if t.outcome != "passed"}
    assert result.error is None and result.points == 100, failing


def test_the_watch_sees_cells_and_fused_attention_on_cuda_tensors() -> None:
    from deepgrade.grading import forbidden
    from deepgrade.sandbox import Sandbox, Zygote

    code = unit("gpu_seq", """
        import torch
        import torch.nn.functional as F

        def cell(x, h, w_ih, w_hh):
            return torch.gru_cell(x.cuda(), h.cuda(), w_ih.cuda(), w_hh.cuda()).cpu()

        def attend(q, k, v):
            return F.scaled_dot_product_attention(q.cuda(), k.cuda(), v.cuda()).cpu()
    """)
    with Zygote() as zygote, Sandbox(spec(code), zygote) as sandbox:
        with pytest.raises(AssertionError, match="torch.gru_cell"):
            forbidden.watched(sandbox.student.cell, forbidden.RECURRENT)(
                torch.randn(2, 3), torch.randn(2, 4), torch.randn(12, 3), torch.randn(12, 4))
        with pytest.raises(AssertionError, match="torch.nn.functional.scaled_dot_product_attention"):
            forbidden.watched(sandbox.student.attend, forbidden.ATTENTION)(*(torch.randn(1, 2, 3, 8) for _ in range(3)))


def test_the_watch_sees_forbidden_calls_on_cuda_tensors() -> None:
    from deepgrade.grading import forbidden
    from deepgrade.sandbox import Sandbox, Zygote

    code = unit("gpu_conv", """
        import torch
        import torch.nn.functional as F

        def conv(x, w):
            return F.conv2d(x.cuda(), w.cuda()).cpu()
    """)
    with Zygote() as zygote, Sandbox(spec(code), zygote) as sandbox:
        with pytest.raises(AssertionError, match="torch.nn.functional.conv2d"):
            forbidden.watched(sandbox.student.conv, forbidden.CONVOLUTION)(torch.randn(1, 1, 5, 5), torch.randn(1, 1, 3, 3))
