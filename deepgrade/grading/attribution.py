"""What one test's record points at: the student's ``file:line`` to look at, and its part of the output.

The location is what a student's "고칠 것" list shows next to a failed test: the line of their
own code where an exception was raised (the last frame of their files), the line where their
file's import stopped, or else where the class or function the test asked for is defined.
"""
from __future__ import annotations

import re
import traceback
from typing import Any, Callable, Iterable

from deepgrade.submission.names import definition_lines

_FRAME = re.compile(r"^\s*(.+?):(\d+) in ")
_CAPPED_TAIL = re.compile(r"\n\[… \d+ bytes more\]$")
_METHOD_CALL = re.compile(r"\b([A-Za-z_]\w*)\([^()]*\)\.([A-Za-z_]\w*)\(")


def output_mark(session: Any) -> int:
    """How many characters of the sandbox's output exist so far (the cap's note not counted)."""
    text = str(getattr(session, "output", "") or "")
    return len(_CAPPED_TAIL.sub("", text))


def _raised_at(exc: BaseException, filenames: set[str]) -> str:
    lines = getattr(exc, "traceback_lines", None)
    if lines:  # a StudentError: "fourcal.py:12 in add: return self.a + b", student frames only
        for line in reversed(lines):
            match = _FRAME.match(str(line))
            if match and match.group(1) in filenames:
                return f"{match.group(1)}:{match.group(2)}"
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in filenames]
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""


def _methods_named(message: str, names: list[str]) -> list[str]:
    """``Fourcal.div`` for a message about ``Fourcal(7, 2).div()``, in the student's spelling of the
    class (a name the test asked for, whatever its letter case)."""
    spelled = {name.lower(): name for name in names}
    found = []
    for owner, method in _METHOD_CALL.findall(message):
        if owner.lower() in spelled:
            found.append(f"{spelled[owner.lower()]}.{method}")
    return found


def student_location(exc: BaseException | None, names_used: Iterable[str], spec: Any, message: str = "") -> str:
    """``fourcal.py:12`` (or ``fourcal.py``), or "" when nothing in the student's files is known.

    An exception: the student's line that raised it (or where the file's import stopped). A
    wrong value: the method the message names (``Fourcal(7, 2).div()``), else the first class or
    function the test asked for."""
    units = tuple(getattr(spec, "units", ()) or ())
    filenames = {u.filename for u in units}
    if exc is not None:
        where = str(getattr(exc, "location", "") or "") or _raised_at(exc, filenames)
        if where:
            return where
    names = list(dict.fromkeys(names_used))
    for name in [*_methods_named(message, names), *names]:
        for unit in units:
            line = definition_lines(unit.source).get(name)
            if line is not None:
                return f"{unit.filename}:{line}"
    return ""


def shorten_sections(text: str, spans: Iterable[tuple[int, int]],
                     shorten: Callable[[str], str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """``text`` with ``shorten`` applied, and ``spans`` moved to where their text now stands
    (each span shortened on its own, so a span's bounds stay on its own characters)."""
    pieces: list[str] = []
    moved: list[tuple[int, int]] = []
    position = length = 0
    for start, end in sorted(spans):
        start, end = max(start, position), min(end, len(text))
        if start >= end:
            continue
        before, inside = shorten(text[position:start]), shorten(text[start:end])
        pieces += [before, inside]
        length += len(before)
        if moved and moved[-1][1] == length:  # touching spans read as one
            moved[-1] = (moved[-1][0], length + len(inside))
        else:
            moved.append((length, length + len(inside)))
        length += len(inside)
        position = end
    pieces.append(shorten(text[position:]))
    return "".join(pieces), tuple(moved)
