"""Submitted notebooks -> cell units: Colab habits, broken files, order notes."""
from __future__ import annotations

import base64
import json
import time
from pathlib import Path

import pytest

from deepgrade.submission.notebook import notebook_units
from nb_helpers import notebook_bytes, run_units, write_mnist

COLAB_CELLS = [
    ("markdown", "# 1주차 과제 (제출본)"),
    ("code", "!pip install -q torchsummary\n%matplotlib inline\nimport torch\nfrom torch import nn", 1),
    ("code", "from google.colab import drive\ndrive.mount('/content/drive')", 2),
    ("code", "device = torch.device('cuda')\ncpu = torch.device('cuda' if torch.cuda.is_available() else 'cpu')", 3),
    ("code", "%%time\nfrom torchvision import datasets, transforms\n"
             "train = datasets.MNIST('/content/data', train=True, download=True, transform=transforms.ToTensor())\n"
             "other = datasets.MNIST(root='./mnist_copy', train=False, download=True)\n"
             "print(len(train), len(other))", 4),
    ("code", "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
             "        self.fc = nn.Linear(28 * 28, 10)\n\n    def forward(self, x):\n"
             "        return self.fc(x.view(x.size(0), -1))\n\ndef double(x):\n    return 2 * x", 5),
    ("code", "%%capture\nloader = torch.utils.data.DataLoader(train, batch_size=16, shuffle=True)\n"
             "model = Net().to(cpu)\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n"
             "for epoch in range(2):\n    for images, labels in loader:\n        optimizer.zero_grad()\n"
             "        loss = nn.functional.cross_entropy(model(images.to(cpu)), labels.to(cpu))\n"
             "        loss.backward()\n        optimizer.step()\n    print(f'epoch {epoch} loss {loss.item():.3f}')\n"
             "trained = True", 6),
    ("code", "files = !ls\n%time result = double(21)\nfrom google.colab import files as colab_files\n"
             "colab_files.download('model.pt')", 7),
    ("code", "%%bash\nnvidia-smi\nrm -rf /", 8),
    ("code", "def broken(:\n    pass", 9),
    ("code", "after_broken = double(5)\n!echo still here\nraise RuntimeError('line three')", 10),
    ("code", "last = 'reached'", 11),
]


@pytest.fixture(scope="module")
def colab_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("colab")
    fixture = root / "fixture"
    write_mnist(fixture)
    workdir = root / "work"
    workdir.mkdir()
    result = notebook_units(notebook_bytes(COLAB_CELLS), "week01.ipynb")
    report = run_units(result.units, fixture, workdir,
                       names=["result", "files", "after_broken", "last", "trained", "device"])
    return result, report, workdir


def test_code_cells_become_units_in_order_named_for_the_student(colab_run):
    result, _, _ = colab_run
    assert [u.name for u in result.units] == [f"cell {i}" for i in range(2, 13)]  # cell 1 is markdown
    assert result.units[0].filename == "week01.ipynb (셀 2)"
    assert all(u.kind == "cell" for u in result.units)


def test_colab_notebook_runs_cell_by_cell_with_magics_drive_and_mnist(colab_run):
    result, report, workdir = colab_run
    outcome = {u["name"]: u for u in report["units"]}
    for ok_cell in ("cell 2", "cell 3", "cell 4", "cell 5", "cell 6", "cell 7", "cell 8", "cell 9", "cell 12"):
        assert outcome[ok_cell]["ok"], outcome[ok_cell]
    assert "drive.mount" in outcome["cell 3"]["output"]
    assert "64 16" in outcome["cell 5"]["output"]          # MNIST served from the fixture
    assert (workdir / "data" / "MNIST" / "raw" / "train-images-idx3-ubyte").exists()  # /content -> .
    assert (workdir / "mnist_copy" / "MNIST" / "raw" / "t10k-labels-idx1-ubyte").exists()
    values = report["values"]
    assert values["trained"] == "True"                       # the top-level training loop ran
    assert values["result"] == "42" and values["files"] == "[]"   # %time keeps the assignment
    assert values["device"] == "device(type='cuda')"
    assert values["last"] == "'reached'"
    assert any("!pip" in n for n in result.notes)


def test_bash_cell_is_skipped_never_run(colab_run):
    result, report, _ = colab_run
    bash_unit = next(u for u in result.units if u.name == "cell 9")
    assert all(line.startswith("#") or not line for line in bash_unit.source.split("\n"))
    assert any("셀 9" in n and "%%bash" in n for n in result.notes)


