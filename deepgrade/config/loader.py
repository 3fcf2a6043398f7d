"""Load course.yml, roster.csv and every assignment.yml into one immutable ``Course``.

Everything is checked before anything is reported: a TA fixing a course file sees all of
its problems at once, each as ``file:line: field: what is wrong (expected …)``.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Mapping
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ValidationError

from deepgrade.config.assignment import AssignmentConfig, check_assignment
from deepgrade.config.course import CourseConfig, check_course
from deepgrade.config.messages import problems_at, problems_from_validation
from deepgrade.config.roster import Student, load_roster
from deepgrade.config.yamlsource import YamlDocument, format_loc, load_yaml
from deepgrade.errors import ConfigError, Problem
from deepgrade.fixtures.shipped import check_data_files

COURSE_FILE = "course.yml"
ASSIGNMENT_FILE = "assignment.yml"
ENV_INBOX = "DEEPGRADE_INBOX"
ENV_EXPORT = "DEEPGRADE_EXPORT"
_WEEK_FOLDER = re.compile(r"^week\d+$")
_ENV_VAR = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class Assignment:
    week: int
    id: str
    config: AssignmentConfig
    dir: Path               # assignments/week01: assignment.yml, stubs, public tests
    solution_dir: Path      # solutions/week01
    grader_dir: Path        # graders/week01
    public_tests_dir: Path  # assignments/week01/tests


@dataclass(frozen=True)
class Course:
    config: CourseConfig
    root: Path                      # the folder of course.yml; relative paths start here
    roster: tuple[Student, ...]
    assignments: dict[int, Assignment]  # only weeks whose assignment folder exists
    inbox: Path
    export: Path
    state: Path
    course_file: Path = field(default=Path(COURSE_FILE))

    @property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(self.config.timezone)

    @property
    def language(self) -> Literal["ko", "en"]:
        return self.config.language

    @property
    def weeks(self) -> tuple[int, ...]:
        """Every scheduled week, in order (also those without an assignment yet)."""
        return tuple(s.week for s in self.config.sessions)

    def student(self, student_id: str) -> Student | None:
        return next((s for s in self.roster if s.id == student_id), None)

    def in_audit_period(self, week: int) -> bool:
        """The first ``audit_weeks`` weeks, when members may still drop (청강 기간)."""
        return self.weeks.index(week) < self.config.audit_weeks

    def deadline(self, week: int, student_id: str | None = None) -> dt.datetime:
        """When week ``week`` is due (aware, course timezone): the course rule, replaced by the
        assignment's own deadline if it sets one, replaced by the student's extension if any."""
        if week not in self.weeks:
            raise KeyError(f"week {week} is not in the schedule (weeks: {', '.join(map(str, self.weeks))})")
        due = self.config.rule_deadline(week)
        assignment = self.assignments.get(week)
        if assignment is not None and assignment.config.deadline is not None:
            due = assignment.config.deadline.replace(tzinfo=self.timezone)
        if student_id is not None:
            for extension in self.config.extensions:
                if extension.week == week and extension.student == student_id:
                    due = extension.until.replace(tzinfo=self.timezone)
        return due


def find_course_file(explicit: Path | None = None) -> Path:
    """``--course FILE`` if given, else ./course.yml; ConfigError when it is not there."""
    if explicit is not None:
        candidate = Path(explicit)
        if not candidate.is_file():
            what = ("is a folder (expected the course.yml file)" if candidate.is_dir()
                    else "is a link that leads nowhere (broken or looping; expected the course.yml file)"
                    if candidate.is_symlink() else "file not found (check --course)")
            raise ConfigError.at(candidate, None, None, what)
        return candidate
    candidate = Path.cwd() / COURSE_FILE
    if not candidate.is_file():
        raise ConfigError.at(COURSE_FILE, None, None,
                             f"file not found in {Path.cwd()} (run deepgrade in the course folder, or pass --course FILE)")
    return candidate


def load_course(path: Path, *, inbox: Path | str | None = None, export: Path | str | None = None,
                roster: Path | str | None = None, state: Path | str | None = None) -> Course:
    """Load and check the whole course; raise one ConfigError listing every problem found.

    Path precedence: keyword arguments (command-line flags) beat DEEPGRADE_INBOX /
    DEEPGRADE_EXPORT beat course.yml. Flag and environment paths are relative to the current
    folder; course.yml's own paths are relative to the folder course.yml is in.
    """
    path = Path(path)
    doc = load_yaml(path)  # syntax errors stop here: nothing below would be trustworthy
    root = path.parent.absolute()
    problems: list[Problem] = []
    if not isinstance(doc.data, dict):
        raise ConfigError.at(path, 1, None, "expected a mapping of 'key: value' lines at the top level")
    config = _validate(doc, CourseConfig, problems)
    if config is not None:
        problems += problems_at(str(path), doc.line_of, check_course(config))

    raw_paths = doc.data.get("paths") if isinstance(doc.data.get("paths"), dict) else {}

    def course_path(key: str, default: str) -> Path | None:
        """paths.<key> from course.yml, relative to it, with ~ and $VARS expanded; None if unusable."""
        value = config.paths.model_dump()[key] if config is not None else raw_paths.get(key, default)
        if not isinstance(value, str) or not value.strip():
            return None  # already reported by the schema
        expanded, unset = expand_path_text(value)
        if unset:
            problems.append(Problem(str(path), doc.line_of(("paths", key)), f"paths.{key}",
                                    f"uses ${unset}, which is not set in the environment "
                                    "(expected a set variable, or the path written out)"))
            return None
        return root / expanded

    roster_path = _override(roster, None) or course_path("roster", "roster.csv")
    students: tuple[Student, ...] = ()
    roster_ok = False
    groups = config.groups if config is not None else _raw_groups(doc.data)
    try:
        if roster_path is not None:
            students, roster_problems = load_roster(roster_path, groups)
            problems += roster_problems
            roster_ok = not roster_problems
    except ConfigError as exc:
        problems += _located(exc, path if roster is None else None, doc, ("paths", "roster"))

    assignments: dict[int, Assignment] = {}
    if config is not None:
        assignments = _load_assignments(config, root, path, doc, problems)
        # with a broken roster, "not in the roster" would only repeat its errors
        problems += _check_extensions(config, students if roster_ok else None, assignments, path, doc)
    else:
        # course.yml is broken, but the assignment files can still be checked on their own
        folder = root / str(raw_paths.get("assignments", "assignments"))
        for yml in sorted(folder.glob("week*/" + ASSIGNMENT_FILE)) if folder.is_dir() else ():
            _read_assignment(yml, problems)
    located: dict[str, tuple[Path | None, Problem]] = {}
    for key, flag, env_name, default in (("inbox", inbox, ENV_INBOX, "demo/inbox"), ("export", export, ENV_EXPORT, "export"),
                                         ("state", state, None, ".deepgrade")):
        chosen = _override(flag, env_name)
        if chosen is not None:
            origin = f"--{key}" if flag is not None and str(flag) != "" else str(env_name)
            located[key] = (chosen, Problem(origin, None, None, ""))
        else:
            located[key] = (course_path(key, default),
                            Problem(str(path), doc.line_of(("paths", key)), f"paths.{key}", ""))
    if config is not None:
        problems += _check_locations(located, {"graders": root / config.paths.graders,
                                               "solutions": root / config.paths.solutions})
    if problems:
        raise ConfigError(_in_reading_order(problems))
    assert config is not None
    folders = {key: where for key, (where, _) in located.items()}
    assert all(folders.values())
    return Course(
        config=config, root=root, roster=students, assignments=assignments,
        inbox=folders["inbox"], export=folders["export"], state=folders["state"],  # type: ignore[arg-type]
        course_file=path,
    )


def expand_path_text(text: str) -> tuple[str, str | None]:
    """``~`` and ``$VAR``/``${VAR}`` expanded as a shell would; also the first variable left unset."""
    expanded = os.path.expanduser(os.path.expandvars(text))
    unset = _ENV_VAR.search(expanded)
    return expanded, unset.group(1) if unset else None


def _inside(inner: Path, outer: Path) -> bool:
    """``inner`` is ``outer`` or below it, after links are followed (a Drive folder is often a link)."""
    a, b = Path(os.path.realpath(inner)), Path(os.path.realpath(outer))
    return a == b or b in a.parents


def _relation(inner: Path, outer: Path) -> str:
    return "is" if os.path.realpath(inner) == os.path.realpath(outer) else "is inside"


def _check_locations(located: Mapping[str, tuple[Path | None, Problem]], hidden: Mapping[str, Path]) -> list[Problem]:
    """Folders that must stay apart: reports and state never among the students' uploads, and a
    shared export folder never holding the hidden graders or the solutions."""
    where = {key: value for key, (value, _) in located.items() if value is not None}
    found: list[tuple[str, str]] = []
    if "inbox" in where and "export" in where and _inside(where["export"], where["inbox"]):
        found.append(("export", f"{where['export']} {_relation(where['export'], where['inbox'])} the inbox {where['inbox']}: every student's report would "
                                "land in the upload folder (expected a separate folder, e.g. export/)"))
    if "inbox" in where and "state" in where and _inside(where["state"], where["inbox"]):
        found.append(("state", f"{where['state']} {_relation(where['state'], where['inbox'])} the inbox {where['inbox']}: the results database would sit "
                               "in the upload folder (expected a local folder, e.g. .deepgrade/)"))
    if "export" in where:
        for name, folder in hidden.items():
            if _inside(folder, where["export"]):
                found.append(("export", f"{where['export']} holds the {name} folder {folder}: sharing the reports "
                                        f"would share the {name} (expected a folder of its own, e.g. export/)"))
    out = []
    for key, message in found:
        origin = located[key][1]
        out.append(Problem(origin.path, origin.line, origin.field, message))
    return out


def _in_reading_order(problems: list[Problem]) -> list[Problem]:
    """Files in the order they were checked, each file's problems top to bottom."""
    file_order: dict[str, int] = {}
    for p in problems:
        file_order.setdefault(p.path, len(file_order))
    return sorted(problems, key=lambda p: (file_order[p.path], p.line or 0))


