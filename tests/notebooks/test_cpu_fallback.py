"""The CUDA-to-CPU fallback asks whether a GPU exists only when student code moves to CUDA."""
from __future__ import annotations

import subprocess
import sys

SCRIPT = r"""
import torch
from deepgrade.sandbox.inside import shims

asked = []
torch.cuda.is_available = lambda: asked.append(1) or False
shims._install_cpu_fallback()
x = torch.ones(2).to("cpu").to(torch.float64)
model = torch.nn.Linear(2, 1).to("cpu")
print("asked before cuda:", len(asked))
y = torch.ones(2).to("cuda")
z = torch.ones(2).cuda()
model = model.to(torch.device("cuda", 0)).cuda()
print("asked after cuda:", len(asked), y.device, z.device, next(model.parameters()).device)
"""


def test_gpu_is_asked_about_only_when_code_moves_to_cuda_and_moves_stay_on_cpu() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert "asked before cuda: 0" in lines
    assert "asked after cuda: 1 cpu cpu cpu" in lines
