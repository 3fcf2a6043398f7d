"""The `deepgrade` command: a thin client of the library.

Each subcommand parses its flags, loads the course and calls one keyword-only library
function. Heavy imports (torch, pytest, nbgrader) happen inside those functions, so
`--help` and a warm `grade` stay fast.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import traceback
from pathlib import Path
from typing import Callable, Sequence

from deepgrade.errors import ConfigError, MachineRefused, Problem
from deepgrade.messages import LANGUAGES, say, translator

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

_WEEK_RE = re.compile(r"^(?:week)?0*(\d{1,2})$", re.IGNORECASE)


def week_parser(language: str = "ko") -> Callable[[str], int]:
    def parse_week(text: str) -> int:
        """Accept `1`, `01`, `week01`, `week1`."""
        match = _WEEK_RE.match(text.strip())
        if not match or not 1 <= int(match.group(1)) <= 99:
            raise argparse.ArgumentTypeError(say(language, "cli.not_a_week", text=text))
        return int(match.group(1))

    return parse_week


def course_language(argv: Sequence[str]) -> str:
    """The language of the course the command line names (--course FILE, else ./course.yml), read
    before parsing so `--help` and the CLI's own messages speak it; Korean when there is none."""
    path = Path("course.yml")
    for index, arg in enumerate(argv):
        if arg == "--course" and index + 1 < len(argv):
            path = Path(argv[index + 1])
        elif arg.startswith("--course="):
            path = Path(arg.split("=", 1)[1])
    try:
        import yaml

        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except Exception:  # noqa: BLE001 - an unreadable course is reported later, with its line
        return "ko"
    language = data.get("language") if isinstance(data, dict) else None
    return language if language in LANGUAGES else "ko"


def _course_flag(parser: argparse.ArgumentParser, h: Callable[..., str]) -> None:
    parser.add_argument("--course", type=Path, default=None, metavar="FILE", help=h("course"))


def _path_flags(parser: argparse.ArgumentParser, h: Callable[..., str], *names: str) -> None:
    for name in names:
        parser.add_argument(f"--{name}", type=Path, default=None, metavar="DIR" if name != "roster" else "FILE",
                            help=h(name))


def build_parser(language: str = "ko") -> argparse.ArgumentParser:
    h = translator(language, "cli")
    parse_week = week_parser(language)
    parser = argparse.ArgumentParser(prog="deepgrade", description=h("description"))
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("validate", help=h("validate"))
    _course_flag(p, h)
    p.add_argument("weeks", nargs="*", type=parse_week, metavar="WEEK", help=h("validate.weeks"))
    p.add_argument("--calibrate", type=parse_week, default=None, metavar="WEEK",
                   help=h("validate.calibrate"))
    p.add_argument("--seeds", type=_positive_int(language), default=None, metavar="N", help=h("validate.seeds"))
    p.set_defaults(run=_cmd_validate)

    p = sub.add_parser("stubgen", help=h("stubgen"))
    _course_flag(p, h)
    p.add_argument("weeks", nargs="*", type=parse_week, metavar="WEEK", help=h("stubgen.weeks"))
    p.add_argument("--check", action="store_true", help=h("stubgen.check"))
    p.set_defaults(run=_cmd_stubgen)

    p = sub.add_parser("release", help=h("release"))
    _course_flag(p, h)
    p.add_argument("week", type=parse_week, metavar="WEEK")
    _path_flags(p, h, "export")
    p.set_defaults(run=_cmd_release)

    p = sub.add_parser("check", help=h("check"))
    _course_flag(p, h)
    p.add_argument("week", type=parse_week, metavar="WEEK")
    p.add_argument("directory", nargs="?", type=Path, default=Path("."), metavar="DIR",
                   help=h("check.dir"))
    p.set_defaults(run=_cmd_check)

    p = sub.add_parser("grade", help=h("grade"))
    _course_flag(p, h)
    p.add_argument("--week", dest="weeks", action="append", type=parse_week, metavar="N",
                   help=h("grade.week"))
    _path_flags(p, h, "inbox", "export", "roster", "state")
    p.add_argument("--jobs", type=_jobs(language), default=None, metavar="N", help=h("grade.jobs"))
    p.add_argument("--regrade", action="store_true",
                   help=h("grade.regrade"))
    p.add_argument("--allow-unisolated", action="store_true",
                   help=h("grade.allow_unisolated"))
    p.add_argument("--executor", choices=("local", "dask"), default="local",
                   help=h("grade.executor"))
    p.add_argument("--scheduler", default=None, metavar="ADDR",
                   help=h("grade.scheduler"))
    p.add_argument("--student", dest="students", action="append", metavar="ID",
                   help=h("grade.student"))
    p.set_defaults(run=_cmd_grade)

    p = sub.add_parser("publish", help=h("publish"))
    _course_flag(p, h)
    _path_flags(p, h, "export")
    p.add_argument("--remote", default=None, metavar="REMOTE:FOLDER",
                   help=h("publish.remote"))
    p.add_argument("--dry-run", action="store_true", help=h("publish.dry_run"))
    p.set_defaults(run=_cmd_publish)

    p = sub.add_parser("report", help=h("report"))
    _course_flag(p, h)
    _path_flags(p, h, "export", "roster", "state")
    p.set_defaults(run=_cmd_report)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("deepgrade")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "(not installed)"