def _override(flag: Path | str | None, env_name: str | None) -> Path | None:
    if flag is not None and str(flag) != "":
        return Path(flag).expanduser().absolute()
    value = os.environ.get(env_name, "") if env_name else ""
    return Path(value).expanduser().absolute() if value.strip() else None


def _validate(doc: YamlDocument, model: type[BaseModel], problems: list[Problem]) -> Any:
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems += problems_from_validation(exc, model, str(doc.path), doc.line_of)
        return None


def _raw_groups(data: Mapping[str, Any]) -> list[str] | None:
    groups = data.get("groups")
    return [str(g) for g in groups] if isinstance(groups, list) else None


def _located(exc: ConfigError, course_path: Path | None, doc: YamlDocument, loc: tuple[str, ...]) -> list[Problem]:
    """A missing roster is reported with the course.yml line that names it, when it came from there."""
    if course_path is None:
        return exc.problems
    out = []
    for p in exc.problems:
        if p.line is None:
            out.append(Problem(str(course_path), doc.line_of(loc), ".".join(loc), f"roster {p.message} ({p.path})"))
        else:
            out.append(p)
    return out


def _load_assignments(config: CourseConfig, root: Path, course_path: Path, doc: YamlDocument,
                      problems: list[Problem]) -> dict[int, Assignment]:
    folders = root / config.paths.assignments
    assignments: dict[int, Assignment] = {}
    scheduled = {s.assignment_id: (i, s) for i, s in enumerate(config.sessions)}
    for assignment_id, (index, session) in scheduled.items():
        folder = folders / assignment_id
        if not folder.is_dir():
            continue  # not written yet: allowed, the week just has no assignment
        yml = folder / ASSIGNMENT_FILE
        if not yml.is_file():
            loc = ("sessions", index)
            problems.append(Problem(str(course_path), doc.line_of(loc), format_loc(loc),
                                    f"{yml} is missing (the week's folder exists; expected its assignment.yml, "
                                    "or no folder until the week is written)"))
            continue
        loaded = _read_assignment(yml, problems)
        if loaded is None:
            continue
        adoc, aconfig = loaded
        found: list[tuple[tuple[Any, ...], str]] = []
        if aconfig.id != assignment_id:
            found.append((("id",), f"{aconfig.id!r} does not match its folder and course.yml (expected {assignment_id!r})"))
        if aconfig.week != session.week:
            found.append((("week",), f"{aconfig.week} does not match course.yml, which schedules {assignment_id} "
                                     f"in week {session.week} (line {doc.line_of(('sessions', index, 'week'))})"))
        starts = dt.datetime.combine(session.date, session.time)
        if aconfig.deadline is not None and aconfig.deadline <= starts:
            found.append((("deadline",), f"{aconfig.deadline:%Y-%m-%d %H:%M} is not after the week's session "
                                         f"{starts:%Y-%m-%d %H:%M} (expected a later date and time)"))
        found += check_data_files(aconfig, folder)
        if found:
            problems += problems_at(str(yml), adoc.line_of, found)
            continue
        assignments[session.week] = Assignment(
            week=session.week, id=assignment_id, config=aconfig, dir=folder,
            solution_dir=root / config.paths.solutions / assignment_id,
            grader_dir=root / config.paths.graders / assignment_id,
            public_tests_dir=folder / "tests",
        )
    if folders.is_dir():
        for folder in sorted(folders.iterdir()):
            if folder.is_dir() and _WEEK_FOLDER.match(folder.name) and folder.name not in scheduled:
                problems.append(Problem(str(folder), None, None,
                                        f"not in course.yml's sessions (expected one of: {', '.join(scheduled)}; "
                                        "add a session or rename the folder)"))
    return assignments


