"""Sandbox side: run student code units and look names up in their namespaces.

Module units become importable modules (only under their own names, through a meta-path
finder: the working directory is never on sys.path, so a submitted ``torch.py`` shadows
nothing). Notebook cells share one ``__main__``-like namespace, as in Jupyter.
"""
from __future__ import annotations

import builtins
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import linecache
import os
import sys
import types
from typing import Any

from deepgrade.submission.units import CodeUnit


def _is_taken(name: str) -> bool:
    """Module names a student unit must not take over (already loaded, stdlib, installed)."""
    top = name.split(".")[0]
    if top in sys.modules or top in getattr(sys, "stdlib_module_names", ()):
        return True
    try:
        return importlib.machinery.PathFinder.find_spec(top) is not None
    except (ImportError, ValueError):
        return False


class StudentUnits(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """The student's units: their code, namespaces and import results, in order."""

    def __init__(self, units: list[CodeUnit], workdir: str) -> None:
        self.units = units
        self.workdir = workdir
        self.namespaces: dict[int, dict[str, Any]] = {}   # unit index -> namespace (cells share one)
        self.notebook = types.ModuleType("__main__")
        self.notebook.__dict__["__builtins__"] = builtins
        self.importable: dict[str, int] = {}
        self.shadowing: set[int] = set()
        self.skipped: set[int] = set()
        self.failed_imports: dict[str, str] = {}
        self.filenames = {u.filename for u in units}
        for index, unit in enumerate(units):
            lines = unit.source.splitlines(keepends=True)
            linecache.cache[unit.filename] = (len(unit.source), None, lines, unit.filename)
            if unit.kind == "module":
                if _is_taken(unit.name):
                    self.shadowing.add(index)
                else:
                    self.importable[unit.name] = index

    # --------------------------------------------------------- import machinery
    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        index = self.importable.get(fullname)
        if index is None or path is not None or index in self.skipped:
            return None
        unit = self.units[index]
        return importlib.util.spec_from_loader(fullname, self, origin=os.path.join(self.workdir, unit.filename))

    def create_module(self, spec: Any) -> Any:
        return None

    def exec_module(self, module: types.ModuleType) -> None:
        index = self.importable[module.__name__]
        if module.__name__ in self.failed_imports:
            raise ImportError(self.failed_imports[module.__name__])
        module.__file__ = os.path.join(self.workdir, self.units[index].filename)
        self.namespaces[index] = module.__dict__   # kept even if the body fails half-way
        self._exec(index, module.__dict__)

    def _exec(self, index: int, namespace: dict[str, Any]) -> None:
        unit = self.units[index]
        code = compile(unit.source, unit.filename, "exec", dont_inherit=True)
        exec(code, namespace)

    # --------------------------------------------------------- running
    def install(self) -> None:
        sys.meta_path.insert(0, self)
        sys.modules["__main__"] = self.notebook

    def run(self, index: int) -> None:
        """Run one unit; exceptions propagate to the caller (who reports them)."""
        unit = self.units[index]
        if unit.kind == "cell":
            self.namespaces[index] = self.notebook.__dict__
            self._exec(index, self.notebook.__dict__)
        elif index in self.shadowing:
            module = types.ModuleType(unit.name)
            module.__file__ = os.path.join(self.workdir, unit.filename)
            self.namespaces[index] = module.__dict__
            self._exec(index, module.__dict__)
        elif unit.name in sys.modules and index in self.namespaces:
            return  # already imported by an earlier unit
        else:
            try:
                importlib.import_module(unit.name)
            except BaseException as exc:
                self.failed_imports[unit.name] = f"{unit.filename} failed at import: {type(exc).__name__}"
                raise

    def ordered_namespaces(self, prefer: str | None) -> list[dict[str, Any]]:
        order = sorted(self.namespaces)
        if prefer is not None:
            order.sort(key=lambda i: 0 if prefer in (self.units[i].name, self.units[i].filename) else 1)
        seen: list[dict[str, Any]] = []
        for index in order:
            namespace = self.namespaces[index]
            if not any(namespace is s for s in seen):
                seen.append(namespace)
        return seen

    def lookup(self, name: str, prefer: str | None) -> tuple[bool, Any]:
        for namespace in self.ordered_namespaces(prefer):
            if dict.__contains__(namespace, name):
                return True, dict.__getitem__(namespace, name)
        return False, None

    def defined_names(self) -> list[str]:
        names: set[str] = set()
        for namespace in self.ordered_namespaces(None):
            names.update(k for k in dict.keys(namespace) if type(k) is str and not k.startswith("__"))
        return sorted(names)
