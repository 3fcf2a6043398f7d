"""Text that came from students or their files, made safe to show and to store.

A file name, a zip member's name, an exception message or a student's printed output can
hold terminal control sequences (ESC: clear the screen, print a fake summary line, hide the
lines after it), bidirectional-override characters (text that reads differently than it is
stored) and lone surrogates (no UTF-8 file, JSON report or SQLite text can hold them). Each
is written as a visible escape (``\\x1b``, ``\\u202e``, ``\\udcff``); newline and tab stay.
Applied once, where a week's record is stored, so the console, results.json, CSV and HTML all
show the same escaped text.
"""
from __future__ import annotations

import re
from typing import Any

# C0 controls but tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates,
# lone surrogates
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(text: str) -> str:
    """``text`` with every unsafe character written as a visible escape."""
    return _UNSAFE.sub(_escape, text)


def safe_data(value: Any) -> Any:
    """``safe_text`` over every string of plain data (dict keys too); other values as they are."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, dict):
        return {safe_data(k): safe_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(safe_data(v) for v in value)
    return value
