"""``deepgrade check WEEK [DIR]``: a student's self-check, the same engine as the real grading.

Runs only the PUBLIC tests (no hidden graders, no reference solution) on the student's
files in the sandbox, and prints a readable summary in the course language: each test
passed or failed (with its message), the public points, the deadline and the time left.
Before that, a quick static look names missing files and names with a "did you mean".
Exit code 0 when every public test passes, else 1.
"""
from __future__ import annotations

import ast
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from deepgrade.authoring.validate import grade_files
from deepgrade.messages import say, text
from deepgrade.submission.names import close_spelling, defined_names



def _reference_kinds(assignment: Any) -> dict[str, str]:
    """What each expected name is in the reference solution (for "no class `Fourcal`")."""
    kinds: dict[str, str] = {}
    for submitted in assignment.config.files:
        path = assignment.solution_dir / submitted.name
        if path.is_file():
            kinds.update(defined_names(path.read_text(encoding="utf-8")))
    return kinds


def pick_files(target: Path, assignment: Any) -> dict[str, bytes]:
    """The submission in ``target``: a notebook file, the expected .py files, or the notebook in it.

    A folder with any of the expected .py files is checked as .py files (a release bundle
    also holds the notebook stub, which must not shadow the student's .py work).
    """
    config = assignment.config
    if target.is_file():
        return {target.name: target.read_bytes()}
    py_files = {f.name: (target / f.name).read_bytes() for f in config.files if (target / f.name).is_file()}
    if py_files:
        return py_files
    notebooks = sorted(target.glob("*.ipynb"))
    preferred = [p for p in notebooks if p.name == config.notebook] or notebooks
    return {preferred[0].name: preferred[0].read_bytes()} if preferred else {}


def static_problems(files: dict[str, bytes], assignment: Any, language: str) -> list[str]:
    """Missing files, syntax errors, and expected names nobody defines (with a guess)."""
    config = assignment.config
    kinds = _reference_kinds(assignment)
    messages: list[str] = []
    defined_by_file: dict[str, dict[str, str]] = {}
    notebook = next((name for name in files if name.endswith(".ipynb")), None)
    if notebook is not None:
        from deepgrade.submission.loader import load_units

        merged: dict[str, str] = {}
        loaded = load_units(files, config, language=language)
        if loaded.problems:
            return []  # an unreadable notebook: the engine says why once, not "no Fourcal" for every name
        for unit in loaded.units:
            merged.update(defined_names(unit.source))  # a cell that does not parse: the engine says why
        defined_by_file = {f.name: merged for f in config.files}
    for submitted in config.files:
        shown = notebook or submitted.name
        if notebook is None:
            if submitted.name not in files:
                messages.append(say(language, "check.missing_file", file=submitted.name))
                continue
            source = files[submitted.name].decode("utf-8", errors="replace")
            try:
                ast.parse(source)
                defined_by_file[submitted.name] = defined_names(source)
            except SyntaxError as exc:
                messages.append(say(language, "check.syntax", file=submitted.name, line=exc.lineno or "?", msg=exc.msg))
                continue
        defined = defined_by_file[submitted.name]
        for name in submitted.provides:
            if name in defined:
                continue
            kind_names = text(language, "check.kinds")
            kind = kind_names.get(kinds.get(name, "name"), kind_names["name"])
            message = say(language, "check.missing_name", file=shown, kind=kind, name=name)
            guess = close_spelling(name, defined)
            if guess and guess.lower() == name.lower() and config.names.case != "exact":
                message = say(language, "check.case_only", file=shown, guess=guess, name=name)
            elif guess:
                message += say(language, "check.did_you_mean", guess=guess)
            messages.append(message)
    return messages


def _deadline_lines(course: Any, week: int, now: datetime, language: str) -> str:
    deadline = course.deadline(week)
    weekday = text(language, "check.weekdays")[deadline.weekday()]
    shown = f"{deadline:%Y-%m-%d} ({weekday}) {deadline:%H:%M} {deadline:%Z}"  # KST for Asia/Seoul
    delta = deadline - now.astimezone(deadline.tzinfo)
    key = "left" if delta.total_seconds() >= 0 else "past"
    seconds = int(abs(delta.total_seconds()))
    left = say(language, f"check.{key}", days=seconds // 86400, hours=seconds % 86400 // 3600, minutes=seconds % 3600 // 60)
    return say(language, "check.deadline", deadline=shown, left=left)


def check(course: Any, week: int, directory: Path | str, *, console: Console, now: datetime | None = None,
          backend: str | None = None) -> int:
    """Self-check ``directory`` (a folder of .py files, a notebook, or a folder with one)."""
    language = course.language
    assignment = course.assignments.get(week)
    if assignment is None:
        console.print(f"[red]week {week}: no assignment (expected assignments/week{week:02d}/assignment.yml)[/red]")
        return 1
    target = Path(directory)
    if not target.exists():
        console.print(f"[red]{escape(say(language, 'check.no_dir', path=target))}[/red]")
        return 1
    files = pick_files(target, assignment)
    config = assignment.config
    if not files:
        expected = ", ".join(f.name for f in config.files)
        console.print(f"[red]{escape(say(language, 'check.nothing', path=target, files=expected, notebook=config.notebook or '.ipynb'))}[/red]")
        return 1

    console.print(f"[bold]{escape(say(language, 'check.title', title=config.title))}[/bold]")
    notebook = next((name for name in files if name.endswith(".ipynb")), None)
    console.print(escape(say(language, "check.using_notebook", file=notebook) if notebook
                         else say(language, "check.using_files", files=", ".join(files))))
    for message in static_problems(files, assignment, language):
        console.print(f"[yellow]![/yellow] {escape(message)}")

    chosen_backend = backend or "sandbox"
    result = grade_files(course, week, files, public_only=True, backend=chosen_backend)
    if chosen_backend == "inprocess":
        console.print(f"[dim]{escape(say(language, 'check.in_process'))}[/dim]")
    for note in dict.fromkeys(result.notes):  # the same note may come from loading and from grading
        console.print(f"[yellow]![/yellow] {escape(note)}")
    if result.error:
        error = "\n".join(result.error.splitlines()[-12:])  # the tail says what went wrong
        console.print(f"[red]{escape(say(language, 'check.engine_error', error=error))}[/red]")
        console.print(_deadline_lines(course, week, now or datetime.now(course.timezone), language))
        return 1

    tests = result.tests()
    passed = [t for t in tests if t.outcome == "passed"]
    for problem in result.problems:
        console.print(f"\n[bold]{escape(problem.title or problem.id)}[/bold]")
        for test in problem.tests:
            label = escape(test.description or test.name)
            if test.outcome == "passed":
                console.print(f"  [green]✔ {say(language, 'check.passed')}[/green] {label} ({test.points:g}/{test.max_points:g})")
            else:
                console.print(f"  [red]✘ {say(language, 'check.failed')}[/red] {label} (0/{test.max_points:g})")
                for line in (test.message or test.outcome).splitlines()[:8]:
                    console.print(f"      {escape(line)}")
    public_points = sum(t.points for t in tests)
    public_max = sum(t.max_points for t in tests)
    console.print("\n" + escape(say(language, "check.summary", total=len(tests), passed=len(passed),
                                     points=public_points, max_points=public_max)))
    console.print(_deadline_lines(course, week, now or datetime.now(course.timezone), language))
    all_passed = bool(tests) and len(passed) == len(tests)
    console.print(f"[green]{say(language, 'check.all_passed')}[/green]" if all_passed
                  else f"[red]{say(language, 'check.some_failed')}[/red]")
    return 0 if all_passed else 1
