"""The benchmark's table, from the JSON report (so a saved report can be printed again)."""
from __future__ import annotations

from typing import Any

_LABELS = {
    "deepgrade_cold": "deepgrade (cold)",
    "deepgrade_warm": "deepgrade (warm)",
    "nbgrader": "nbgrader autograde",
    "limit": "limit (in-process)",
}


def _times(mine: float, other: float | None) -> str:
    if other is None or mine <= 0:
        return "-"
    return f"{other / mine:.1f}x"


def format_table(report: dict[str, Any]) -> str:
    config = report["config"]
    lines = [f"cores: {report['machine']['cores']}  jobs: {config['jobs']}  python {report['machine']['python']}"]
    for name, variant in report["variants"].items():
        kinds = ", ".join(f"{count} {kind}" for kind, count in variant["kinds"].items() if count)
        lines.append("")
        lines.append(f"[{name}] {variant['n']} submissions ({kinds}); median of {variant['runs']} run(s)")
        header = f"{'system':<20} {'wall s':>8} {'s/sub':>8} {'peak MB':>9} {'nbgrader/x':>11} {'x/limit':>8}  scores"
        lines.append(header)
        lines.append("-" * len(header))
        results = variant["systems"]
        nb_wall = results.get("nbgrader", {}).get("wall_s")
        limit_wall = results.get("limit", {}).get("wall_s")
        for system, summary in results.items():
            vs_limit = f"{summary['wall_s'] / limit_wall:.2f}" if limit_wall else "-"
            check = "ok" if summary["score_check"]["ok"] else f"{len(summary['score_check']['mismatches'])} wrong"
            lines.append(
                f"{_LABELS.get(system, system):<20} {summary['wall_s']:>8.2f} {summary['per_submission_s']:>8.3f} "
                f"{summary['peak_rss_mb']:>9.0f} {_times(summary['wall_s'], nb_wall):>11} {vs_limit:>8}  {check}"
            )
    lines.append("")
    lines.append("nbgrader/x: how many times faster than nbgrader; x/limit: wall time over the in-process limit.")
    return "\n".join(lines)
