"""The sandbox: student code in forked, isolated processes, and the trusted client that drives them.

    with Zygote() as zygote:
        with Sandbox(spec, zygote) as sb:
            sb.student.Fourcal(4, 2).add()

The layout says which side each module runs on (docs/architecture.md, "Sandbox"):

- ``inside/``: runs in the zygote and the processes it forks (outer, init, worker), with
  student code in the same process. Nothing there is trusted, and nothing there imports
  ``client/`` (tests/test_layers.py holds it to that).
- ``client/``: the trusted side, in the grader's process: ``Sandbox``, Handles, the zygote's
  client, the watchdog, cgroup, uid slots, the refusal message, the exceptions.
- ``shared/``: what both sides read: the wire format, the reply pickle's shape check, the plain
  data describing a sandbox (``SandboxSpec``, ``Limits``) and its isolation (``IsolationConfig``).

This package is also the course-authoring surface: graders write
``from deepgrade.sandbox import remote, Handle, call_watched, SandboxCrashed, ...``.
Names are loaded on first use (PEP 562): the plain-data ``shared.spec`` module is imported by
the configuration, and a warm ``deepgrade grade`` (nothing to grade) must not pay torch's import.
"""
from __future__ import annotations

import importlib
from typing import Any

# name -> the module (relative to this package) that defines it
_WHERE = {
    "MissingName": "client.errors", "SandboxCrashed": "client.errors", "SandboxError": "client.errors",
    "SandboxSetupError": "client.errors", "SandboxTimeout": "client.errors", "StudentError": "client.errors",
    "Handle": "client.handles", "StudentProxy": "client.handles",
    "Sandbox": "client.proxy", "UnitReport": "client.proxy",
    "Zygote": "client.zygote",
    "Limits": "shared.spec", "SandboxSpec": "shared.spec",
    "call_watched": "inside.watch",
}
# modules graders use by name: ``from deepgrade.sandbox import remote``
_MODULES = {"remote": "client.remote"}

__all__ = sorted([*_WHERE, *_MODULES])


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return importlib.import_module(f"{__name__}.{_MODULES[name]}")
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
