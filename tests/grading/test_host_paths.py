"""Host paths of the Python installation are shortened in what a student reads (issue 10, item 10)."""
from __future__ import annotations

import json
import sysconfig
from pathlib import Path
from typing import Any

import pytest
import torch

from deepgrade.grading.outcomes import shorten_paths
from deepgrade.grading.runner import grade_submission


def test_installation_paths_become_python() -> None:
    torch_file = str(Path(torch.__file__).resolve())
    shown = shorten_paths(f'File "{torch_file}", line 1 and {json.__file__}')
    assert shown == 'File "<python>/torch/__init__.py", line 1 and <python>/json/__init__.py'
    assert shorten_paths("fourcal.py:12 in add") == "fourcal.py:12 in add"
    assert sysconfig.get_paths()["stdlib"] not in shorten_paths(sysconfig.get_paths()["stdlib"] + "/os.py")


PRINTS_PATHS = b"""import torch

print("torch from", torch.__file__)


def add(a, b):
    open(torch.__file__ + ".missing")


def mul(a, b):
    return a * b


def double(x):
    return x * 2
"""


@pytest.mark.slow
def test_output_and_messages_show_short_paths(assignment: Path, make_job: Any) -> None:
    result = grade_submission(make_job(assignment, {"calc.py": PRINTS_PATHS}), backend="sandbox")
    assert result.error is None, result.error
    assert "torch from <python>/torch/__init__.py" in result.output
    (add,) = [t for t in result.tests() if t.name == "test_add"]
    assert "<python>/torch/__init__.py.missing" in add.message
    assert "site-packages" not in result.output + add.message
