"""The benchmark's table, from the JSON report (so a saved report can be printed again)."""
from __future__ import annotations

from typing import Any

_LABELS = {
    "deepgrade_cold": "deepgrade (cold)",
    "deepgrade_warm": "deepgrade (warm)",
    "nbgrader": "nbgrader autograde",
    "limit": "limit (in-process)",
}

LEGEND = ("wall: first command started to last one ended; CPU: user + system of every process of the tree "
          "(sandboxes, zygotes, kernels included);\nRSS: peak sum of resident sizes (a forked page counts once per "
          "process); PSS: peak sum of proportional sizes (each shared page divided among its users);\n"
          "x limit: over the in-process limit run with as many processes as deepgrade's --jobs; "
          "nbgrader/x: how many times faster than nbgrader (wall).")


def _ratio(mine: float, other: float | None) -> str:
    return f"{mine / other:.2f}" if other else "-"


def format_table(report: dict[str, Any]) -> str:
    config = report["config"]
    lines = [f"cores: {report['machine']['cores']}  jobs: {config['jobs']} (the limit runs as many processes)  "
             f"python {report['machine']['python']}"]
    for name, variant in report["variants"].items():
        kinds = ", ".join(f"{count} {kind}" for kind, count in variant["kinds"].items() if count)
        lines.append("")
        lines.append(f"[{name}] {variant['n']} submissions ({kinds}); median of {variant['runs']} run(s)")
        header = (f"{'system':<20} {'wall s':>8} {'wall/sub':>9} {'CPU/sub':>8} {'RSS MB':>7} {'PSS MB':>7} "
                  f"{'wall x limit':>12} {'CPU x limit':>11} {'nbgrader/x':>10}  scores")
        lines.append(header)
        lines.append("-" * len(header))
        results = variant["systems"]
        limit = results.get("limit", {})
        nb_wall = results.get("nbgrader", {}).get("wall_s")
        for system, summary in results.items():
            check = "ok" if summary["score_check"]["ok"] else f"{len(summary['score_check']['mismatches'])} wrong"
            faster = f"{nb_wall / summary['wall_s']:.1f}x" if nb_wall and summary["wall_s"] > 0 else "-"
            lines.append(
                f"{_LABELS.get(system, system):<20} {summary['wall_s']:>8.2f} {summary['per_submission_s']:>9.3f} "
                f"{summary['per_submission_cpu_s']:>8.3f} {summary['peak_rss_mb']:>7.0f} {summary['peak_pss_mb']:>7.0f} "
                f"{_ratio(summary['wall_s'], limit.get('wall_s')):>12} {_ratio(summary['cpu_s'], limit.get('cpu_s')):>11} "
                f"{faster:>10}  {check}"
            )
    lines.append("")
    lines.append(LEGEND)
    return "\n".join(lines)
