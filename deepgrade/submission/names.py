"""Names in a student's code: what a file defines, and which defined name a missing one is a
misspelling of.

A hint must be right or absent: "MoreFourcal is missing; did you mean FourCal?" sends a student
after the wrong class. So a suggestion is a *close spelling* only: the same name in other
letter case, or at most a small number of typed letters away (a letter missing, added, changed
or two swapped: one for a name of up to 9 letters, two beyond). Otherwise the message lists
what the file does define.
"""
from __future__ import annotations

import ast
from typing import Iterable

TOP_LEVEL_KINDS = ("class", "function", "name")


def defined_names(source: str) -> dict[str, str]:
    """name -> kind (class | function | name) for what a module defines at its top level, in
    order; imports count as names. A file that does not parse defines nothing here."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return {}
    names: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names[node.name] = "class"
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names[node.name] = "function"
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for sub in ast.walk(target):
                    if isinstance(sub, ast.Name):
                        names.setdefault(sub.id, "name")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                names.setdefault((alias.asname or alias.name).split(".")[0], "import")
    return names


def definition_lines(source: str) -> dict[str, int]:
    """name -> line of its top-level class or def, and ``Class.method`` -> the method's line (the
    first, when defined twice)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return {}
    lines: dict[str, int] = {}
    functions = (ast.FunctionDef, ast.AsyncFunctionDef)
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, *functions)):
            lines.setdefault(node.name, node.lineno)
        if isinstance(node, ast.ClassDef):
            for member in node.body:
                if isinstance(member, functions):
                    lines.setdefault(f"{node.name}.{member.name}", member.lineno)
    return lines


def definitions(source: str) -> list[str]:
    """The classes, functions and other values a file defines (not its imports or _private names)."""
    return [n for n, kind in defined_names(source).items() if kind != "import" and not n.startswith("_")]


def _edits(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, changes, adjacent swaps."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def case_variant(name: str, names: Iterable[str]) -> str | None:
    """A defined name that differs from ``name`` in letter case only (``FourCal`` for ``Fourcal``)."""
    for other in names:
        if other != name and other.lower() == name.lower():
            return other
    return None


def close_spelling(name: str, names: Iterable[str]) -> str | None:
    """The defined name ``name`` is most likely a misspelling of, or None when none is close."""
    candidates = [n for n in names if n != name]
    variant = case_variant(name, candidates)
    if variant is not None:
        return variant
    allowed = 1 if len(name) <= 9 else 2
    scored = sorted((_edits(name.lower(), other.lower()), other) for other in candidates)
    return scored[0][1] if scored and scored[0][0] <= allowed else None
