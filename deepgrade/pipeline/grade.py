"""`deepgrade grade`: collect -> choose -> cache lookup -> grade the rest -> store -> reports.

Every finished grading is committed to the store before the next one is looked at, so
Ctrl-C or a kill loses nothing already graded; the next run finds it cached and resumes.
A failing submission is an outcome (status "error"), never a failed run: exit code 0.
The warm path (nothing changed) imports neither torch nor pytest.
"""
from __future__ import annotations

import concurrent.futures as futures
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable, Iterator, Sequence

from rich.markup import escape

from deepgrade.collect.inbox import Upload, scan_week
from deepgrade.collect.week_folders import week_folder
from deepgrade.executors import open_executor
from deepgrade.overrides import load_overrides
from deepgrade.messages import say
from deepgrade.pipeline.console import (final_table, language_of, make_console, print_attention, print_isolation,
                                        print_override_warnings, progress_label)
from deepgrade.pipeline.one_student import check_students, print_students, require_stored_weeks
from deepgrade.pipeline.jobs import build_job, grader_hash, seed_for
from deepgrade.pipeline.assess import is_engine_failure
from deepgrade.pipeline.similarity_run import week_similarity
from deepgrade.pipeline.week import assess_week, graded_students, inbox_unread, keep_graded_at_if_unchanged, week_facts
from deepgrade.record import Attempt, GradedUpload, WeekRecord
from deepgrade.pipeline.summary import RunSummary, WeekCounts
from deepgrade.results import SubmissionResult
from deepgrade.store import ResultStore
from deepgrade.rules.late_policy import late_policy
from deepgrade.textsafe import safe_data


def default_weeks(course: Any) -> list[int]:
    """Every week whose inbox folder exists and that has an assignment."""
    return [w for w, a in sorted(course.assignments.items())
            if week_folder(course.inbox, w, a.config.inbox_folder) is not None]


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
    graded: GradedUpload
    result: SubmissionResult | None = None
    cached: bool = False

    def attempt(self) -> Attempt:
        return Attempt(self.graded, self.result, self.cached)


def _grade_week(course: Any, week: int, store: ResultStore, *, executor: dict[str, Any], backend: str,
                progress: Any, counts: WeekCounts, summary: RunSummary, regrade: bool = False,
                allow_unisolated: bool = False, only: frozenset[str] | None = None) -> WeekRecord:
    """What this run found of the week (before the rules: ``assess_week``). ``only``: grade these
    students; everyone else keeps their attempts of the stored week (`grade --student`)."""
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
    policy = late_policy(course.config.late_policy)
    hash_of_graders = grader_hash(assignment)
    stored = store.load_week(week)
    kept = {s.id: s.attempts for s in stored.students} if stored is not None and only is not None else {}
    found: dict[str, list[_Pending]] = {}
    attempts: dict[str, tuple[Attempt, ...]] = {}
    pending: list[_Pending] = []
    for student in graded_students(course, week):
        if only is not None and student.id not in only:
            if student.id in kept:
                attempts[student.id] = kept[student.id]
            continue
        counts.students += 1
        mine = uploads.get(student.id, [])
        found[student.id] = []
        to_grade = policy.to_grade(mine, course.deadline(week, student.id))
        left_out = _left_out_note(to_grade, mine, course.language)
        for chosen in to_grade:
            item = _Pending(student.id, chosen, GradedUpload(chosen.submitted_at, chosen.sources,
                                                             (*chosen.notes, *left_out), chosen.problem,
                                                             chosen.content_hash, chosen.time_source))
            found[student.id].append(item)
            if chosen.problem is not None:
                continue
            cached = None if regrade else store.lookup(assignment.id, chosen.content_hash, hash_of_graders)
            if cached is not None:
                item.result, item.cached = cached, True
                counts.cached += 1
            else:
                pending.append(item)

    task = progress.add_task(f"{assignment.id}", total=len(pending) or 1, completed=0 if pending else 1)
    if pending:
        from deepgrade.fixtures.registry import prepare_week_fixtures  # not on the warm path

        fixtures = prepare_week_fixtures(assignment, course.state)
        with open_executor(backend=backend, **executor) as pool:
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
                item.result = result
                counts.graded += 1
                counts.failed += is_engine_failure(result)  # live count; recounted from statuses below
                progress.update(task, advance=1, description=progress_label(assignment.id, counts, course.language))
    progress.update(task, description=progress_label(assignment.id, counts, course.language))
    if scan:
        counts.unmatched, counts.ambiguous = len(scan.unmatched), len(scan.ambiguous)
    attempts.update({sid: tuple(item.attempt() for item in items) for sid, items in found.items()})
    similarity = week_similarity(course, week, uploads, stored.similarity if stored is not None else None)
    facts = week_facts(course, week, datetime.now(course.timezone), scan, attempts, similarity)
    # file and zip member names come from students too: the whole record is stored escaped
    return WeekRecord.from_json(safe_data(facts.to_json()))


def _left_out_note(graded: list[Upload], uploads: list[Upload], language: str) -> list[str]:
    """The student's files that are in none of the graded uploads' sources (replaced by a newer
    file, or uploaded after the on-time one that is graded): said, never silently dropped."""
    left = sorted({rel for u in uploads for rel in u.sources} - {rel for u in graded for rel in u.sources})
    if not left:
        return []
    shown = ", ".join(left[:10]) + (f" … (+{len(left) - 10})" if len(left) > 10 else "")
    return [say(language, "console.left_out", files=shown)]


