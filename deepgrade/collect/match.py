"""Who does an inbox path belong to? Match roster ids and names anywhere in the path.

Rules (documented in docs/grading-rules.md):

- Text is compared in Unicode NFC (macOS/Drive may hand us NFD Hangul) and case-folded.
- An id matches only as a whole token (`week1-20231234.zip`, not `120231234`).
- A name matches as a substring once spaces, `_`, `-` and `.` are ignored; a name found only
  inside a longer roster name (`김민` inside `김민준`) does not count.
- One student found -> theirs. Several students (a file naming two people, or a name two
  students share with no id to settle it) -> ambiguous, never guessed. None -> unmatched.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Protocol, Sequence

_SEPARATORS = re.compile(r"[\s_\-.]+")


class RosterEntry(Protocol):
    id: str
    name: str


def normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _compact(text: str) -> str:
    return _SEPARATORS.sub("", normalise(text))


@dataclass(frozen=True)
class Match:
    student_ids: tuple[str, ...]   # empty: unmatched; one: matched; several: ambiguous
    reason: str = ""

    @property
    def owner(self) -> str | None:
        return self.student_ids[0] if len(self.student_ids) == 1 else None

    @property
    def ambiguous(self) -> bool:
        return len(self.student_ids) > 1


class RosterMatcher:
    """Built once per run from the whole roster (staff and dropped included, so their files
    are recognised rather than reported as unmatched)."""

    def __init__(self, roster: Iterable[RosterEntry]):
        self._ids: dict[str, str] = {}                 # normalised id -> id
        self._names: dict[str, list[str]] = {}         # compact name -> ids sharing it
        for student in roster:
            self._ids[normalise(student.id)] = student.id
            compact = _compact(student.name)
            if compact:
                self._names.setdefault(compact, []).append(student.id)
        # Longest names first, so a longer name's span can hide a shorter one inside it.
        self._name_order = sorted(self._names, key=len, reverse=True)
        self._id_patterns = {
            key: re.compile(rf"(?<![0-9a-z]){re.escape(key)}(?![0-9a-z])") for key in self._ids
        }

    def _ids_in(self, text: str) -> set[str]:
        lowered = normalise(text)
        return {self._ids[key] for key, pattern in self._id_patterns.items() if pattern.search(lowered)}

    def _names_in(self, text: str) -> list[str]:
        """Compact names found in `text`, ignoring those only inside a longer found name."""
        compact = _compact(text)
        taken: list[tuple[int, int]] = []
        found: list[str] = []
        for name in self._name_order:
            start = compact.find(name)
            hit = False
            while start != -1:
                end = start + len(name)
                if not any(s <= start and end <= e for s, e in taken):
                    taken.append((start, end))
                    hit = True
                start = compact.find(name, start + 1)
            if hit:
                found.append(name)
        return found

    def match_text(self, text: str) -> Match:
        return self.match_parts((text,))

    def match_parts(self, parts: Sequence[str]) -> Match:
        ids: set[str] = set()
        name_groups: list[tuple[str, set[str]]] = []
        for part in parts:
            ids |= self._ids_in(part)
            name_groups += [(name, set(self._names[name])) for name in self._names_in(part)]
        if len(ids) > 1:
            return Match(tuple(sorted(ids)), "여러 학생의 학번이 들어 있습니다")
        if ids:
            (owner,) = ids
            others = {sid for _, group in name_groups if owner not in group for sid in group}
            if others:
                return Match(tuple(sorted({owner} | others)), "학번과 다른 학생의 이름이 함께 들어 있습니다")
            return Match((owner,))
        candidates = {sid for _, group in name_groups for sid in group}
        if len(candidates) > 1:
            distinct_names = {name for name, _ in name_groups}
            reason = ("같은 이름의 학생이 여럿입니다 (학번으로 구분 필요)" if len(distinct_names) == 1
                      else "여러 학생의 이름이 들어 있습니다")
            return Match(tuple(sorted(candidates)), reason)
        return Match(tuple(candidates))
