"""A Colab notebook's careless and hostile cells, run in the real sandbox (red-team findings).

Each bad cell fails alone with a Korean reason the student can act on; the definitions in the
other cells are still there for the graders. One zygote and one sandbox for the whole module.
"""
from __future__ import annotations

from typing import Any, Iterator

import pytest
import torch

from deepgrade.sandbox import Sandbox, SandboxSpec, Zygote
from deepgrade.sandbox.client.errors import MissingName
from deepgrade.sandbox.shared.spec import Limits
from deepgrade.submission.notebook import notebook_units
from nb_helpers import notebook_bytes

CELLS = [
    # an imports cell with Colab-only modules: the imports after them must still happen
    "!pip install -q torchsummary\n%matplotlib inline\nfrom tqdm.notebook import tqdm, trange\nimport torch\n"
    "from google.colab.patches import cv2_imshow\nfrom google.colab import auth\nimport numpy as np",
    "def keep():\n    return 'kept'\n\nsteps = [i for i in tqdm(range(3), desc='epoch')]",
    "device = torch.device('cuda')\nmoved = torch.ones(2).to(device)\nmodel = torch.nn.Linear(2, 2).cuda()\n"
    "after_cuda = str(moved.device)",
    "name = input('이름: ')",
    "exit()",
    "import torch\nfrom sklearn.metrics import accuracy_score\nunreached = 1",
    "%env DG_FLAG=on\n%cd /content\nflag = %env DG_FLAG\nhere = %pwd",
    "%%writefile helper_mod.py\ndef helper():\n    return 42\n",
    "from helper_mod import helper\nhelped = helper()",
    "import os\nos.kill(os.getpid(), 9)",
    "late = keep()",
    "def keep():\n    return 'redefined'",
]


@pytest.fixture(scope="module")
def colab(tmp_path_factory: Any, session_zygote: Zygote) -> Iterator[tuple[Sandbox, dict[str, Any]]]:
    units = notebook_units(notebook_bytes(("code", c) for c in CELLS), "week01.ipynb").units
    spec = SandboxSpec(units=units, limits=Limits(import_timeout_s=20, test_timeout_s=5, total_timeout_s=30))
    with Sandbox(spec, session_zygote) as sandbox:
        yield sandbox, {r.filename.split("(")[1].rstrip(")"): r for r in sandbox.import_report}


def _get(sandbox: Sandbox, name: str) -> Any:
    with sandbox.deadline(5):
        return getattr(sandbox.student, name)


def test_colab_only_imports_do_not_lose_the_rest_of_the_cell(colab):
    sandbox, report = colab
    assert report["셀 1"].status == "ok", report["셀 1"].message     # tqdm, google.colab.patches/auth
    assert report["셀 2"].status == "ok" and _get(sandbox, "steps") == [0, 1, 2]


@pytest.mark.skipif(torch.cuda.is_available(), reason="the CPU fallback is for graders without a GPU")
def test_cuda_moves_stay_on_the_cpu_and_say_so(colab):
    sandbox, report = colab
    assert report["셀 3"].status == "ok", report["셀 3"].message
    assert _get(sandbox, "after_cuda") == "cpu"
    assert "GPU가 없어" in sandbox.output


def test_input_and_exit_fail_their_cell_alone_in_korean(colab):
    _, report = colab
    assert report["셀 4"].status == "error" and "키보드로 입력할 수 없습니다" in report["셀 4"].message
    # Jupyter keeps the kernel after SystemExit: an error of that cell, not a crashed sandbox
    assert report["셀 5"].status == "error" and "exit()" in report["셀 5"].message
    assert "다음 셀은 계속 실행합니다" in report["셀 5"].message


def test_missing_module_says_pip_is_not_run(colab):
    sandbox, report = colab
    assert report["셀 6"].status == "error"
    assert "sklearn" in report["셀 6"].message and "!pip install은 채점할 때 실행되지 않고" in report["셀 6"].message
    with pytest.raises(MissingName):
        _get(sandbox, "unreached")


def test_env_cd_pwd_magics_act_like_colab(colab):
    sandbox, report = colab
    assert report["셀 7"].status == "ok", report["셀 7"].message
    assert _get(sandbox, "flag") == "on"
    assert _get(sandbox, "here") == sandbox.workdir     # /content is the working folder


def test_writefile_module_is_importable_by_later_cells(colab):
    sandbox, report = colab
    assert report["셀 9"].status == "ok", report["셀 9"].message
    assert _get(sandbox, "helped") == 42


def test_killed_cell_is_reported_and_the_cells_after_it_still_run(colab):
    sandbox, report = colab
    assert report["셀 10"].status == "crashed" and "SIGKILL" in report["셀 10"].message
    assert _get(sandbox, "late") == "kept"
    # the last definition wins, as when the notebook is run top to bottom
    with sandbox.deadline(5):
        assert sandbox.student.keep() == "redefined"
