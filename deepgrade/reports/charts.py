"""The course lead's progress-over-weeks chart, as inline SVG.

Inline SVG, not a PNG: the browser draws the Korean labels with its own fonts, the chart scales
to a phone's width and prints sharp, and the page stays one self-contained file. Every number
placed in the markup is a float we computed; every label is escaped.
"""
from __future__ import annotations

from typing import Sequence

from markupsafe import Markup, escape

from deepgrade.reports.progress import WeekTrend

_HEIGHT = 260
_WEEK_WIDTH = 100         # per week: a few weeks make a narrow chart that a phone shows at a readable size
_LEFT, _RIGHT, _TOP, _BOTTOM = 44, 16, 34, 34
_SUBMITTED, _MEAN, _AUDIT = "#1a7f37", "#4c72b0", "#f1f3f5"


def progress_svg(weeks: Sequence[WeekTrend], *, week_label: str, submitted_label: str, mean_label: str,
                 audit_label: str, title: str) -> Markup:
    """Submission rate and mean score (percent of the week's maximum) per graded week.

    ``week_label`` is a format string with ``{week}`` ("{week}주차")."""
    width = min(max(_LEFT + _RIGHT + _WEEK_WIDTH * len(weeks), 420), 1000)
    plot_w, plot_h = width - _LEFT - _RIGHT, _HEIGHT - _TOP - _BOTTOM
    step = plot_w / max(len(weeks), 1)

    def x(i: int) -> float:
        return _LEFT + step * (i + 0.5)

    def y(percent: float) -> float:
        return _TOP + plot_h * (1 - max(0.0, min(percent, 100.0)) / 100)

    parts = [f'<svg class="chart" viewBox="0 0 {width} {_HEIGHT}" style="max-width: {width * 1.25:.0f}px" '
             f'role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" font-size="13" '
             f'font-family="inherit">']
    audit = [i for i, w in enumerate(weeks) if w.in_audit]
    if audit:
        start, end = _LEFT + step * audit[0], _LEFT + step * (audit[-1] + 1)
        parts.append(f'<rect x="{start:.1f}" y="{_TOP}" width="{end - start:.1f}" height="{plot_h}" fill="{_AUDIT}"/>')
        # at the foot of the band: the points (percentages near the top) never sit there
        parts.append(f'<text x="{(start + end) / 2:.1f}" y="{_TOP + plot_h - 8}" text-anchor="middle" '
                     f'fill="#57606a">{escape(audit_label)}</text>')
    for tick in (0, 25, 50, 75, 100):
        parts.append(f'<line x1="{_LEFT}" x2="{width - _RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
                     f'stroke="#d0d7de" stroke-width="1"/>')
        parts.append(f'<text x="{_LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" fill="#57606a">{tick}%</text>')
    for i, week in enumerate(weeks):
        parts.append(f'<text x="{x(i):.1f}" y="{_HEIGHT - _BOTTOM + 18}" text-anchor="middle" fill="#1f2328">'
                     f'{escape(week_label.format(week=week.week))}</text>')
    for color, values in ((_SUBMITTED, [float(w.submission_percent) for w in weeks]),
                          (_MEAN, [w.mean_percent for w in weeks])):
        points = [(x(i), y(v)) for i, v in enumerate(values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2.5"/>')
        for (px, py), value in zip(points, [v for v in values if v is not None]):
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{color}"/>')
            parts.append(f'<text x="{px:.1f}" y="{py - 8:.1f}" text-anchor="middle" fill="{color}" '
                         f'font-size="11">{value:.0f}</text>')
    for offset, (color, label) in enumerate(((_SUBMITTED, submitted_label), (_MEAN, mean_label))):
        lx = _LEFT + offset * 110
        parts.append(f'<rect x="{lx}" y="8" width="14" height="4" fill="{color}"/>')
        parts.append(f'<text x="{lx + 20}" y="14" fill="#1f2328">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