def _jobs(language: str) -> Callable[[str], int]:
    def jobs(text: str) -> int:
        """--jobs: 1 to 4 per CPU; 10000 would start 10000 torch workers and take the machine down."""
        try:
            count = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(say(language, "cli.not_whole", text=text)) from None
        cpus = os.cpu_count() or 1
        if not 1 <= count <= 4 * cpus:
            raise argparse.ArgumentTypeError(say(language, "cli.jobs_range", jobs=count, most=4 * cpus, cpus=cpus))
        return count

    return jobs


def _require_weeks(course, weeks: Sequence[int] | None) -> None:
    """Weeks named on the command line must be scheduled and have an assignment: a typo like
    `--week 11` must not end as a quiet run that graded nothing."""
    problems = []
    for week in weeks or ():
        if week not in course.weeks:
            problems.append(Problem(str(course.course_file), None, "week",
                                    say(course.language, "cli.week_not_scheduled", week=week,
                                        weeks=", ".join(map(str, course.weeks)))))
        elif week not in course.assignments:
            folder = course.config.paths.assignments
            session = course.config.session(week)
            problems.append(Problem(str(course.course_file), None, "week",
                                    say(course.language, "cli.week_no_assignment", week=week, folder=folder,
                                        assignment=session.assignment_id,
                                        weeks=", ".join(map(str, sorted(course.assignments))))))
    if problems:
        raise ConfigError(problems)


def _console():
    from rich.console import Console

    return Console(highlight=False)


def _load(args: argparse.Namespace, **paths):
    from deepgrade.config import find_course_file, load_course

    return load_course(find_course_file(args.course), **paths)


def _positive_int(language: str) -> Callable[[str], int]:
    def positive(text: str) -> int:
        if not text.isdigit() or int(text) < 1:
            raise argparse.ArgumentTypeError(say(language, "cli.not_positive", text=text))
        return int(text)

    return positive


def _cmd_validate(args: argparse.Namespace) -> int:
    from deepgrade.authoring.validate import validate

    course = _load(args)
    if args.calibrate is not None:
        from deepgrade.authoring.calibrate import CALIBRATION_SEEDS, calibrate_week, print_calibration

        if args.weeks:
            raise ConfigError(Problem("deepgrade validate", None, "--calibrate", say(args.language, "cli.calibrate_one")))
        _require_weeks(course, [args.calibrate])
        report = calibrate_week(course, args.calibrate, seeds=args.seeds or CALIBRATION_SEEDS)
        print_calibration(report, _console())
        return 0 if report.ok else 1
    if args.seeds is not None:
        raise ConfigError(Problem("deepgrade validate", None, "--seeds", say(args.language, "cli.seeds_alone")))
    _require_weeks(course, args.weeks)
    return validate(course, args.weeks or None, console=_console())


def _cmd_stubgen(args: argparse.Namespace) -> int:
    from deepgrade.authoring.stubgen import stubgen

    course = _load(args)
    _require_weeks(course, args.weeks)
    results = stubgen(course, args.weeks or None, check=args.check)
    console = _console()
    for result in results:
        line = f"week{result.week:02d} {result.path}: {result.status}"
        console.print(line + (f" ({result.message})" if result.message else ""), markup=False)
    bad = [r for r in results if r.status in ("stale", "missing", "error")]
    if bad:
        hint = say(course.language, "cli.stubgen_hint") if args.check else ""
        console.print(say(course.language, "cli.stubs_attention", n=len(bad)) + hint, markup=False)
    return EXIT_FAILED if bad else EXIT_OK


