"""The score histogram as PNG bytes (matplotlib, Agg, no pyplot global state).

Korean axis labels need a CJK font. An installed one is used first; else the NanumGothic file
that the `koreanize-matplotlib` wheel carries (a dependency, so `pip install` is the only setup
step: the package itself is never imported, it would change matplotlib's global settings).
Without any, matplotlib would draw tofu boxes, so the labels fall back to English.
"""
from __future__ import annotations

import io
from functools import lru_cache
from typing import TYPE_CHECKING, Mapping, Sequence

from deepgrade.messages import say

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Families that carry Hangul, most common first (Linux, macOS, Windows).
_CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "NanumBarunGothic", "Source Han Sans KR",
    "Malgun Gothic", "AppleGothic", "Apple SD Gothic Neo", "UnDotum", "Baekmuk Gulim",
)


@lru_cache(maxsize=1)
def korean_font_family() -> str | None:
    """The first installed font family that can draw Hangul, or None."""
    from matplotlib import font_manager

    def known() -> str | None:
        installed = {font.name for font in font_manager.fontManager.ttflist}
        return next((family for family in _CJK_FAMILIES if family in installed), None)

    if known() is None:
        # matplotlib's font cache predates fonts installed later (apt-get install fonts-nanum):
        # register matching system font files instead of asking users to delete the cache.
        for path in (*_bundled_fonts(), *font_manager.findSystemFonts()):
            name = path.rsplit("/", 1)[-1].lower()
            if name.startswith(("nanumgothic", "notosanscjk", "notosanskr", "malgun", "applegothic")):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue  # an unreadable font file: try the next one
    return known()


def _bundled_fonts() -> list[str]:
    """NanumGothic from the koreanize-matplotlib wheel, found without importing the package."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("koreanize_matplotlib")
    locations = list(spec.submodule_search_locations or ()) if spec else []
    return [str(path) for folder in locations for path in sorted(Path(folder, "fonts").glob("NanumGothic.ttf"))]


def histogram_png(scores: Sequence[float], max_points: float, *, language: str = "ko",
                  title: str = "", metadata: Mapping[str, str] | None = None) -> bytes:
    """A bar chart of scores in ten bins from 0 to max_points, as PNG bytes (``metadata``: more
    PNG text fields, e.g. the key of its inputs: reports/histogram_reuse.py)."""
    figure = histogram_figure(scores, max_points, language=language, title=title)
    buffer = io.BytesIO()
    # metadata without Software/timestamps: same scores give the same bytes (no needless Drive syncs).
    figure.savefig(buffer, format="png", metadata={"Software": None, **(metadata or {})})
    return buffer.getvalue()


def histogram_figure(scores: Sequence[float], max_points: float, *, language: str = "ko",
                     title: str = "") -> "Figure":
    """The histogram as a matplotlib Figure (Agg canvas attached)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    family = korean_font_family()
    korean = language == "ko" and family is not None
    # Korean labels need the bundled Korean font; without it the labels are English
    shown = "ko" if korean else "en"
    xlabel, ylabel = say(shown, "console.hist.x"), say(shown, "console.hist.y")
    if not korean:
        title = title if title.isascii() else ""

    top = max_points if max_points > 0 else max(scores, default=1.0) or 1.0
    edges = [top * i / 10 for i in range(11)]
    figure = Figure(figsize=(6.4, 3.4), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    # Clamp so over-max (bonus/override) and negative scores land in the end bins.
    clamped = [min(max(float(s), 0.0), top) for s in scores]
    axes.hist(clamped, bins=edges, color="#4c72b0", edgecolor="white")
    axes.set_xlim(0, top)
    axes.set_xticks(edges, [f"{edge:g}" for edge in edges])  # the bins' own edges, not 2.5, 7.5, …
    axes.set_xlabel(xlabel, family=family) if korean else axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel, family=family) if korean else axes.set_ylabel(ylabel)
    axes.yaxis.get_major_locator().set_params(integer=True)
    if not clamped:
        # Nobody graded: matplotlib would draw a -0.04..0.04 count axis; say so instead.
        axes.set_ylim(0, 1)
        empty = say(shown, "console.hist.empty")
        axes.text(0.5, 0.5, empty, transform=axes.transAxes, ha="center", va="center", color="#57606a",
                  **({"family": family} if korean else {}))
    if title:
        axes.set_title(title, family=family) if korean else axes.set_title(title)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure
