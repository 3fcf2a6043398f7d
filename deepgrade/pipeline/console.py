"""What a grade run tells the TA on the console: the progress label, the final table and the
list of what needs attention (missing, errored, late, unmatched files, warnings)."""
from __future__ import annotations

from typing import Any

from deepgrade.messages import say
from deepgrade.pipeline.summary import RunSummary, WeekCounts
from deepgrade.record import WeekRecord


def make_console(console: Any) -> Any:
    if console is not None:
        return console
    from rich.console import Console

    return Console(highlight=False)


def language_of(course: Any) -> str:
    return getattr(course, "language", "ko")


def progress_label(assignment_id: str, counts: WeekCounts, language: str = "ko") -> str:
    return say(language, "console.progress", assignment=assignment_id, graded=counts.graded, cached=counts.cached,
               failed=counts.failed)


def final_table(summary: RunSummary, course: Any) -> Any:
    from rich.table import Table

    language = language_of(course)
    table = Table(title=say(language, "console.table_title"))
    for column in ("week", "students", "graded", "cached", "failed", "missing", "late", "unmatched", "ambiguous"):
        table.add_column(say(language, f"console.col.{column}"), justify="right")
    for w in summary.weeks:
        table.add_row(f"week{w.week:02d}", *(str(v) for v in (w.students, w.graded, w.cached, w.failed,
                                                               w.missing, w.late, w.unmatched, w.ambiguous)))
    return table


def print_attention(records: WeekRecord, console: Any, language: str, limit: int = 12) -> None:
    """What a TA must look at after the run: who is missing or errored, files matching no
    student, and sandbox layers that could not be applied (said once per week)."""
    from rich.markup import escape

    def listing(label: str, items: list[str]) -> None:
        if items:
            shown = ", ".join(items[:limit]) + (f" … (+{len(items) - limit})" if len(items) > limit else "")
            console.print(f"[yellow]week{records.week:02d} {label}:[/] {escape(shown)}")

    by_status: dict[str, list[str]] = {}
    for student in records.students:
        by_status.setdefault(student.status, []).append(f"{student.name} ({student.id})")
    for status in ("missing", "error", "late"):
        listing(say(language, f"console.{status}"), by_status.get(status, []))
    listing(say(language, "console.unmatched"), list(records.unmatched))
    listing(say(language, "console.ambiguous"), [f"{a.path} → {'/'.join(a.candidates)}" for a in records.ambiguous])
    # Why they errored, each distinct reason once: a grader bug fails the whole week alike.
    reasons: dict[str, list[str]] = {}
    for student in records.students:
        error = student.error_text
        if student.status == "error" and error:
            lines = [line.strip() for line in error.strip().splitlines() if line.strip()]
            reasons.setdefault(" ".join(lines[:3])[:400], []).append(student.id)
    for reason, ids in list(reasons.items())[:5]:
        who = say(language, "console.n_students", n=len(ids))
        console.print(f"[red]week{records.week:02d} {say(language, 'console.error_reason')} ({who}):[/] {escape(reason)}")
    for warning in records.isolation_warnings:
        console.print(f"[red]{say(language, 'console.isolation_warning')}:[/] {escape(warning)}")
    for problem in records.collect_problems:
        console.print(f"[yellow]{escape(problem)}[/]")
    print_override_warnings(records, console, language)


def print_override_warnings(records: WeekRecord, console: Any, language: str) -> None:
    from rich.markup import escape

    for warning in records.override_warnings:
        console.print(f"[yellow]{say(language, 'console.override_warning')}:[/] {escape(warning)}")


def print_isolation(probe: Any, console: Any, language: str) -> None:
    """Once per run: how student code was isolated, and which hard memory limit applied."""
    if probe is None:
        return
    from rich.markup import escape

    if probe.missing:
        console.print(f"[red]{say(language, 'console.unisolated')}:[/] {escape('; '.join(probe.missing))}")
    else:
        console.print(say(language, "console.isolated"))
    console.print(escape(probe.memory))
