"""The reference solution, imported on the trusted side under private module names.

Each ``solutions/weekNN/<stem>.py`` becomes ``_deepgrade_reference_<token>.<stem>``; the
student's module names (``fourcal``) are never bound in ``sys.modules`` by us, so nothing
student-shaped can be found there. The runner's ``sys.modules`` snapshot removes these
private modules when the run ends.
"""
from __future__ import annotations

import hashlib
import importlib.util
import sys
import types
from pathlib import Path
from typing import Any

from deepgrade.grading.grader_faults import ReferenceMissing

_SKIP = ("conftest.py", "setup.py")


class ReferenceNamespace:
    """``reference.X``: the names of all reference modules merged (later files win on clashes)."""

    def __init__(self, modules: dict[str, types.ModuleType]):
        merged: dict[str, Any] = {}
        for module in modules.values():
            merged.update({k: v for k, v in vars(module).items() if not k.startswith("_")})
        object.__setattr__(self, "_names", merged)
        object.__setattr__(self, "modules", dict(modules))

    def __getattr__(self, name: str) -> Any:
        try:
            return self._names[name]
        except KeyError:
            # A grader bug, not the student's: the plugin turns it into an engine error.
            raise ReferenceMissing(f"the reference solution defines no {name!r}") from None

    def __dir__(self) -> list[str]:
        return sorted(self._names)


def load_reference(reference_dir: str | None) -> ReferenceNamespace:
    """Import every ``.py`` of ``reference_dir`` (sorted) privately; None -> an empty namespace."""
    if not reference_dir:
        return ReferenceNamespace({})
    root = Path(reference_dir).resolve()
    token = hashlib.sha256(str(root).encode()).hexdigest()[:12]
    package_name = f"_deepgrade_reference_{token}"
    package = types.ModuleType(package_name)
    package.__path__ = []  # a namespace only: never searched for student names
    sys.modules[package_name] = package
    modules: dict[str, types.ModuleType] = {}
    for path in sorted(root.glob("*.py")):
        if path.name in _SKIP or path.name.startswith("test_"):
            continue
        name = f"{package_name}.{path.stem}"
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses and pickling look a class's module up here
        spec.loader.exec_module(module)
        modules[path.stem] = module
    return ReferenceNamespace(modules)
