"""Pairs of submissions whose code is unusually alike (a staff-only look for the 우수자 choice).

The detector is copydetect's (winnowing over k-grams of tokenised code, the approach MOSS made
standard): names, strings and comments are folded away by its tokeniser, so renaming variables
hides nothing, and fingerprints are order-free, so reordering functions hides nothing either.
Two kinds of shared code are expected and never count: the stub's own code (the skeleton every
student starts from), and fragments that many submissions share (the obvious way to write a
line, as MOSS ignores passages found in more than a few programs). A pair is listed when at
least ``PAIR_SHARE`` of one submission's remaining code is found in the other, and the shared
part is at least ``MIN_SHARED_TOKENS`` long. This is a pointer for a person to read, never a
verdict: the page shows the shared fragments side by side.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

K = 25                    # fingerprint length, in characters of tokenised code (copydetect's default)
PAIR_SHARE = 0.5          # share of one submission found in the other
MIN_SHARED_TOKENS = 120   # tokenised characters: a few shared statements are not a pair
COMMON_SHARE = 0.2        # a fragment in more than this share of submissions is common knowledge,
COMMON_AT_LEAST = 3       # and always one found in at least this many (small cohorts)


@dataclass(frozen=True)
class SimilarPair:
    first: str                                  # student ids, first < second
    second: str
    share_first: float                          # of first's code (outside stub and common), found in second
    share_second: float
    shared_tokens: int
    spans_first: tuple[tuple[int, int], ...]    # character ranges of the shared code in each source
    spans_second: tuple[tuple[int, int], ...]

    @property
    def share(self) -> float:
        return max(self.share_first, self.share_second)

    def to_dict(self) -> dict[str, Any]:
        return {"first": self.first, "second": self.second, "share_first": self.share_first,
                "share_second": self.share_second, "shared_tokens": self.shared_tokens,
                "spans_first": [list(s) for s in self.spans_first],
                "spans_second": [list(s) for s in self.spans_second]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "SimilarPair":
        return cls(str(data["first"]), str(data["second"]), float(data["share_first"]),
                   float(data["share_second"]), int(data["shared_tokens"]),
                   tuple((int(a), int(b)) for a, b in data["spans_first"]),
                   tuple((int(a), int(b)) for a, b in data["spans_second"]))


@dataclass(frozen=True)
class SimilarityReport:
    compared: int                               # submissions compared
    pairs: tuple[SimilarPair, ...]              # most alike first
    sources: Mapping[str, str]                  # student id -> the code compared (only those in a pair)

    def to_dict(self) -> dict[str, Any]:
        return {"compared": self.compared, "pairs": [p.to_dict() for p in self.pairs],
                "sources": dict(self.sources)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "SimilarityReport":
        return cls(int(data.get("compared", 0)), tuple(SimilarPair.from_dict(p) for p in data.get("pairs", ())),
                   {str(k): str(v) for k, v in dict(data.get("sources", {})).items()})


@dataclass(frozen=True)
class _Prints:
    source: str
    filtered: str
    offsets: np.ndarray                         # copydetect's map from tokenised to source positions
    index: dict[int, list[int]]                 # fingerprint -> positions in the tokenised code


def code_text(files: Mapping[str, bytes], assignment: Any = None) -> str:
    """A submission's code as one text: its modules, or its notebook's code cells, in order."""
    from deepgrade.submission.loader import load_units

    units = load_units(files, assignment).units
    return "\n".join(f"# ---- {unit.filename} ----\n{unit.source}" for unit in units)


def _prints(source: str) -> _Prints:
    from copydetect.utils import filter_code, get_document_fingerprints

    filtered, offsets = filter_code(source, "submission.py", "python")
    _, index = get_document_fingerprints(filtered, K, 1)  # window 1: every k-gram, the same on every run
    return _Prints(source, filtered, offsets, {int(h): [int(i) for i in at] for h, at in index.items()})


def _spans(positions: Sequence[int], prints: _Prints) -> tuple[tuple[int, int], ...]:
    """Shared k-gram positions -> merged character ranges of the original source."""
    from copydetect.utils import get_copied_slices

    slices = get_copied_slices(np.array(sorted(positions), dtype=int), K)
    if slices.size == 0:
        return ()
    if len(prints.offsets):
        # copydetect's offsets: characters the tokeniser removed before each tokenised position
        at = np.clip(np.searchsorted(prints.offsets[:, 0], slices), 0, prints.offsets.shape[0] - 1)
        slices = slices + prints.offsets[:, 1][at]
    return tuple((int(a), int(b)) for a, b in zip(slices[0], slices[1]))


def _coverage(index: Mapping[int, list[int]], length: int) -> int:
    covered = np.zeros(length + K, dtype=bool)
    for positions in index.values():
        for start in positions:
            covered[start:start + K] = True
    return int(covered[:length].sum())


def find_similar(submissions: Mapping[str, str], stub: str = "") -> SimilarityReport:
    """Compare every pair of ``submissions`` (student id -> code text); ``stub`` is ignored."""
    prints = {sid: _prints(text) for sid, text in sorted(submissions.items()) if text.strip()}
    ignored = set(_prints(stub).index) if stub.strip() else set()
    seen_in = Counter(h for p in prints.values() for h in p.index)
    common_from = max(COMMON_AT_LEAST, COMMON_SHARE * len(prints))
    ignored |= {h for h, n in seen_in.items() if n >= common_from}
    own = {sid: {h: at for h, at in p.index.items() if h not in ignored} for sid, p in prints.items()}
    coverage = {sid: _coverage(index, len(prints[sid].filtered)) for sid, index in own.items()}
    pairs = []
    ids = sorted(own)
    for i, first in enumerate(ids):
        for second in ids[i + 1:]:
            shared = own[first].keys() & own[second].keys()
            if not shared:
                continue
            spans_first = _spans([at for h in shared for at in own[first][h]], prints[first])
            spans_second = _spans([at for h in shared for at in own[second][h]], prints[second])
            tokens_first = _coverage({h: own[first][h] for h in shared}, len(prints[first].filtered))
            tokens_second = _coverage({h: own[second][h] for h in shared}, len(prints[second].filtered))
            pair = SimilarPair(first, second,
                               round(tokens_first / coverage[first], 4) if coverage[first] else 0.0,
                               round(tokens_second / coverage[second], 4) if coverage[second] else 0.0,
                               min(tokens_first, tokens_second), spans_first, spans_second)
            if pair.share >= PAIR_SHARE and pair.shared_tokens >= MIN_SHARED_TOKENS:
                pairs.append(pair)
    pairs.sort(key=lambda p: (-p.share, p.first, p.second))
    flagged = {sid for p in pairs for sid in (p.first, p.second)}
    return SimilarityReport(len(prints), tuple(pairs), {sid: prints[sid].source for sid in sorted(flagged)})
