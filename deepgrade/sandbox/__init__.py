"""The untrusted side (forked from a torch-loaded zygote) and its trusted client.

    with Zygote() as zygote:
        with Sandbox(spec, zygote) as sb:
            sb.student.Fourcal(4, 2).add()

Names are loaded on first use (PEP 562): the plain-data ``spec`` module is imported by the
configuration, and a warm ``deepgrade grade`` (nothing to grade) must not pay torch's import.
"""
from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "MissingName": "errors", "SandboxCrashed": "errors", "SandboxError": "errors",
    "SandboxTimeout": "errors", "StudentError": "errors",
    "Handle": "handles", "StudentProxy": "handles",
    "Sandbox": "proxy", "UnitReport": "proxy",
    "Limits": "spec", "SandboxSpec": "spec",
    "Zygote": "zygote",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
