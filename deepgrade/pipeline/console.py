"""What a grade run tells the TA on the console: the progress label, the final table and the
list of what needs attention (missing, errored, late, unmatched files, warnings)."""
from __future__ import annotations

from typing import Any

from deepgrade.record import WeekRecord
from deepgrade.pipeline.summary import RunSummary, WeekCounts


def make_console(console: Any) -> Any:
    if console is not None:
        return console
    from rich.console import Console

    return Console(highlight=False)


def korean(course: Any) -> bool:
    return getattr(course, "language", "ko") == "ko"


def progress_label(assignment_id: str, counts: WeekCounts) -> str:
    return f"{assignment_id}  graded {counts.graded} · cached {counts.cached} · failed {counts.failed}"


def final_table(summary: RunSummary, course: Any) -> Any:
    from rich.table import Table

    ko = korean(course)
    table = Table(title="채점 결과" if ko else "Grading summary")
    headers = (("주차", "week"), ("학생", "students"), ("채점", "graded"), ("캐시", "cached"),
               ("오류", "failed"), ("미제출", "missing"), ("지각", "late"), ("미확인 파일", "unmatched"),
               ("모호한 파일", "ambiguous"))
    for ko_text, en_text in headers:
        table.add_column(ko_text if ko else en_text, justify="right")
    for w in summary.weeks:
        table.add_row(f"week{w.week:02d}", *(str(v) for v in (w.students, w.graded, w.cached, w.failed,
                                                               w.missing, w.late, w.unmatched, w.ambiguous)))
    return table


def print_attention(records: WeekRecord, console: Any, ko: bool, limit: int = 12) -> None:
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
    listing("미제출" if ko else "missing", by_status.get("missing", []))
    listing("채점 오류" if ko else "error", by_status.get("error", []))
    listing("지각" if ko else "late", by_status.get("late", []))
    listing("학생을 찾지 못한 파일" if ko else "unmatched files", list(records.unmatched))
    listing("여러 학생에 해당하는 파일" if ko else "ambiguous files",
            [f"{a.path} → {'/'.join(a.candidates)}" for a in records.ambiguous])
    # Why they errored, each distinct reason once: a grader bug fails the whole week alike.
    reasons: dict[str, list[str]] = {}
    for student in records.students:
        error = student.error_text
        if student.status == "error" and error:
            lines = [line.strip() for line in error.strip().splitlines() if line.strip()]
            reasons.setdefault(" ".join(lines[:3])[:400], []).append(student.id)
    for reason, ids in list(reasons.items())[:5]:
        who = f"{len(ids)}명" if ko else f"{len(ids)} student(s)"
        console.print(f"[red]week{records.week:02d} {'오류 원인' if ko else 'error'} ({who}):[/] {escape(reason)}")
    for warning in records.isolation_warnings:
        console.print(f"[red]{'격리 경고' if ko else 'isolation warning'}:[/] {escape(warning)}")
    for problem in records.collect_problems:
        console.print(f"[yellow]{escape(problem)}[/]")
    for warning in records.override_warnings:
        console.print(f"[yellow]{'조정 경고' if ko else 'override warning'}:[/] {escape(warning)}")


def print_isolation(probe: Any, console: Any, ko: bool) -> None:
    """Once per run: how student code was isolated, and which hard memory limit applied."""
    if probe is None:
        return
    from rich.markup import escape

    if probe.missing:
        label = "격리 없이 채점함 (--allow-unisolated)" if ko else "graded unisolated (--allow-unisolated)"
        console.print(f"[red]{label}:[/] {escape('; '.join(probe.missing))}")
    else:
        console.print(("격리: 허용 목록 루트, PID·네트워크·IPC·마운트 네임스페이스" if ko
                       else "isolation: allow-listed root, PID, network, IPC and mount namespaces"))
    console.print(escape(probe.memory))