def _cmd_release(args: argparse.Namespace) -> int:
    from deepgrade.authoring.release import release

    course = _load(args, export=args.export)
    _require_weeks(course, [args.week])
    out = release(course, args.week, export=course.export)
    _console().print(say(course.language, "cli.released", path=out))
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from deepgrade.authoring.check import check

    if not args.directory.is_dir():
        raise ConfigError(Problem(str(args.directory), None, None, say(args.language, "cli.not_a_folder")))
    course = _load(args)
    _require_weeks(course, [args.week])
    return check(course, args.week, args.directory, console=_console())


def _cmd_grade(args: argparse.Namespace) -> int:
    from deepgrade.pipeline.grade import grade_course

    if (args.executor == "dask") != (args.scheduler is not None):
        raise ConfigError(Problem("deepgrade grade", None, "--scheduler" if args.executor == "dask" else "--executor",
                                  say(args.language, "cli.executor_scheduler")))
    course = _load(args, inbox=args.inbox, export=args.export, roster=args.roster, state=args.state)
    _require_weeks(course, args.weeks)
    if not Path(course.inbox).is_dir():
        raise ConfigError(Problem(str(course.inbox), None, "inbox", say(course.language, "cli.inbox_missing")))
    _require_writable(course.export, "export", course.language)
    _require_writable(course.state, "state", course.language)
    summary = grade_course(course, weeks=args.weeks, jobs=args.jobs, console=_console(), regrade=args.regrade,
                           allow_unisolated=args.allow_unisolated, students=args.students,
                           executor=args.executor, scheduler=args.scheduler)
    return summary.exit_code


def _cmd_report(args: argparse.Namespace) -> int:
    from deepgrade.pipeline.grade import rebuild_reports

    course = _load(args, export=args.export, roster=args.roster, state=args.state)
    _require_writable(course.export, "export", course.language)
    return rebuild_reports(course, console=_console())


def _cmd_publish(args: argparse.Namespace) -> int:
    from deepgrade.config.course import Publish
    from deepgrade.publish import publish, summary_lines

    course = _load(args, export=args.export)
    setting = course.config.publish
    if args.remote is not None:
        try:
            setting = Publish(remote=args.remote, delete=setting.delete if setting else True)
        except ValueError as exc:
            errors = getattr(exc, "errors", lambda: [])()
            message = str(errors[0].get("ctx", {}).get("error", exc)) if errors else str(exc)
            raise ConfigError(Problem("--remote", None, None, message)) from None
    if setting is None:
        raise ConfigError(Problem(str(course.course_file), None, "publish", say(course.language, "cli.no_publish")))
    result = publish(export=course.export, remote=setting.remote, delete=setting.delete, dry_run=args.dry_run)
    console = _console()
    for line in summary_lines(result, language=course.language):
        console.print(line, markup=False)
    return EXIT_OK if result.ok else EXIT_FAILED


def _require_writable(folder: Path, what: str, language: str) -> None:
    """Create ``folder`` if needed and prove a file can be written there, before any work."""
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
        probe = Path(folder) / f".deepgrade-write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise ConfigError(Problem(str(folder), None, what,
                                  say(language, "cli.cannot_write", why=exc.strerror or exc))) from None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    language = course_language(argv)
    parser = build_parser(language)
    args = parser.parse_args(argv)  # argparse itself exits 2 with a usage message
    args.language = language
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except ConfigError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_USAGE
    except MachineRefused as exc:
        print(exc, file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(say(language, "cli.interrupted"), file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `deepgrade … | head`: the reader left; not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        if exc.filename is not None:
            # The machine said no (disk full, permissions, a vanished folder): say where.
            print(f"{exc.filename}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_USAGE
        return _internal_error(language)
    except Exception:  # a bug in deepgrade, not bad input: say so, keep the details
        return _internal_error(language)


def _internal_error(language: str) -> int:
    traceback.print_exc()
    print(say(language, "cli.internal_error"), file=sys.stderr)
    return EXIT_FAILED
