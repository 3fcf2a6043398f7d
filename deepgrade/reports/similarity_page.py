"""The staff-only similarity page of a week (`staff/weekNN/similarity.html`).

Each listed pair shows both submissions side by side (stacked on a phone), the shared code
marked and long stretches of unshared code folded, so a person can judge what is alike. It is
linked from the staff summary only; no student or group page links to it or holds any of it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Mapping, Sequence
from zoneinfo import ZoneInfo

from deepgrade.reports.html import render
from deepgrade.record import WeekRecord

CONTEXT_LINES = 2   # unshared lines kept around the shared code


@dataclass(frozen=True)
class Piece:
    text: str
    shared: bool
    folded: int = 0   # a fold marker standing for this many lines


@dataclass(frozen=True)
class Side:
    id: str
    name: str
    group: str
    share: float
    pieces: tuple[Piece, ...]


def pieces(source: str, spans: Sequence[Sequence[int]]) -> tuple[Piece, ...]:
    """``source`` cut at the shared ``spans``; unshared stretches longer than the context folded."""
    raw: list[Piece] = []
    at = 0
    for start, end in sorted((max(0, int(a)), min(len(source), int(b))) for a, b in spans):
        if start > at:
            raw.append(Piece(source[at:start], False))
        if end > max(start, at):
            raw.append(Piece(source[max(start, at):end], True))
        at = max(at, end)
    if at < len(source):
        raw.append(Piece(source[at:], False))
    out: list[Piece] = []
    for index, piece in enumerate(raw):
        lines = piece.text.split("\n")
        if piece.shared or len(lines) <= 2 * CONTEXT_LINES + 2:
            out.append(piece)
            continue
        keep_head = CONTEXT_LINES if index > 0 else 0                 # after shared code: its context
        keep_tail = CONTEXT_LINES if index < len(raw) - 1 else 0      # before shared code
        # the fold stands on a line of its own: head ends its line, tail starts a new one
        head = "\n".join(lines[:keep_head + 1]) + "\n"
        tail = "\n" + "\n".join(lines[len(lines) - keep_tail - 1:])
        out += [Piece(head, False), Piece("", False, folded=len(lines) - keep_head - keep_tail - 2),
                Piece(tail, False)]
    return tuple(out)


def similarity_page(week: WeekRecord, report: Mapping[str, Any], *, language: str, timezone: ZoneInfo,
                    graded_at: datetime | None) -> str:
    sources = report.get("sources", {})

    def side(student_id: str, share: float, spans: Sequence[Sequence[int]]) -> Side:
        student = week.student(student_id)
        return Side(student_id, student.name if student else student_id, student.group if student else "",
                    share, pieces(str(sources.get(student_id, "")), spans))

    pairs = [(side(p["first"], p["share_first"], p["spans_first"]),
              side(p["second"], p["share_second"], p["spans_second"])) for p in report.get("pairs", ())]
    return render("similarity.html.j2", language=language, timezone=timezone, week=week, pairs=pairs,
                  compared=int(report.get("compared", 0)), graded_at=graded_at)