def test_syntax_error_cell_fails_alone_with_its_line(colab_run):
    _, report, _ = colab_run
    outcome = {u["name"]: u for u in report["units"]}
    assert outcome["cell 10"]["error"] == "SyntaxError" and outcome["cell 10"]["lineno"] == 1
    assert outcome["cell 10"]["filename"] == "week01.ipynb (셀 10)"
    # the next cell still ran and its traceback points at the student's own line 3
    assert report["values"]["after_broken"] == "10"
    assert outcome["cell 11"]["error"] == "RuntimeError" and outcome["cell 11"]["lineno"] == 3


def test_cell_magic_keeps_line_numbers():
    data = notebook_bytes([("code", "%%time\nx = 1\n!ls\nraise ValueError('here')")])
    unit = notebook_units(data, "n.ipynb").units[0]
    lines = unit.source.split("\n")
    assert lines[1] == "x = 1" and lines[3] == "raise ValueError('here')"


def test_invalid_json_gives_a_unit_that_explains(tmp_path):
    result = notebook_units(b'{"cells": [', "week01.ipynb")
    assert len(result.units) == 1 and result.problems
    assert "JSON" in result.notes[0] and "다운로드" in result.notes[0]
    with pytest.raises(ValueError, match="노트북"):
        exec(compile(result.units[0].source, result.units[0].filename, "exec"), {})


def test_python_file_renamed_to_ipynb_is_graded_as_one_cell():
    source = "def add(a, b):\n    return a + b\n"
    result = notebook_units(source.encode(), "week01.ipynb")
    assert [u.source for u in result.units] == [source]
    assert "파이썬 코드" in result.notes[0] and result.problems


@pytest.mark.parametrize("data, expected", [
    (b"", "빈 파일"),
    (b"\xff\xfe\x00garbage", "UTF-8"),
    (b"[1, 2, 3]", "노트북 형식이 아닙니다"),
    (json.dumps({"nbformat": 2, "worksheets": []}).encode(), "nbformat 2"),
    (json.dumps({"cells": "nope", "nbformat": 4}).encode(), "'cells'"),
])
def test_other_unreadable_files_are_clear(data, expected):
    result = notebook_units(data, "week01.ipynb")
    assert expected in result.notes[0]
    assert len(result.units) == 1 and "raise ValueError" in result.units[0].source


def test_nbformat_v3_is_converted():
    v3 = {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"cells": [
        {"cell_type": "code", "input": "x = 1", "language": "python", "outputs": [], "prompt_number": 1},
        {"cell_type": "markdown", "source": "text"},
        {"cell_type": "code", "input": "y = x + 1", "language": "python", "outputs": [], "prompt_number": 2},
    ]}]}
    result = notebook_units(json.dumps(v3).encode(), "old.ipynb")
    assert [u.source for u in result.units] == ["x = 1", "y = x + 1"]
    assert any("nbformat 3" in n for n in result.notes)


def test_multi_megabyte_outputs_are_dropped_quickly():
    image = base64.b64encode(bytes(range(256)) * 16_000).decode()  # ~5.5 MB of PNG-like output
    nb = json.loads(notebook_bytes([("code", "x = 1", 1), ("code", "for i in range(3):\n    print(i)", 2)]))
    nb["cells"][0]["outputs"] = [{"output_type": "display_data", "metadata": {},
                                  "data": {"image/png": image, "text/plain": "<Figure>"}}]
    nb["cells"][1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["line\n"] * 200_000}]
    data = json.dumps(nb).encode()
    assert len(data) > 5_000_000
    started = time.perf_counter()
    result = notebook_units(data, "big.ipynb")
    assert [u.source for u in result.units] == ["x = 1", "for i in range(3):\n    print(i)"]
    assert not result.notes and time.perf_counter() - started < 20  # generous: never minutes


def test_out_of_order_execution_is_noted_in_korean():
    data = notebook_bytes([("code", "a = 1", 3), ("code", "b = 2", 1), ("code", "c = 3", 2)])
    notes = notebook_units(data, "w.ipynb").notes
    assert any("위에서 아래" in n and "[3], [1], [2]" in n for n in notes)
    in_order = notebook_bytes([("code", "a = 1", 1), ("code", "b = 2", None), ("code", "c = 3", 5)])
    assert not notebook_units(in_order, "w.ipynb").notes


def test_english_names_and_notes():
    data = notebook_bytes([("code", "a = 1", 2), ("code", "!ls", 1)])
    result = notebook_units(data, "w.ipynb", language="en")
    assert result.units[0].filename == "w.ipynb (cell 1)"
    assert any("top to bottom" in n for n in result.notes)
