"""HTML pages: what each reader may see, then jinja2 templates with autoescaping.

Visibility decisions (hidden test messages, after_due tests, output caps) are made
here in Python, before a template sees the data, so a template edit cannot leak a
hidden test's message.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, Mapping, Sequence
from urllib.parse import quote
from zoneinfo import ZoneInfo

import jinja2
import jinja2.runtime

from deepgrade.reports.labels import late_duration, translator
from deepgrade.record import ProblemRow, StudentWeek, WeekRecord
from deepgrade.reports.course_view import topic, unisolated_weeks

# Enough to see a traceback or a few prints; the sandbox already caps at output_kb.
OUTPUT_EXCERPT_CHARS = 4000
MESSAGE_CHARS = 2000
_WEEKDAYS_KO = "월화수목금토일"
_UNSAFE_PATH_CHARS = re.compile(r'[\x00-\x1f/\\:*?"<>|]')
# The runner's note for a file (or notebook cell) that failed while it was imported:
# "fourcal.py: error: NameError: …", "week01.ipynb (cell 3): timeout: …": something to fix.
_IMPORT_NOTE = re.compile(r"^[^:\n]+?\.(?:py|ipynb)(?: \((?:cell|셀) \d+\))?: (?:error|timeout|crashed): ")


def safe_component(name: str) -> str:
    """A roster id or group name as one folder name: no separators, no '..', never empty."""
    cleaned = _UNSAFE_PATH_CHARS.sub("_", name).strip().lstrip(".")
    return cleaned or "_"


@dataclass(frozen=True)
class ShownTest:
    label: str          # the test's Korean title (validate requires one), else its name
    outcome: str
    points: float
    max_points: float
    message: str        # "" for a hidden test before the week's reveal point
    withheld: bool      # a hidden test whose message waits for the reveal point
    location: str       # the student's file:line to look at, when known

    @property
    def to_fix(self) -> bool:
        return self.outcome not in ("passed", "skipped")


@dataclass(frozen=True)
class ShownProblem:
    title: str
    points: float
    max_points: float
    tests: tuple[ShownTest, ...]
    pending_after_due: int  # after_due tests not shown yet
    override_reason: str | None

    @property
    def failed(self) -> tuple[ShownTest, ...]:
        return tuple(t for t in self.tests if t.to_fix)

    @property
    def passed(self) -> tuple[ShownTest, ...]:
        return tuple(t for t in self.tests if not t.to_fix)


def shown_problem(problem: ProblemRow, *, revealed: bool) -> ShownProblem:
    """What the student sees of one problem: before the week's reveal point, after_due tests
    not at all and hidden tests by title and outcome only; from then on, everything."""
    shown: list[ShownTest] = []
    pending = 0
    for test in problem.tests:
        if test.visibility == "after_due" and not revealed:
            pending += 1
            continue
        withheld = test.visibility == "hidden" and not revealed
        shown.append(ShownTest(
            label=test.description or test.name,
            outcome=test.outcome,
            points=test.points,
            max_points=test.max_points,
            message="" if withheld else _cap(test.message, MESSAGE_CHARS),
            withheld=withheld and bool(test.message),
            location=test.location,
        ))
    return ShownProblem(problem.title or problem.id, problem.points, problem.max_points,
                        tuple(shown), pending, problem.override_reason)


def shown_output(output: str, hidden_spans: Sequence[tuple[int, int]], *, revealed: bool, placeholder: str) -> str:
    """The student's output; before the reveal point, what hidden tests printed is replaced by
    ``placeholder`` (a print in ``setdata`` would show the hidden operands)."""
    if revealed or not hidden_spans:
        return output
    pieces, position = [], 0
    for start, end in sorted(hidden_spans):
        start, end = max(start, position), min(end, len(output))
        if start >= end:
            continue
        pieces += [output[position:start], placeholder]
        position = end
    pieces.append(output[position:])
    return "".join(pieces)


def _cap(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + " …"


def _format_points(value: Any) -> str:
    if value is None:
        return "–"
    number = float(value)
    return f"{number:.0f}" if number == int(number) else f"{number:.2f}".rstrip("0").rstrip(".")


def format_when(moment: datetime | None, timezone: ZoneInfo, language: str) -> str:
    """A timestamp in the course timezone, with the Korean weekday when language is ko."""
    if moment is None:
        return "–"
    local = moment.astimezone(timezone) if moment.tzinfo else moment.replace(tzinfo=timezone)
    if language == "ko":
        return local.strftime("%Y-%m-%d") + f" ({_WEEKDAYS_KO[local.weekday()]}) " + local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d (%a) %H:%M")


@jinja2.pass_context
def _when(context: jinja2.runtime.Context, moment: datetime | None) -> str:
    return format_when(moment, context["timezone"], context["language"])


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("deepgrade.reports", "templates"),
        autoescape=True,  # every value is escaped: names and outputs are hostile input
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pts"] = _format_points
    env.filters["when"] = _when
    env.filters["topic"] = topic
    env.filters["urlpath"] = lambda name: quote(safe_component(str(name)))
    return env


def render(template: str, *, language: str, timezone: ZoneInfo, **context: Any) -> str:
    """Render one page; `t` and the `when` filter follow the course language and timezone."""
    context.setdefault("graded_at", None)
    context.setdefault("unisolated", ())  # weeks graded unisolated: staff pages pass them
    page = _environment().get_template(template)
    return page.render(t=translator(language), language=language, timezone=timezone, **context)


def late_text(student: StudentWeek, language: str) -> str:
    if student.late_minutes <= 0 or student.status == "missing":
        return ""
    return translator(language)("late_by", duration=late_duration(student.late_minutes, language))


def student_page(week: WeekRecord, student: StudentWeek, *, language: str, timezone: ZoneInfo,
                 deadline: datetime | None, now: datetime, reveal_at: datetime | None = None) -> str:
    """``deadline`` is the student's own (shown); ``reveal_at`` the week's reveal point, from which
    hidden tests' messages, after_due tests and the output of both are shown (default: that
    deadline). The page leads with what to fix; passed tests are folded away."""
    reveal = reveal_at or deadline
    revealed = reveal is None or now >= reveal
    t = translator(language)
    placeholder = t("hidden_output", when=format_when(reveal, timezone, language)) if reveal else ""
    output = shown_output(student.output, student.hidden_output_spans, revealed=revealed, placeholder=placeholder)
    output_cut = len(output) if len(output) > OUTPUT_EXCERPT_CHARS else 0
    problems = [shown_problem(p, revealed=revealed) for p in student.problems]
    # the error notice already says it; the same line again under 참고 is noise
    notes = [n for n in student.notes if n != student.error]
    stopped = [n for n in notes if _IMPORT_NOTE.match(n)]
    return render(
        "student.html.j2", language=language, timezone=timezone,
        week=week, student=student, deadline=deadline, graded_at=week.graded_at,
        problems=problems,
        to_fix=[(p, test) for p in problems for test in p.failed],
        stopped=stopped,
        reveal=None if revealed else reveal,
        next_step=next_step(student),
        late_text=late_text(student, language),
        notes=[n for n in notes if n not in stopped],
        output=output[:OUTPUT_EXCERPT_CHARS], output_cut=OUTPUT_EXCERPT_CHARS if output_cut else 0,
    )


def next_step(student: StudentWeek) -> str | None:
    """The label key of what the student does next when nothing could be graded, else None."""
    if student.status == "missing":
        return "next_missing"
    if student.engine_error:
        return "next_engine_error"
    if student.error or (student.status == "error" and not student.problems):
        return "next_resubmit"
    return None


def group_page(week: WeekRecord, group: str, members: Sequence[StudentWeek], *, leaders: set[str],
               language: str, timezone: ZoneInfo, deadline: datetime | None) -> str:
    rows = [{"student": s, "leader": s.id in leaders, "late_text": late_text(s, language)}
            for s in members]
    return render(
        "group.html.j2", language=language, timezone=timezone, week=week, group=group,
        rows=rows, deadline=deadline, graded_at=week.graded_at,
        any_override=any(s.override is not None for s in members),
    )


def standings_page(rows: Sequence[Any], weeks: Sequence[WeekRecord], *,
                   language: str, timezone: ZoneInfo, graded_at: datetime | None, chart: Any = None) -> str:
    return render("standings.html.j2", language=language, timezone=timezone,
                  rows=rows, weeks=weeks, graded_at=graded_at, chart=chart, unisolated=unisolated_weeks(weeks))


def index_page(weeks: Sequence[WeekRecord], group_weeks: Mapping[str, Sequence[WeekRecord]], *,
               language: str, timezone: ZoneInfo, graded_at: datetime | None) -> str:
    return render("index.html.j2", language=language, timezone=timezone, weeks=weeks,
                  group_weeks=group_weeks, graded_at=graded_at, unisolated=unisolated_weeks(weeks))

