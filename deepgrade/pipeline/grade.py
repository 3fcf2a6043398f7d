"""`deepgrade grade`: collect -> choose -> cache lookup -> grade the rest -> store -> reports.

Every finished grading is committed to the store before the next one is looked at, so
Ctrl-C or a kill loses nothing already graded; the next run finds it cached and resumes.
A failing submission is an outcome (status "error"), never a failed run: exit code 0.
The warm path (nothing changed) imports neither torch nor pytest.
"""
from __future__ import annotations

import concurrent.futures as futures
import json
import os
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable, Iterator, Sequence

from rich.markup import escape

from deepgrade.collect.choose import choose_upload
from deepgrade.collect.inbox import Upload, scan_week
from deepgrade.collect.week_folders import week_folder
from deepgrade.overrides import load_overrides
from deepgrade.pipeline.console import (final_table, korean, make_console, print_attention, print_isolation,
                                        progress_label)
from deepgrade.pipeline.one_student import check_students, print_students, require_stored_weeks
from deepgrade.pipeline.jobs import build_job, grader_hash, seed_for
from deepgrade.pipeline.records import WeekRecords
from deepgrade.pipeline.scoring import ChosenUpload, is_engine_failure
from deepgrade.pipeline.similarity_run import week_similarity
from deepgrade.pipeline.snapshot import (graded_students, inbox_unread, keep_graded_at_if_unchanged,
                                         records_from_snapshot, week_snapshot)
from deepgrade.pipeline.summary import RunSummary, WeekCounts
from deepgrade.results import SubmissionResult
from deepgrade.store import ResultStore
from deepgrade.textsafe import safe_data


def default_weeks(course: Any) -> list[int]:
    """Every week whose inbox folder exists and that has an assignment."""
    return [w for w, a in sorted(course.assignments.items())
            if week_folder(course.inbox, w, a.config.inbox_folder) is not None]


# --- grading executors -------------------------------------------------------------------

class _LocalPool:
    """Grades one job at a time in this process (the fallback when no GradingPool exists)."""

    def __init__(self, backend: str):
        self._backend = backend
        self._zygote: Any = None

    def __enter__(self) -> "_LocalPool":
        if self._backend == "sandbox":
            try:
                from deepgrade.sandbox import Zygote  # type: ignore[attr-defined]
            except ImportError:
                return self
            self._zygote = Zygote().__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._zygote is not None:
            self._zygote.__exit__(*exc)

    def probe(self, *, language: str = "ko") -> futures.Future:
        from deepgrade.grading.preflight import probe_isolation

        future: futures.Future = futures.Future()
        future.set_result(probe_isolation(self._zygote, language=language) if self._zygote is not None else None)
        return future

    def submit(self, job: Any) -> futures.Future:
        from deepgrade.grading.runner import grade_submission

        future: futures.Future = futures.Future()
        try:
            future.set_result(grade_submission(job, backend=self._backend, zygote=self._zygote))  # type: ignore[arg-type]
        except Exception as exc:  # noqa: BLE001 - kept on the future, reported as an engine failure
            future.set_exception(exc)
        return future


def _open_pool(jobs: int | None, backend: str) -> Any:
    if backend == "sandbox":
        try:
            from deepgrade.grading.pool import GradingPool  # type: ignore[import-not-found]
        except ImportError:
            return _LocalPool(backend)
        return GradingPool(jobs=jobs or os.cpu_count() or 1)
    return _LocalPool(backend)


def _storable_result(result: SubmissionResult) -> SubmissionResult:
    """``result`` with its text made safe to store and show (see ``textsafe``): student code
    can put ESC sequences or ``chr(0xd800)`` into an exception message, a return value or its
    output (one such submission used to stop the whole run)."""
    data = result.to_dict()
    cleaned = safe_data(data)
    return result if cleaned == data else SubmissionResult.from_dict(cleaned)


def _engine_failure(assignment: str, exc: BaseException) -> SubmissionResult:
    return SubmissionResult(assignment=assignment, problems=(), error=f"{type(exc).__name__}: {exc}")


