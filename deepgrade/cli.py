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

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

_WEEK_RE = re.compile(r"^(?:week)?0*(\d{1,2})$", re.IGNORECASE)


def parse_week(text: str) -> int:
    """Accept `1`, `01`, `week01`, `week1`."""
    match = _WEEK_RE.match(text.strip())
    if not match or not 1 <= int(match.group(1)) <= 99:
        raise argparse.ArgumentTypeError(f"not a week number: {text!r} (expected e.g. 1, 01 or week01)")
    return int(match.group(1))


def _course_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--course", type=Path, default=None, metavar="FILE",
        help="course.yml to use (default: ./course.yml)",
    )


def _path_flags(parser: argparse.ArgumentParser, *names: str) -> None:
    helps = {
        "inbox": "folder with the uploads, <inbox>/weekNN/… (default: course.yml paths.inbox, env DEEPGRADE_INBOX)",
        "export": "folder the reports go to, e.g. the Drive-synced one (default: paths.export, env DEEPGRADE_EXPORT)",
        "roster": "roster CSV (default: course.yml paths.roster)",
        "state": "local state folder with the results database (default: paths.state, .deepgrade/)",
    }
    for name in names:
        parser.add_argument(f"--{name}", type=Path, default=None, metavar="DIR" if name != "roster" else "FILE",
                            help=helps[name])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deepgrade",
        description="Autograded assignments for the Deep Session course: author, release, self-check, grade, report.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("validate", help="check the configuration and every assignment (solution full marks, stub not, stubs fresh)")
    _course_flag(p)
    p.add_argument("weeks", nargs="*", type=parse_week, metavar="WEEK", help="weeks to validate (default: all)")
    p.add_argument("--calibrate", type=parse_week, default=None, metavar="WEEK",
                   help="grade WEEK's reference on many seeds: each threshold test's worst metric and time")
    p.add_argument("--seeds", type=_positive_int, default=None, metavar="N",
                   help="seeds for --calibrate (default 20)")
    p.set_defaults(run=_cmd_validate)

    p = sub.add_parser("stubgen", help="generate student stubs (.py and .ipynb) from solutions/")
    _course_flag(p)
    p.add_argument("weeks", nargs="*", type=parse_week, metavar="WEEK", help="weeks (default: all)")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 when a committed stub is stale")
    p.set_defaults(run=_cmd_stubgen)

    p = sub.add_parser("release", help="build the student bundle <export>/release/weekNN/ and its zip")
    _course_flag(p)
    p.add_argument("week", type=parse_week, metavar="WEEK")
    _path_flags(p, "export")
    p.set_defaults(run=_cmd_release)

    p = sub.add_parser("check", help="a student's self-check: run the public tests on your files")
    _course_flag(p)
    p.add_argument("week", type=parse_week, metavar="WEEK")
    p.add_argument("directory", nargs="?", type=Path, default=Path("."), metavar="DIR",
                   help="folder with your .py files or notebook (default: current folder)")
    p.set_defaults(run=_cmd_check)

    p = sub.add_parser("grade", help="collect the inbox, grade new submissions, write every report")
    _course_flag(p)
    p.add_argument("--week", dest="weeks", action="append", type=parse_week, metavar="N",
                   help="grade only this week (repeatable; default: every week with an inbox folder)")
    _path_flags(p, "inbox", "export", "roster", "state")
    p.add_argument("--jobs", type=_jobs, default=None, metavar="N", help="submissions graded in parallel (default: CPU count)")
    p.add_argument("--regrade", action="store_true",
                   help="grade every submission of the selected weeks again, even when a stored result "
                        "for the same files and graders exists (earlier results stay in the history)")
    p.add_argument("--allow-unisolated", action="store_true",
                   help="grade even where student code cannot be isolated (no user namespaces, macOS): "
                        "student code can then read your files and use the network; staff pages say so")
    p.add_argument("--executor", choices=("local", "dask"), default="local",
                   help="where submissions are graded: local (--jobs processes here, the default) or dask "
                        "(the workers of a Dask distributed cluster, each with its own sandbox zygote)")
    p.add_argument("--scheduler", default=None, metavar="ADDR",
                   help="the Dask scheduler for --executor dask, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--student", dest="students", action="append", metavar="ID",
                   help="grade only this student (repeatable; with --regrade: again); everyone else keeps "
                        "the week's stored result, and their result is printed")
    p.set_defaults(run=_cmd_grade)

    p = sub.add_parser("publish", help="copy the export folder to the Drive folder of course.yml's publish.remote "
                                       "(through rclone; only changed files)")
    _course_flag(p)
    _path_flags(p, "export")
    p.add_argument("--remote", default=None, metavar="REMOTE:FOLDER",
                   help="rclone remote and folder to publish to (default: course.yml publish.remote)")
    p.add_argument("--dry-run", action="store_true", help="say what would be sent and deleted; change nothing")
    p.set_defaults(run=_cmd_publish)

    p = sub.add_parser("report", help="rebuild every report from stored results, without regrading")
    _course_flag(p)
    _path_flags(p, "export", "roster", "state")
    p.set_defaults(run=_cmd_report)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("deepgrade")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "(not installed)"


def _jobs(text: str) -> int:
    """--jobs: 1 to 4 per CPU; 10000 would start 10000 torch workers and take the machine down."""
    try:
        jobs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r} (expected e.g. 2)") from None
    cpus = os.cpu_count() or 1
    if not 1 <= jobs <= 4 * cpus:
        raise argparse.ArgumentTypeError(f"{jobs} is out of range (expected 1 to {4 * cpus}: up to 4 per CPU, "
                                         f"this machine has {cpus})")
    return jobs


