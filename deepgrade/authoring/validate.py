"""``deepgrade validate``: prove each assignment is gradable before students see it.

For each week: the stubs are fresh; the reference solution scores full marks (every test
passes); the shipped stub scores below full marks (ideally 0 on the hidden graders); every
test has a Korean title (``titles.py``) and names a declared problem; each problem's points equal the sum of its tests' points;
no test is worth 0 points (unreachable); every threshold test's mark leaves its declared
margin to the reference, and no test needs more than half its time budget (``calibrate.py``).
Graders run through the real grading engine.
"""
from __future__ import annotations

import contextlib
import dataclasses
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from rich.console import Console

from deepgrade.authoring.calibrate import check_runs
from deepgrade.authoring.stubgen import stubgen
from deepgrade.authoring.titles import title_problems
from deepgrade.grading.measures import Measurements
from deepgrade.results import SubmissionResult

VALIDATE_SEED = 20220310


def read_submission(directory: Path, names: Iterable[str]) -> dict[str, bytes]:
    """name -> bytes for the given file names that exist in ``directory``."""
    return {name: (directory / name).read_bytes() for name in names if (directory / name).is_file()}


def build_job(course: Any, week: int, files: dict[str, bytes], *, public_only: bool,
              seed: int | None = None, declare_problems: bool = True) -> Any:
    """A GradeJob for one set of files of one week (seeded by the files' content by default)."""
    from deepgrade.pipeline.jobs import build_job as build

    if seed is None:
        seed = int.from_bytes(hashlib.sha256(b"".join(files[k] for k in sorted(files))).digest()[:7], "big")
    # the author's own solution and stub: trusted code, also on a machine that cannot isolate
    job = build(course, course.assignments[week], files, seed=seed, public_only=public_only,
                declare_problems=declare_problems, allow_unisolated=True)
    # Undeclared problems are scored too, but test_<id>_<more>.py must map to <id> as in grading.
    known = tuple(p.id for p in course.assignments[week].config.problems)
    return dataclasses.replace(job, known_problems=known)


def grade_files(course: Any, week: int, files: dict[str, bytes], *, public_only: bool = False,
                declare_problems: bool = True, backend: str | None = None, seed: int | None = None,
                observers: tuple[object, ...] = (), zygote: Any = None) -> SubmissionResult:
    from deepgrade.grading.runner import grade_submission

    job = build_job(course, week, files, public_only=public_only, seed=seed, declare_problems=declare_problems)
    return grade_submission(job, backend=backend or "sandbox", zygote=zygote,  # type: ignore[arg-type]
                            observers=observers)


@dataclass
class WeekReport:
    week: int
    errors: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _check_points(assignment: Any, solution: SubmissionResult, report: WeekReport) -> None:
    declared = {p.id: p.points for p in assignment.config.problems}
    found = {p.id: p for p in solution.problems}
    for pid in found:
        if pid not in declared:
            names = ", ".join(t.name for t in found[pid].tests)
            report.errors.append(f"tests name problem {pid!r}, which assignment.yml does not declare: {names}")
    for pid, points in declared.items():
        tests = found[pid].tests if pid in found else ()
        if not tests:
            report.errors.append(f"problem {pid!r} ({points:g} points) has no tests")
            continue
        total = sum(t.max_points for t in tests)
        if abs(total - points) > 1e-9:
            report.errors.append(f"problem {pid!r}: assignment.yml says {points:g} points, its tests add up to {total:g}")
    seen: set[tuple[str, str]] = set()
    for test in solution.tests():
        key = (test.problem, test.name)
        if key in seen:  # reports and pass rates key tests by (problem, name): two would merge
            report.errors.append(f"two tests of problem {test.problem!r} are named {test.name}: "
                                 "rename one (reports cannot tell them apart)")
        seen.add(key)
    for test in solution.tests():
        if test.max_points <= 0:
            report.errors.append(f"test {test.name} ({test.problem}) is worth {test.max_points:g} points: unreachable")