# --- one week ----------------------------------------------------------------------------

@dataclass
class _Pending:
    student_id: str
    upload: Upload


def _grade_week(course: Any, week: int, store: ResultStore, *, jobs: int | None, backend: str,
                progress: Any, counts: WeekCounts, summary: RunSummary, regrade: bool = False,
                allow_unisolated: bool = False, only: frozenset[str] | None = None) -> dict[str, Any]:
    """The week's snapshot. ``only``: grade these students; everyone else keeps their entry of
    the stored snapshot (`grade --student`), which must exist."""
    assignment = course.assignments[week]
    config = assignment.config
    week_dir = week_folder(course.inbox, week, config.inbox_folder)
    scan = None
    if week_dir is not None:
        scan = scan_week(week_dir, course.roster, timezone=course.timezone,
                         expected_py=[f.name for f in config.files], notebook=config.notebook)
    uploads: dict[str, list[Upload]] = {}
    for upload in scan.uploads if scan else ():
        uploads.setdefault(upload.student_id, []).append(upload)
    policy = course.config.late_policy
    hash_of_graders = grader_hash(assignment)
    entries: dict[str, dict[str, Any]] = {}
    pending: list[_Pending] = []
    previous = (store.load_snapshot(week) or {}).get("students", {}) if only is not None else {}
    for student in graded_students(course, week):
        if only is not None and student.id not in only:
            if student.id in previous:
                entries[student.id] = previous[student.id]
            continue
        counts.students += 1
        chosen = choose_upload(uploads.get(student.id, []), course.deadline(week, student.id), policy)
        if chosen is None:
            entries[student.id] = {"chosen": None, "result": None}
            continue
        digest = chosen.content_hash
        notes = (*chosen.notes, *_left_out_note(chosen, uploads.get(student.id, []), korean(course)))
        entry: dict[str, Any] = {"chosen": ChosenUpload(chosen.submitted_at, chosen.sources, notes,
                                                        chosen.problem, digest, chosen.time_source).to_dict(),
                                 "result": None}
        entries[student.id] = entry
        if chosen.problem is not None:
            continue
        cached = None if regrade else store.lookup(assignment.id, digest, hash_of_graders)
        if cached is not None:
            entry["result"], entry["cached"] = cached.to_dict(), True
            counts.cached += 1
        else:
            pending.append(_Pending(student.id, chosen))

    task = progress.add_task(f"{assignment.id}", total=len(pending) or 1, completed=0 if pending else 1)
    if pending:
        from deepgrade.fixtures.registry import prepare_week_fixtures  # not on the warm path

        fixtures = prepare_week_fixtures(assignment, course.state)
        with _open_pool(jobs, backend) as pool:
            if backend == "sandbox":
                # before any student code: a machine that cannot isolate it stops the run here
                from deepgrade.grading.preflight import require_isolation

                summary.isolation = summary.isolation or pool.probe(language=course.language).result()
                if summary.isolation is not None:
                    require_isolation(summary.isolation, allow_unisolated=allow_unisolated)
            submitted: dict[futures.Future, _Pending] = {}
            for item in pending:
                job = build_job(course, assignment, item.upload.files, seed=seed_for(item.upload.content_hash),
                                fixtures=fixtures, allow_unisolated=allow_unisolated)
                submitted[pool.submit(job)] = item
            for future in futures.as_completed(submitted):
                item = submitted[future]
                try:
                    result = future.result()
                except Exception as exc:  # noqa: BLE001 - an engine bug is this submission's outcome
                    result = _engine_failure(assignment.id, exc)
                result = _storable_result(result)
                if not is_engine_failure(result):
                    # Committed now: an interrupted run keeps it and the next run resumes from here.
                    store.save(assignment.id, item.upload.content_hash, hash_of_graders, result,
                               student_id=item.student_id)
                entries[item.student_id]["result"] = result.to_dict()
                counts.graded += 1
                counts.failed += is_engine_failure(result)  # live count; recounted from statuses below
                progress.update(task, advance=1, description=progress_label(assignment.id, counts))
    progress.update(task, description=progress_label(assignment.id, counts))
    if scan:
        counts.unmatched, counts.ambiguous = len(scan.unmatched), len(scan.ambiguous)
    snapshot = week_snapshot(course, week, assignment, datetime.now(course.timezone), scan, entries)
    snapshot["similarity"] = week_similarity(course, week, uploads,
                                             (store.load_snapshot(week) or {}).get("similarity"))
    # file and zip member names come from students too: the whole record is stored escaped
    return safe_data(snapshot)


