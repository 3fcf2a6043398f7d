"""Sandbox side: run student code units and look names up in their namespaces.

Module units become importable modules (only under their own names, through a meta-path
finder: the working directory is never on sys.path, so a submitted ``torch.py`` shadows
nothing). Notebook cells share one ``__main__``-like namespace, as in Jupyter; a ``.py`` file
a cell writes into the working folder (``%%writefile helper.py``) is importable from later
cells, as in Colab, under the same rule (never under a taken name).

Some failures get a Korean hint added to their message (a module the grader lacks, CUDA on
a CPU grader, ``exit()`` in a cell), since the student reads them in their feedback.
"""
from __future__ import annotations

import __future__
import ast
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
        self.stops: dict[int, int] = {}   # unit index -> the top-level line that hung or crashed: not run again
        self.progress: Any = None         # callback(unit index, line) before each top-level statement
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
        if index is None and path is None:
            return self._written_module(fullname)
        if index is None or path is not None or index in self.skipped:
            return None
        unit = self.units[index]
        return importlib.util.spec_from_loader(fullname, self, origin=os.path.join(self.workdir, unit.filename))

    def _written_module(self, fullname: str) -> Any:
        """A notebook cell's ``%%writefile name.py`` in the working folder, as Colab imports it."""
        if not any(u.kind == "cell" for u in self.units) or not fullname.isidentifier():
            return None
        filename = os.path.join(self.workdir, fullname + ".py")
        if fullname in self.importable or not os.path.isfile(filename) or _is_taken(fullname):
            return None
        return importlib.util.spec_from_file_location(fullname, filename)

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
        """Run the unit one top-level statement at a time, saying which one is next (so a unit
        that hangs or kills its process is known to have stopped at that line, and a rerun
        runs the statements before it: the names they define are graded)."""
        unit = self.units[index]
        tree = ast.parse(unit.source, unit.filename)
        flags = _future_flags(tree)
        stop = self.stops.get(index)
        for position, statement in enumerate(tree.body):
            if stop is not None and statement.lineno >= stop:
                return
            if position and _is_bare_string(statement):
                continue  # a string between statements: no effect, and alone it would become __doc__
            if self.progress is not None:
                self.progress(index, statement.lineno)
            code = compile(ast.Module([statement], type_ignores=[]), unit.filename, "exec", flags=flags,
                           dont_inherit=True)
            exec(code, namespace)

    # --------------------------------------------------------- running
    def install(self) -> None:
        sys.meta_path.insert(0, self)
        sys.modules["__main__"] = self.notebook

    def run(self, index: int) -> None:
        """Run one unit; exceptions propagate to the caller (who reports them)."""
        try:
            self._run(index)
        except BaseException as exc:
            explained = _explained(exc, self.units[index].kind)
            if explained is None:
                raise
            raise explained.with_traceback(exc.__traceback__) from None

    def _run(self, index: int) -> None:
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


_NO_MODULE_HINT = ("채점 환경에 없는 모듈입니다 (!pip install은 채점할 때 실행되지 않고, Colab에 따로 올린 "
                   "파일도 없습니다). 같은 셀에서 이 줄 뒤의 코드는 실행되지 않았으니, 채점에 필요한 코드는 "
                   "이 import와 다른 셀에 두세요")
_CUDA_HINT = ("채점 서버에는 GPU가 없습니다. device = torch.device('cuda' if torch.cuda.is_available() "
              "else 'cpu')처럼 GPU가 없을 때도 동작하게 써 주세요")
_EXIT_HINT = ("셀에서 exit()나 sys.exit()를 호출해{code} 이 셀의 나머지는 실행되지 않았습니다. Jupyter처럼 "
              "다음 셀은 계속 실행합니다. 노트북에서는 exit()/sys.exit()를 쓰지 마세요")


def _explained(exc: BaseException, kind: str) -> BaseException | None:
    """The same failure with a Korean hint in its message, or None to report it as it is."""
    if isinstance(exc, SystemExit) and kind == "cell":
        # Jupyter shows SystemExit and keeps the kernel; so do we, as a cell error
        code = exc.code if type(exc.code) in (int, str, type(None)) else "…"
        return RuntimeError(_EXIT_HINT.format(code="" if code is None else f" (종료 코드 {code!r})"))
    if type(exc) is ModuleNotFoundError and isinstance(exc.name, str) and _is_missing(exc.name):
        return ModuleNotFoundError(f"{exc.msg}: {_NO_MODULE_HINT}", name=exc.name)
    if type(exc) in (RuntimeError, AssertionError) and _is_cuda_failure(exc):
        return RuntimeError(f"{str.__str__(str(exc))[:200]}: {_CUDA_HINT}")
    return None


def _future_flags(tree: ast.Module) -> int:
    """The compiler flags of the module's ``from __future__`` imports: each statement is
    compiled alone, and must still see them."""
    flags = 0
    for statement in tree.body:
        if isinstance(statement, ast.ImportFrom) and statement.module == "__future__":
            for alias in statement.names:
                feature = getattr(__future__, alias.name, None)
                flags |= getattr(feature, "compiler_flag", 0)
    return flags


def _is_bare_string(statement: ast.stmt) -> bool:
    return (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str))


def _is_missing(name: str) -> bool:
    top = name.split(".")[0]
    try:
        return top not in sys.modules and importlib.machinery.PathFinder.find_spec(top) is None
    except (ImportError, ValueError):
        return False


def _is_cuda_failure(exc: BaseException) -> bool:
    try:
        text = str.__str__(str(exc))
    except BaseException:  # a student's exception with a hostile __str__: leave it alone
        return False
    return any(marker in text for marker in ("NVIDIA driver", "not compiled with CUDA", "CUDA driver"))