def validate_week(course: Any, week: int, *, backend: str | None = None, zygote: Any = None) -> WeekReport:
    report = WeekReport(week)
    assignment = course.assignments[week]
    for stub in stubgen(course, [week], check=True):
        if not stub.ok:
            report.errors.append(f"stub {stub.path.name}: {stub.status}: {stub.message}")
    graders = Path(assignment.grader_dir)
    if not any(graders.glob("test_*.py")):
        report.errors.append(f"{graders.relative_to(course.root) if graders.is_relative_to(course.root) else graders}/: "
                             "no hidden graders (expected test_*.py files)")
    report.errors.extend(title_problems([Path(assignment.public_tests_dir), graders], root=course.root))
    names = [f.name for f in assignment.config.files]
    measured = Measurements()
    solution = grade_files(course, week, read_submission(assignment.solution_dir, names),
                           declare_problems=False, backend=backend, seed=VALIDATE_SEED, observers=(measured,),
                           zygote=zygote)
    if solution.error:
        report.errors.append(f"the reference solution could not be graded: {solution.error}")
        return report
    failed = [t for t in solution.tests() if t.outcome != "passed"]
    for test in failed:
        report.errors.append(f"reference solution: {test.problem}/{test.name}: {test.outcome}: {test.message}")
    report.facts.append(f"reference solution: {solution.points:g} / {solution.max_points:g} "
                        f"({len(solution.tests())} tests)")
    _check_points(assignment, solution, report)
    # Thresholds with too little room and tests near their time budget, on this one seed
    # (``--calibrate`` checks the same on 20).
    report.errors.extend(check_runs([measured.tests]))

    stub = grade_files(course, week, read_submission(assignment.dir, names), backend=backend, seed=VALIDATE_SEED,
                       zygote=zygote)
    if stub.error:
        report.errors.append(f"the stub could not be graded: {stub.error}")
        return report
    hidden_points = sum(t.points for t in stub.tests() if t.visibility != "visible")
    report.facts.append(f"stub: {stub.points:g} / {stub.max_points:g} (hidden graders: {hidden_points:g})")
    if stub.max_points and stub.points >= stub.max_points:
        report.errors.append("the stub scores full marks: the graders test nothing the student writes")
    elif hidden_points > 0:
        passing = [t.name for t in stub.tests() if t.points > 0 and t.visibility != "visible"]
        report.facts.append(f"warning: the stub earns points on hidden graders: {', '.join(passing)}")
    return report


def _validate_and_print(course: Any, week: int, backend: str, zygote: Any, console: Console) -> bool:
    if week not in course.assignments:
        console.print(f"[red]✘ week {week}: no assignment (expected assignments/week{week:02d}/assignment.yml)[/red]")
        return False
    report = validate_week(course, week, backend=backend, zygote=zygote)
    mark = "[green]✔[/green]" if report.ok else "[red]✘[/red]"
    console.print(f"{mark} {course.assignments[week].id}")
    for fact in report.facts:
        console.print(f"    {fact}", markup=False)
    for error in report.errors:
        console.print(f"    [red]error:[/red] {error}")
    return report.ok


def validate(course: Any, weeks: Iterable[int] | None = None, *, console: Console,
             backend: str | None = None) -> int:
    """Validate the given weeks (default: all); print a summary; 0 when all is well, else 1."""
    chosen = sorted(course.assignments) if not weeks else list(weeks)
    console.print(f"[bold]{course.config.name}[/bold]: course.yml loaded ({len(course.roster)} students, "
                  f"{len(course.assignments)} assignments)")
    chosen_backend = backend or "sandbox"
    if chosen_backend == "inprocess":
        console.print("[yellow]note: graders run in-process, without the sandbox[/yellow]")
    failures = 0
    with contextlib.ExitStack() as stack:
        # One zygote (torch imported once) serves every grading of this run.
        zygote = None
        if chosen_backend == "sandbox" and any(week in course.assignments for week in chosen):
            from deepgrade.sandbox import Zygote

            zygote = stack.enter_context(Zygote())
        for week in chosen:
            failures += not _validate_and_print(course, week, chosen_backend, zygote, console)
    console.print("[green]all assignments valid[/green]" if not failures else
                  f"[red]{failures} assignment(s) not valid[/red]")
    return 0 if not failures else 1