def _left_out_note(chosen: Upload, uploads: list[Upload], ko: bool) -> list[str]:
    """The student's files that are in none of the graded upload's sources (replaced by a newer
    file, or uploaded after the on-time one that is graded): said, never silently dropped."""
    left = sorted({rel for u in uploads if u is not chosen for rel in u.sources} - set(chosen.sources))
    if not left:
        return []
    shown = ", ".join(left[:10]) + (f" … (+{len(left) - 10})" if len(left) > 10 else "")
    return [f"채점에 쓰지 않은 다른 제출 파일 (더 새 파일로 대체되었거나, 채점한 제출보다 늦게 올림): {shown}" if ko
            else f"Other uploaded files not graded (replaced by a newer file, or uploaded after the graded one): {shown}"]


def _count_statuses(records: WeekRecords, counts: WeekCounts) -> None:
    counts.failed = 0
    for record in records.students:
        if record.status == "missing":
            counts.missing += 1
        elif record.status == "late":
            counts.late += 1
        elif record.status == "error":
            counts.failed += 1


def _write_reports(course: Any, week_records: Iterable[WeekRecords], all_weeks: list[WeekRecords],
                   console: Any) -> None:
    try:
        from deepgrade.reports import write_overview, write_week
    except ImportError:  # reports not installed: results.json is the contract, write it ourselves
        for records in week_records:
            path = course.export / "staff" / f"week{records.week:02d}" / "results.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".json.tmp")
            tmp.write_text(json.dumps(records.to_results_json(), ensure_ascii=False, indent=2), encoding="utf-8")
            os.replace(tmp, path)
        return
    for records in week_records:
        write_week(records, course, course.export)
    write_overview(all_weeks, course, course.export)


def _stored_weeks(course: Any, store: ResultStore, overrides: dict, skip: set[int]) -> Iterator[WeekRecords]:
    for week in store.snapshot_weeks():
        if week in skip or week not in course.assignments:
            continue
        snapshot = store.load_snapshot(week)
        if snapshot:
            yield records_from_snapshot(course, snapshot, overrides)


