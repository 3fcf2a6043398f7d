"""GradeJob: one submission's grading, as plain data (what the grading pool sends a worker).

Kept apart from the runner, which imports pytest and torch: the process that builds jobs and
hands them to the pool never runs a test, and would pay seconds for torch's import.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from deepgrade.grading.scoring import ProblemSpec
from deepgrade.sandbox.shared.spec import SandboxSpec

Backend = Literal["sandbox", "inprocess"]


@dataclass(frozen=True)
class GradeJob:
    assignment: str                      # "week01"
    test_paths: tuple[str, ...]          # public tests + hidden graders (files or folders)
    reference_dir: str | None            # solutions/week01 (None for a student's self-check)
    spec: SandboxSpec
    problems: tuple[ProblemSpec, ...]    # id, title, points
    seed: int                            # per submission (e.g. from the content hash)
    default_visibility: str = "hidden"
    language: str = "ko"
    notes: tuple[str, ...] = ()          # from load_units (missing files...), passed through
    # problem ids for test_<id>_<more>.py file names when ``problems`` is left empty (validate
    # scores undeclared problems too, but must read file names exactly as grading does)
    known_problems: tuple[str, ...] = ()
    name_case: str = "note"              # assignment.yml names.case: exact | note | deduct
    name_deduction: float = 0.0          # names.deduction: points off per name (deduct only)
