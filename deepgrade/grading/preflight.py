"""Before a grade run sends any submission: can this machine isolate student code?

One empty sandbox is started on a zygote of the run (no student code in it) and its layer
report read. The run goes on when every required layer was built, or when the TA explicitly
allowed unisolated grading; otherwise it stops before any page is written (``MachineRefused``).
The result also says, once per run, which hard memory limit applies.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from deepgrade.errors import MachineRefused


@dataclass(frozen=True)
class IsolationProbe:
    layers: dict[str, str]      # layer -> "" (applied) or why not
    missing: tuple[str, ...]    # required layers that are missing, with their reasons
    memory: str                 # which hard memory limit applies (or why none), for the console

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(f"{name}: {why}" for name, why in self.layers.items() if why)


def probe_isolation(zygote: Any, *, language: str = "ko") -> IsolationProbe:
    """Start and close one empty sandbox on ``zygote`` and report what isolates it."""
    from deepgrade.sandbox.shared.isolation_config import missing_required
    from deepgrade.sandbox.client.proxy import Sandbox
    from deepgrade.sandbox.shared.spec import SandboxSpec

    with Sandbox(SandboxSpec(units=(), allow_unisolated=True, language=language), zygote) as sandbox:
        layers = dict(sandbox.layers)
    return IsolationProbe(layers=layers, missing=tuple(missing_required(layers)),
                          memory=zygote.backstop.describe(ko=language == "ko"))


def require_isolation(probe: IsolationProbe, *, allow_unisolated: bool) -> None:
    """Raise ``MachineRefused`` (with what to do) unless the probe found every required layer
    or unisolated grading was allowed."""
    if probe.missing and not allow_unisolated:
        from deepgrade.sandbox.client.refusal import unisolated_refusal

        raise MachineRefused(unisolated_refusal(list(probe.missing)))
