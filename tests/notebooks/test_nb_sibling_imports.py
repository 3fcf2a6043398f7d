"""In a notebook every submitted file is a cell of one namespace: imports between them go."""
from __future__ import annotations

from deepgrade.authoring.notebook import without_sibling_imports

SOURCE = """import math

import torch
from backprop import (linear_forward,
                      relu)
import backprop
from backprop.extra import thing


def f():
    return relu(1)
"""


def test_imports_of_other_submitted_files_are_commented_out_and_the_rest_kept() -> None:
    out = without_sibling_imports(SOURCE, {"backprop"})
    lines = out.splitlines()
    assert "import math" in lines and "import torch" in lines
    assert "# 노트북에서는 위의 셀에서 이미 정의했으므로 필요 없습니다: from backprop import (linear_forward," in lines
    assert "#                       relu)" in lines
    assert not any(line.startswith(("from backprop", "import backprop")) for line in lines)
    compile(out, "cell", "exec")  # still valid Python
    assert without_sibling_imports(SOURCE, {"other"}) == SOURCE
