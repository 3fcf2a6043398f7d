"""Code units: the plain-data form of what a student wrote."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class CodeUnit:
    """One piece of student code, run in order inside the sandbox.

    ``module`` units become importable modules of their own (``fourcal.py`` -> ``fourcal``);
    ``cell`` units share one notebook namespace, executed top to bottom.
    """

    name: str
    filename: str
    source: str
    kind: Literal["module", "cell"] = "module"


@dataclass(frozen=True)
class UnitsResult:
    units: tuple[CodeUnit, ...]
    notes: tuple[str, ...] = ()      # shown to the student (e.g. "graded top to bottom")
    problems: tuple[str, ...] = ()   # shown to staff (e.g. locked cell edited)