def _count_statuses(records: WeekRecord, counts: WeekCounts) -> None:
    counts.failed = 0
    for record in records.students:
        if record.status == "missing":
            counts.missing += 1
        elif record.status == "late":
            counts.late += 1
        elif record.status == "error":
            counts.failed += 1


def _write_reports(course: Any, week_records: Iterable[WeekRecord], all_weeks: list[WeekRecord],
                   console: Any) -> None:
    from deepgrade.exporters import write_overview, write_week

    for records in week_records:
        write_week(records, course, course.export)
    write_overview(all_weeks, course, course.export)


def _stored_weeks(course: Any, store: ResultStore, overrides: dict, skip: set[int]) -> Iterator[WeekRecord]:
    for week in store.stored_weeks():
        if week in skip or week not in course.assignments:
            continue
        stored = store.load_week(week)
        if stored is not None:
            yield assess_week(stored, course, overrides)


def grade_course(course: Any, *, weeks: list[int] | None = None, jobs: int | None = None,
                 console: Any = None, backend: str = "sandbox", regrade: bool = False,
                 students: Sequence[str] | None = None, allow_unisolated: bool = False,
                 executor: str = "local", scheduler: str | None = None) -> RunSummary:
    """Grade the selected weeks (default: every week with an inbox folder) and write every report.

    Only submissions without a stored result for the same files and graders are graded, unless
    ``regrade`` is set (then every one of the selected weeks is graded again). ``students``
    limits grading to those ids (with ``regrade``: grades them again); everyone else keeps the
    week's stored result, so each selected week must have been graded before. Student code runs
    only where the sandbox's required isolation layers can be built (else ``MachineRefused``),
    unless ``allow_unisolated``. ``executor``: "local" (``jobs`` processes here) or "dask" (the
    cluster at ``scheduler``, see ``deepgrade.executors``)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = make_console(console)
    language = language_of(course)
    overrides = load_overrides(course)  # a bad overrides.yml stops the run before any grading (exit 2)
    selected = sorted(set(weeks)) if weeks else default_weeks(course)
    summary = RunSummary()
    unknown = [w for w in selected if w not in course.assignments]
    for week in unknown:
        console.print(f"[yellow]week{week:02d}: {say(language, 'console.no_assignment')}[/]")
    selected = [w for w in selected if w in course.assignments]
    only = check_students(course, students) if students else None
    unread = inbox_unread(course)
    if not selected:
        console.print(say(language, "console.no_week"))
        if unread:  # uploads are there, in folders no week reads: the TA must act, not read "nothing to do"
            _print_unread(console, unread, language)
            summary.exit_code = 1
    graded_now: list[WeekRecord] = []
    with ResultStore(course.state, export=course.export) as store:
        if only is not None:
            require_stored_weeks(store, selected)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      console=console, transient=False) as progress:
            for week in selected:
                counts = WeekCounts(week)
                summary.weeks.append(counts)
                facts = _grade_week(course, week, store, backend=backend, progress=progress,
                                    executor={"kind": executor, "jobs": jobs, "scheduler": scheduler},
                                    counts=counts, summary=summary, regrade=regrade,
                                    allow_unisolated=allow_unisolated, only=only)
                facts = keep_graded_at_if_unchanged(facts, store.load_week(week))
                records = assess_week(facts, course, overrides)
                _count_statuses(records, counts)
                if unread and records.students and all(s.status == "missing" for s in records.students):
                    # A page saying "미제출" to every student while their uploads sit in a folder
                    # no week reads would be wrong for all of them: nothing of this week is written.
                    console.print(f"[red]week{week:02d}: {say(language, 'console.all_missing_unread')}[/]")
                    _print_unread(console, unread, language)
                    summary.exit_code = 1
                    continue
                store.save_week(records)
                graded_now.append(records)
        all_weeks = graded_now + list(_stored_weeks(course, store, overrides, {r.week for r in graded_now}))
    _write_reports(course, graded_now, sorted(all_weeks, key=lambda r: r.week), console)
    console.print(final_table(summary, course))
    print_isolation(summary.isolation, console, language)
    for records in graded_now:
        if only is not None:
            print_students(records, only, console, language)
        else:
            print_attention(records, console, language)
    if summary.graded == 0:
        console.print(say(language, "console.graded_none", cached=summary.cached))
    else:
        console.print(say(language, "console.graded_some", graded=summary.graded, cached=summary.cached,
                          failed=summary.failed))
    console.print(say(language, "console.reports_at", export=course.export))
    return summary


def _print_unread(console: Any, unread: list[str], language: str) -> None:
    for line in unread:
        console.print(f"[yellow]  {escape(line)}[/]")
    console.print(say(language, "console.rename_folder"))


def rebuild_reports(course: Any, *, console: Any = None) -> int:
    """`deepgrade report`: every report again from the stored week records (with the current
    overrides.yml), without the inbox and without grading."""
    console = make_console(console)
    overrides = load_overrides(course)
    with ResultStore(course.state, export=course.export) as store:
        weeks = sorted(_stored_weeks(course, store, overrides, set()), key=lambda r: r.week)
    language = language_of(course)
    if not weeks:
        console.print(say(language, "console.nothing_stored"))
        return 0
    _write_reports(course, weeks, weeks, console)
    for records in weeks:  # an edited overrides.yml is what `report` is run for: say what it did not do
        print_override_warnings(records, console, language)
    console.print(say(language, "console.rebuilt", n=len(weeks), export=course.export))
    return 0