def grade_course(course: Any, *, weeks: list[int] | None = None, jobs: int | None = None,
                 console: Any = None, backend: str = "sandbox", regrade: bool = False,
                 students: Sequence[str] | None = None, allow_unisolated: bool = False) -> RunSummary:
    """Grade the selected weeks (default: every week with an inbox folder) and write every report.

    Only submissions without a stored result for the same files and graders are graded, unless
    ``regrade`` is set (then every one of the selected weeks is graded again). ``students``
    limits grading to those ids (with ``regrade``: grades them again); everyone else keeps the
    week's stored result, so each selected week must have been graded before. Student code runs
    only where the sandbox's required isolation layers can be built (else ``MachineRefused``),
    unless ``allow_unisolated``."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = make_console(console)
    ko = korean(course)
    overrides = load_overrides(course)  # a bad overrides.yml stops the run before any grading (exit 2)
    selected = sorted(set(weeks)) if weeks else default_weeks(course)
    summary = RunSummary()
    unknown = [w for w in selected if w not in course.assignments]
    for week in unknown:
        console.print(f"[yellow]week{week:02d}: {'과제 폴더가 없어 건너뜁니다' if ko else 'no assignment, skipped'}[/]")
    selected = [w for w in selected if w in course.assignments]
    only = check_students(course, students) if students else None
    unread = inbox_unread(course)
    if not selected:
        console.print("채점할 주차가 없습니다 (inbox에 주차 폴더가 없음)." if ko
                      else "No week to grade (no week folder in the inbox).")
        if unread:  # uploads are there, in folders no week reads: the TA must act, not read "nothing to do"
            _print_unread(console, unread, ko)
            summary.exit_code = 1
    graded_now: list[WeekRecords] = []
    with ResultStore(course.state, export=course.export) as store:
        if only is not None:
            require_stored_weeks(store, selected)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      console=console, transient=False) as progress:
            for week in selected:
                counts = WeekCounts(week)
                summary.weeks.append(counts)
                snapshot = _grade_week(course, week, store, jobs=jobs, backend=backend, progress=progress,
                                       counts=counts, summary=summary, regrade=regrade,
                                       allow_unisolated=allow_unisolated, only=only)
                keep_graded_at_if_unchanged(snapshot, store.load_snapshot(week))
                records = records_from_snapshot(course, snapshot, overrides)
                _count_statuses(records, counts)
                if unread and records.students and all(s.status == "missing" for s in records.students):
                    # A page saying "미제출" to every student while their uploads sit in a folder
                    # no week reads would be wrong for all of them: nothing of this week is written.
                    console.print(f"[red]week{week:02d}: "
                                  + ("모든 학생이 미제출입니다. 읽지 않은 폴더가 있어 이 주차의 보고서를 쓰지 않았습니다:"
                                     if ko else "every student is missing while folders were not read; "
                                                "no report of this week was written:") + "[/]")
                    _print_unread(console, unread, ko)
                    summary.exit_code = 1
                    continue
                store.save_snapshot(week, snapshot)
                graded_now.append(records)
        all_weeks = graded_now + list(_stored_weeks(course, store, overrides, {r.week for r in graded_now}))
    _write_reports(course, graded_now, sorted(all_weeks, key=lambda r: r.week), console)
    console.print(final_table(summary, course))
    print_isolation(summary.isolation, console, ko)
    for records in graded_now:
        if only is not None:
            print_students(records, only, console, ko)
        else:
            print_attention(records, console, ko)
    if summary.graded == 0:
        console.print(f"채점 0건: 바뀐 제출물이 없습니다 (저장된 결과 {summary.cached}건 사용)." if ko
                      else f"Regraded 0 submissions: nothing changed ({summary.cached} stored results used).")
    else:
        console.print(f"채점 {summary.graded}건, 저장된 결과 {summary.cached}건, 오류 {summary.failed}건." if ko
                      else f"Graded {summary.graded}, cached {summary.cached}, failed {summary.failed}.")
    console.print(f"보고서: {course.export}" if ko else f"Reports: {course.export}")
    return summary


def _print_unread(console: Any, unread: list[str], ko: bool) -> None:
    for line in unread:
        console.print(f"[yellow]  {escape(line)}[/]")
    console.print("  주차 폴더 이름을 week01 또는 1주차처럼 바꾸거나, assignment.yml에 inbox_folder를 적어 주세요." if ko
                  else "  Rename the week's folder (week01, 1주차) or set inbox_folder in assignment.yml.")


def rebuild_reports(course: Any, *, console: Any = None) -> int:
    """`deepgrade report`: every report again from the stored snapshots (with the current
    overrides.yml), without the inbox and without grading."""
    console = make_console(console)
    overrides = load_overrides(course)
    with ResultStore(course.state, export=course.export) as store:
        weeks = sorted(_stored_weeks(course, store, overrides, set()), key=lambda r: r.week)
    if not weeks:
        console.print("저장된 채점 결과가 없습니다: 먼저 `deepgrade grade`를 실행하세요." if korean(course)
                      else "No stored results: run `deepgrade grade` first.")
        return 0
    _write_reports(course, weeks, weeks, console)
    for records in weeks:  # an edited overrides.yml is what `report` is run for: say what it did not do
        for warning in records.override_warnings:
            console.print(f"[yellow]{'조정 경고' if korean(course) else 'override warning'}:[/] {escape(warning)}")
    console.print(f"보고서 {len(weeks)}주차분을 다시 만들었습니다: {course.export}" if korean(course)
                  else f"Rebuilt reports for {len(weeks)} week(s): {course.export}")
    return 0
