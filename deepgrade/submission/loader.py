"""A submission's files (name -> bytes) turned into the code units the sandbox runs.

``.py`` files become module units named after their stem; ``.ipynb`` files go to the
notebook reader (imported lazily: most submissions are plain ``.py``). A file that cannot be
read becomes an *error unit*: a unit whose only statement raises a clear exception, so the
sandbox's import report names the file and the problem, while the other files still grade.
"""
from __future__ import annotations

import posixpath
from typing import Any, Mapping, Sequence

from deepgrade.messages import say
from deepgrade.submission.units import CodeUnit, UnitsResult



def _error_unit(name: str, filename: str, message: str) -> CodeUnit:
    # The sandbox reports a unit's import error with its message: the student sees the
    # reason next to the file name, and every other file is still imported and graded.
    return CodeUnit(name=name, filename=filename, source=f"raise ImportError({message!r})\n")


def _expected_names(assignment: Any, expected_files: Sequence[str]) -> list[str]:
    names = [posixpath.basename(n) for n in expected_files]
    for entry in getattr(assignment, "files", None) or ():
        name = getattr(entry, "name", entry)
        if isinstance(name, str) and name not in names:
            names.append(name)
    return names


def _module_unit(filename: str, data: bytes, language: str) -> tuple[CodeUnit, list[str]]:
    base = posixpath.basename(filename)
    stem = base[: -len(".py")]
    notes: list[str] = []
    if not stem.isidentifier():
        message = say(language, "loader.bad_name", name=base, expected="fourcal.py")
        return _error_unit(stem, base, message), [message]
    try:
        source = data.decode("utf-8-sig")  # also strips a BOM (Windows Notepad saves one)
    except UnicodeDecodeError as exc:
        message = say(language, "loader.not_utf8", name=base, pos=exc.start)
        return _error_unit(stem, base, message), [message]
    if not source.strip():
        notes.append(say(language, "loader.empty", name=base))
    return CodeUnit(name=stem, filename=base, source=source, kind="module"), notes


def _notebook_units(filename: str, data: bytes, language: str) -> UnitsResult:
    try:
        from deepgrade.submission.notebook import notebook_units
    except ImportError:
        message = say(language, "loader.no_notebook_reader", name=posixpath.basename(filename))
        return UnitsResult(units=(), notes=(message,), problems=(message,))
    return notebook_units(data, posixpath.basename(filename))


def load_units(
    files: Mapping[str, bytes],
    assignment: Any = None,
    *,
    expected_files: Sequence[str] = (),
    language: str = "ko",
) -> UnitsResult:
    """Turn submitted files into code units: expected files first, then the rest by name.

    ``assignment`` is an ``AssignmentConfig`` (its ``files[].name`` and ``notebook`` are read);
    ``expected_files`` adds names for callers without one (a student's self-check).
    """
    expected = _expected_names(assignment, expected_files)
    by_base: dict[str, str] = {}
    for path in sorted(files):
        by_base.setdefault(posixpath.basename(path.replace("\\", "/")), path)
    order = [by_base[n] for n in expected if n in by_base]
    order += [p for p in sorted(files) if p not in order]

    units: list[CodeUnit] = []
    notes: list[str] = []
    problems: list[str] = []
    seen_modules: dict[str, str] = {}
    saw_notebook = False
    for path in order:
        base = posixpath.basename(path.replace("\\", "/"))
        if base.endswith(".py"):
            unit, unit_notes = _module_unit(base, files[path], language)
            if unit.name in seen_modules:
                problems.append(say(language, "loader.duplicate", name=path, other=seen_modules[unit.name]))
                continue
            seen_modules[unit.name] = path
            units.append(unit)
            notes += unit_notes
        elif base.endswith(".ipynb"):
            saw_notebook = True
            result = _notebook_units(path, files[path], language)
            units += result.units
            notes += result.notes
            problems += result.problems
        else:
            problems.append(say(language, "loader.ignored", name=path))

    if not saw_notebook:  # a notebook replaces the .py files: nothing is missing then
        submitted = {posixpath.basename(p.replace("\\", "/")) for p in files}
        notes += [say(language, "loader.missing", name=n) for n in expected if n not in submitted]
    return UnitsResult(units=tuple(units), notes=tuple(notes), problems=tuple(problems))
