"""The grading helper that ships to students with the public tests: the same file, unchanged.

Public tests compare values with ``deepgrade.grading.compare.assert_matches``. A student runs
them where deepgrade is not installed (``python -m pytest tests`` in the release folder, the
notebook's self-check cells in Colab), so the bundle carries ``compare.py`` itself under the
name ``deepgrade_compare`` and each public test falls back to it:

    try:
        from deepgrade.grading.compare import assert_matches
    except ImportError:
        from deepgrade_compare import assert_matches
"""
from __future__ import annotations

from pathlib import Path

SHIPPED_COMPARE_MODULE = "deepgrade_compare"


def compare_module_path() -> Path:
    from deepgrade.grading import compare

    return Path(compare.__file__)


def compare_module_source() -> str:
    return compare_module_path().read_text(encoding="utf-8")
