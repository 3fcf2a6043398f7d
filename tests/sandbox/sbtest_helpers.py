"""Helpers shared by the sandbox tests: small CodeUnits and specs built in the test."""
from __future__ import annotations

import textwrap

from deepgrade.sandbox import Limits, SandboxSpec
from deepgrade.submission.units import CodeUnit


def unit(name: str, source: str, kind: str = "module") -> CodeUnit:
    filename = f"{name}.py" if kind == "module" else f"week01.ipynb ({name})"
    return CodeUnit(name, filename, textwrap.dedent(source), kind)  # type: ignore[arg-type]


def spec(*units: CodeUnit, limits: Limits | None = None, **kwargs: object) -> SandboxSpec:
    return SandboxSpec(units=tuple(units), limits=limits or Limits(test_timeout_s=5, import_timeout_s=10),
                       language=str(kwargs.pop("language", "en")), **kwargs)  # type: ignore[arg-type]