def _read_assignment(yml: Path, problems: list[Problem]) -> tuple[YamlDocument, AssignmentConfig] | None:
    """One assignment.yml checked on its own (schema and its cross-field rules)."""
    try:
        adoc = load_yaml(yml)
    except ConfigError as exc:
        problems += exc.problems
        return None
    if not isinstance(adoc.data, dict):
        problems.append(Problem(str(yml), 1, None, "expected a mapping of 'key: value' lines at the top level"))
        return None
    aconfig = _validate(adoc, AssignmentConfig, problems)
    if aconfig is None:
        return None
    found = check_assignment(aconfig)
    if found:
        problems += problems_at(str(yml), adoc.line_of, found)
        return None
    return adoc, aconfig


def _check_extensions(config: CourseConfig, students: tuple[Student, ...] | None, assignments: Mapping[int, Assignment],
                      course_path: Path, doc: YamlDocument) -> list[Problem]:
    known = {s.id for s in students or ()}
    zone = ZoneInfo(config.timezone)
    found: list[tuple[tuple[Any, ...], str]] = []
    weeks = {s.week for s in config.sessions}
    for i, extension in enumerate(config.extensions):
        if students is not None and extension.student not in known:
            found.append((("extensions", i, "student"), f"{extension.student!r} is not in the roster (expected a student id)"))
        if extension.week not in weeks:
            continue  # reported by check_course
        assignment = assignments.get(extension.week)
        due = (assignment.config.deadline.replace(tzinfo=zone) if assignment and assignment.config.deadline
               else config.rule_deadline(extension.week))
        if extension.until.replace(tzinfo=zone) <= due:
            found.append((("extensions", i, "until"),
                          f"{extension.until:%Y-%m-%d %H:%M} is not after the regular deadline {due:%Y-%m-%d %H:%M} "
                          "(expected a later date and time)"))
    return problems_at(str(course_path), doc.line_of, found)
