"""Every grader test has a Korean title: the first line of its docstring.

Students read the title on their page next to the outcome (a hidden test shows nothing else
until the week's reveal point), so it must say in Korean what is checked, without the inputs:
"무작위 입력에서 MoreFourcal이 Fourcal의 연산을 그대로 물려받는지". ``deepgrade validate`` refuses
a test without one, as ``file:line: test: what is wrong``. Read from the source (``ast``), so
a grader that cannot even be imported is still checked.
"""
from __future__ import annotations

import ast
import os
from pathlib import Path
from typing import Iterable, Iterator


def has_hangul(text: str) -> bool:
    """Whether ``text`` holds a Hangul syllable (가-힣) or jamo."""
    return any("\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f"
               for ch in text)


def title_of(function: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """The test's title as the grading plugin reads it: the docstring's first non-empty line."""
    doc = ast.get_docstring(function) or ""
    lines = [line.strip() for line in doc.strip().splitlines()]
    return lines[0] if lines else ""


def _tests(tree: ast.Module) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    functions = (ast.FunctionDef, ast.AsyncFunctionDef)
    for node in tree.body:
        if isinstance(node, functions) and node.name.startswith("test"):
            yield node
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            yield from (n for n in node.body if isinstance(n, functions) and n.name.startswith("test"))


def title_problems(paths: Iterable[Path], *, root: Path) -> list[str]:
    """``file:line: test: …`` for each test in the ``test_*.py`` files under ``paths`` whose title
    is missing or not Korean (paths shown relative to ``root``)."""
    found: list[str] = []
    files = sorted({f for p in paths for f in ([p] if p.is_file() else Path(p).glob("test_*.py"))})
    for path in files:
        shown = os.path.relpath(path, root) if path.resolve().is_relative_to(root.resolve()) else str(path)
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue  # grading the reference names an unreadable grader already
        for test in _tests(tree):
            title = title_of(test)
            if not title:
                found.append(f"{shown}:{test.lineno}: {test.name}: no title (write a Korean docstring whose "
                             "first line says what is checked, without the inputs, e.g. "
                             "\"Fourcal.div가 실수 나눗셈을 하는지\")")
            elif not has_hangul(title):
                found.append(f"{shown}:{test.lineno}: {test.name}: the title {title!r} is not Korean (students read "
                             "it on their page: write the docstring's first line in Korean)")
    return found
