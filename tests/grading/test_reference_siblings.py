"""The reference solution's files may import each other by their plain names (``mlp.py`` does
``from backprop import ...``), and no plain name is left in ``sys.modules`` afterwards."""
from __future__ import annotations

import sys
from pathlib import Path

from deepgrade.grading.reference import load_reference


def test_one_reference_file_imports_another_and_leaves_no_plain_name(tmp_path: Path) -> None:
    (tmp_path / "mlp.py").write_text("from backprop import double\n\ndef quadruple(x):\n    return double(double(x))\n")
    (tmp_path / "backprop.py").write_text("def double(x):\n    return 2 * x\n")
    reference = load_reference(str(tmp_path))
    assert reference.quadruple(3) == 12 and reference.double(3) == 6
    assert "backprop" not in sys.modules and "mlp" not in sys.modules
    assert reference.modules["mlp"].double is reference.modules["backprop"].double
