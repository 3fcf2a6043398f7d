"""The untrusted side (forked from a torch-loaded zygote) and its trusted client.

    with Zygote() as zygote:
        with Sandbox(spec, zygote) as sb:
            sb.student.Fourcal(4, 2).add()
"""
from deepgrade.sandbox.errors import (MissingName, SandboxCrashed, SandboxError, SandboxTimeout,
                                      StudentError)
from deepgrade.sandbox.handles import Handle, StudentProxy
from deepgrade.sandbox.proxy import Sandbox, UnitReport
from deepgrade.sandbox.spec import Limits, SandboxSpec
from deepgrade.sandbox.zygote import Zygote

__all__ = ["Handle", "Limits", "MissingName", "Sandbox", "SandboxCrashed", "SandboxError",
           "SandboxSpec", "SandboxTimeout", "StudentError", "StudentProxy", "UnitReport", "Zygote"]
