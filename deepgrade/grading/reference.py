"""The reference solution, imported on the trusted side under private module names.

Each ``solutions/weekNN/<stem>.py`` becomes ``_deepgrade_reference_<token>.<stem>``; the
student's module names (``fourcal``) are never left bound in ``sys.modules`` by us, so nothing
student-shaped can be found there (only while the files load, so that one file of the
solution can import another by its plain name). The runner's ``sys.modules`` snapshot removes these
private modules when the run ends.
"""
from __future__ import annotations

import hashlib
import importlib.abc
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
    paths = {path.stem: path for path in sorted(root.glob("*.py"))
             if path.name not in _SKIP and not path.name.startswith("test_")}
    modules: dict[str, types.ModuleType] = {}

    def load(stem: str) -> types.ModuleType:
        if stem not in modules:
            name = f"{package_name}.{stem}"
            spec = importlib.util.spec_from_file_location(name, paths[stem])
            if spec is None or spec.loader is None:
                raise ImportError(f"cannot load the reference file {paths[stem]}")
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module  # dataclasses and pickling look a class's module up here
            modules[stem] = module      # before running it: a circular import finds it half-made
            spec.loader.exec_module(module)
        return modules[stem]

    finder = _SiblingFinder(paths, load)
    sys.meta_path.insert(0, finder)
    try:
        for stem in paths:
            load(stem)
    finally:
        sys.meta_path.remove(finder)
        for stem in paths:  # the plain names were only for the imports between the files
            if sys.modules.get(stem) is modules.get(stem):
                del sys.modules[stem]
    return ReferenceNamespace(dict(sorted(modules.items())))


class _SiblingFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """While the reference loads: ``from backprop import x`` in ``mlp.py`` gets the private
    reference module ``backprop``, as the student's files import each other."""

    def __init__(self, paths: dict[str, Path], load: Any) -> None:
        self.paths = paths
        self.load = load

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if path is not None or fullname not in self.paths:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec: Any) -> types.ModuleType:
        return self.load(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        return None  # already run by load()