def _require_weeks(course, weeks: Sequence[int] | None) -> None:
    """Weeks named on the command line must be scheduled and have an assignment: a typo like
    `--week 11` must not end as a quiet run that graded nothing."""
    problems = []
    for week in weeks or ():
        if week not in course.weeks:
            problems.append(Problem(str(course.course_file), None, "week",
                                    f"week {week} is not in the schedule (expected one of: "
                                    f"{', '.join(map(str, course.weeks))})"))
        elif week not in course.assignments:
            folder = course.config.paths.assignments
            session = course.config.session(week)
            problems.append(Problem(str(course.course_file), None, "week",
                                    f"week {week} has no assignment yet (expected {folder}/{session.assignment_id}/"
                                    f"assignment.yml; weeks with one: {', '.join(map(str, sorted(course.assignments)))})"))
    if problems:
        raise ConfigError(problems)


def _console():
    from rich.console import Console

    return Console(highlight=False)


def _load(args: argparse.Namespace, **paths):
    from deepgrade.config import find_course_file, load_course

    return load_course(find_course_file(args.course), **paths)


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {text!r}")
    return int(text)


def _cmd_validate(args: argparse.Namespace) -> int:
    from deepgrade.authoring.validate import validate

    course = _load(args)
    if args.calibrate is not None:
        from deepgrade.authoring.calibrate import CALIBRATION_SEEDS, calibrate_week, print_calibration

        if args.weeks:
            raise ConfigError(Problem("deepgrade validate", None, "--calibrate",
                                      "calibrates one week; name no other weeks (expected e.g. --calibrate 2)"))
        _require_weeks(course, [args.calibrate])
        report = calibrate_week(course, args.calibrate, seeds=args.seeds or CALIBRATION_SEEDS)
        print_calibration(report, _console())
        return 0 if report.ok else 1
    if args.seeds is not None:
        raise ConfigError(Problem("deepgrade validate", None, "--seeds",
                                  "only goes with --calibrate WEEK (expected e.g. --calibrate 2 --seeds 20)"))
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
        hint = " Run `deepgrade stubgen` to regenerate." if args.check else ""
        console.print(f"{len(bad)} stub(s) need attention.{hint}", markup=False)
    return EXIT_FAILED if bad else EXIT_OK


def _cmd_release(args: argparse.Namespace) -> int:
    from deepgrade.authoring.release import release

    course = _load(args, export=args.export)
    _require_weeks(course, [args.week])
    out = release(course, args.week, export=course.export)
    _console().print(f"release written: {out}")
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from deepgrade.authoring.check import check

    if not args.directory.is_dir():
        raise ConfigError(Problem(str(args.directory), None, None, "not a folder (expected the folder with your files)"))
    course = _load(args)
    _require_weeks(course, [args.week])
    return check(course, args.week, args.directory, console=_console())


def _cmd_grade(args: argparse.Namespace) -> int:
    from deepgrade.pipeline.grade import grade_course

    if (args.executor == "dask") != (args.scheduler is not None):
        raise ConfigError(Problem("deepgrade grade", None, "--scheduler" if args.executor == "dask" else "--executor",
                                  "--executor dask and --scheduler ADDR go together (expected e.g. "
                                  "--executor dask --scheduler tcp://10.0.0.5:8786)"))
    course = _load(args, inbox=args.inbox, export=args.export, roster=args.roster, state=args.state)
    _require_weeks(course, args.weeks)
    if not Path(course.inbox).is_dir():
        raise ConfigError(Problem(str(course.inbox), None, "inbox",
                                  "folder not found (expected the folder holding week01/, week02/, …; "
                                  "set --inbox, DEEPGRADE_INBOX or paths.inbox in course.yml)"))
    _require_writable(course.export, "export")
    _require_writable(course.state, "state")
    summary = grade_course(course, weeks=args.weeks, jobs=args.jobs, console=_console(), regrade=args.regrade,
                           allow_unisolated=args.allow_unisolated, students=args.students,
                           executor=args.executor, scheduler=args.scheduler)
    return summary.exit_code


def _cmd_report(args: argparse.Namespace) -> int:
    from deepgrade.pipeline.grade import rebuild_reports

    course = _load(args, export=args.export, roster=args.roster, state=args.state)
    _require_writable(course.export, "export")
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
        raise ConfigError(Problem(str(course.course_file), None, "publish",
                                  "no publish.remote (expected e.g. `publish: {remote: \"gdrive:DeepSession/2022-1\"}` "
                                  "in course.yml, or --remote)"))
    result = publish(export=course.export, remote=setting.remote, delete=setting.delete, dry_run=args.dry_run)
    console = _console()
    for line in summary_lines(result, ko=course.language == "ko"):
        console.print(line, markup=False)
    return EXIT_OK if result.ok else EXIT_FAILED


def _require_writable(folder: Path, what: str) -> None:
    """Create ``folder`` if needed and prove a file can be written there, before any work."""
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
        probe = Path(folder) / f".deepgrade-write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise ConfigError(Problem(str(folder), None, what,
                                  f"cannot write there ({exc.strerror or exc}); expected a writable folder")) from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # argparse itself exits 2 with a usage message
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
        print("deepgrade: interrupted; everything graded so far is kept.", file=sys.stderr)
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
        return _internal_error()
    except Exception:  # a bug in deepgrade, not bad input: say so, keep the details
        return _internal_error()


def _internal_error() -> int:
    traceback.print_exc()
    print("deepgrade: internal error (a bug in deepgrade, not in your input); please report it with the lines above.",
          file=sys.stderr)
    return EXIT_FAILED
