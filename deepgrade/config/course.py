"""course.yml: the schema (pydantic, unknown keys rejected) and its cross-field checks."""
from __future__ import annotations

import re
import unicodedata
import datetime as dt
from datetime import timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator

from deepgrade.config.yamlsource import Loc

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_ASSIGNMENT_ID = re.compile(r"^[A-Za-z0-9_-]+$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def reject_numbers(value: object) -> object:
    """pydantic reads a number as a Unix timestamp or seconds; in a course file it is a typo."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(f"{value} is a number (expected a date like 2022-03-10 or a time like \"18:00\")")
    return value


def require_time(value: object) -> object:
    """A deadline written as a bare date would mean 00:00, a day earlier than anyone meant."""
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}-\d{1,2}-\d{1,2}\s*", value):
        raise ValueError(f"{value.strip()!r} has no time (expected \"{value.strip()} 23:59\": "
                         "a date alone would mean 00:00 that morning)")
    return value


class Session(_Strict):
    week: int = Field(ge=1, le=99)  # `--week` and weekNN folder names take 1 to 99
    date: dt.date
    time: dt.time = dt.time(18, 0)
    topic: str = Field(min_length=1)
    assignment: str | None = None  # default: "weekNN"

    _date_time_text = field_validator("date", "time", mode="before")(reject_numbers)

    @field_validator("assignment")
    @classmethod
    def _id_form(cls, value: str | None) -> str | None:
        if value is not None and not _ASSIGNMENT_ID.match(value):
            raise ValueError(f"{value!r} is not a folder name (expected letters, digits, '_' or '-', e.g. week01)")
        return value

    @property
    def assignment_id(self) -> str:
        return self.assignment or f"week{self.week:02d}"


class DeadlineRule(_Strict):
    """Homework is due on ``weekday`` at ``time``, the last such day before the next session."""

    weekday: Weekday = "wednesday"
    time: dt.time = dt.time(23, 59)

    _time_text = field_validator("time", mode="before")(reject_numbers)


class LatePolicy(_Strict):
    # which uploads are graded and which counts (deepgrade/rules/late_policy.py)
    rule: Literal["latest_on_time", "best_of"] = "latest_on_time"
    grace_minutes: int = Field(default=10, ge=0)
    penalty_per_day: float = Field(default=10.0, ge=0, le=100)  # percent of max points per started day
    cutoff_days: int = Field(default=3, ge=0)                   # later than this: 0 points


_PathText = Annotated[str, Field(min_length=1)]  # "" would mean the course folder itself


class Paths(_Strict):
    roster: _PathText = "roster.csv"
    inbox: _PathText = "demo/inbox"
    export: _PathText = "export"
    state: _PathText = ".deepgrade"
    assignments: _PathText = "assignments"
    solutions: _PathText = "solutions"
    graders: _PathText = "graders"


# rclone's remote names: letters, digits, '_', '-', '.', '+', '@' and spaces (not first).
_REMOTE = re.compile(r"^(?P<name>[\w.+@-][\w.+@ -]*):(?P<path>.*)$")


class Publish(_Strict):
    """Where `deepgrade publish` copies the export folder: an rclone remote and a folder in it."""

    remote: str = Field(min_length=1)   # "gdrive:딥세션/2022-1 채점 결과"
    delete: bool = True                 # remove what the export no longer has (Drive keeps it in its trash)

    @field_validator("remote")
    @classmethod
    def _remote_folder(cls, value: str) -> str:
        match = _REMOTE.match(value.strip())
        if match is None or len(match.group("name")) == 1:  # "C:\\…" is a Windows drive, not a remote
            raise ValueError(f"{value!r} is not an rclone remote and folder (expected NAME:FOLDER, e.g. "
                             "\"gdrive:DeepSession/2022-1\", with NAME set up once by `rclone config`)")
        folder = match.group("path").strip().strip("/")
        if not folder:
            raise ValueError(f"{value!r} is the whole remote (expected a folder in it, e.g. {match.group('name')}:"
                             "DeepSession/2022-1: publishing mirrors the export and removes what it does not hold)")
        if any(part in (".", "..") for part in folder.split("/")):
            raise ValueError(f"{value!r} has '.' or '..' in its folder (expected a plain folder path)")
        return value.strip()

    @property
    def remote_name(self) -> str:
        return self.remote.split(":", 1)[0]


class Extension(_Strict):
    student: str = Field(min_length=1)
    week: int = Field(ge=1)
    until: dt.datetime  # naive, read in the course timezone

    _until_text = field_validator("until", mode="before")(reject_numbers)
    _until_has_time = field_validator("until", mode="before")(require_time)

    @field_validator("student", mode="before")
    @classmethod
    def _id_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value  # ids are digits; YAML reads them as ints


class CourseConfig(_Strict):
    name: str = Field(min_length=1)
    term: str = Field(min_length=1)
    timezone: str = "Asia/Seoul"
    language: Literal["ko", "en"] = "ko"
    session_weekday: Weekday = "thursday"
    sessions: list[Session] = Field(min_length=1)
    deadline: DeadlineRule = DeadlineRule()
    audit_weeks: int = Field(default=3, ge=0)
    late_policy: LatePolicy = LatePolicy()
    groups: list[str] = Field(min_length=1)
    paths: Paths = Paths()
    extensions: list[Extension] = []
    publish: Publish | None = None
    # what a graded week becomes in the export folder (deepgrade/exporters/), in this order
    exports: list[Literal["pages", "csv", "results_json", "gradescope"]] = Field(
        default=["pages", "csv", "results_json"], min_length=1)

    @field_validator("exports")
    @classmethod
    def _each_export_once(cls, value: list[str]) -> list[str]:
        twice = sorted({name for name in value if value.count(name) > 1})
        if twice:
            raise ValueError(f"{', '.join(twice)} listed twice (expected each exporter once)")
        return value

    @field_validator("extensions", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return [] if value is None else value  # `extensions:` with the last one deleted

    @field_validator("term", mode="before")
    @classmethod
    def _term_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, (int, float)) else value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a known time zone (expected an IANA name like Asia/Seoul)") from None
        return value

    @field_validator("groups", mode="before")
    @classmethod
    def _group_names_as_text(cls, value: object) -> object:
        # NFC: a group typed on macOS (decomposed Hangul) must equal the roster's
        return ([unicodedata.normalize("NFC", str(v)) if isinstance(v, (int, str)) else v for v in value]
                if isinstance(value, list) else value)

    def session(self, week: int) -> Session:
        for session in self.sessions:
            if session.week == week:
                return session
        raise KeyError(f"week {week} is not in the schedule (weeks: {', '.join(str(s.week) for s in self.sessions)})")

    def rule_deadline(self, week: int) -> dt.datetime:
        """The deadline rule for ``week``: the last rule weekday before the next session, in the
        course timezone. The last week has no next session: it counts one a week after its own."""
        ordered = sorted(self.sessions, key=lambda s: s.date)
        index = next(i for i, s in enumerate(ordered) if s.week == week)
        if index + 1 < len(ordered):
            next_session = ordered[index + 1].date
        else:
            next_session = ordered[index].date + timedelta(days=7)
        wanted = WEEKDAYS.index(self.deadline.weekday)
        back = (next_session.weekday() - wanted - 1) % 7 + 1  # 1..7 days strictly before
        day = next_session - timedelta(days=back)
        return dt.datetime.combine(day, self.deadline.time, tzinfo=ZoneInfo(self.timezone))


def check_course(config: CourseConfig) -> list[tuple[Loc, str]]:
    """Cross-field rules pydantic cannot see field by field: order, weekdays, uniqueness."""
    found: list[tuple[Loc, str]] = []
    wanted_day = WEEKDAYS.index(config.session_weekday)
    seen_weeks: dict[int, int] = {}
    seen_ids: dict[str, int] = {}
    for i, session in enumerate(config.sessions):
        if session.date.weekday() != wanted_day:
            actual = WEEKDAYS[session.date.weekday()]
            found.append((("sessions", i, "date"),
                          f"{session.date} is a {actual.capitalize()} (expected a {config.session_weekday.capitalize()}, "
                          f"session_weekday; fix the date or the setting)"))
        if i > 0 and session.date <= config.sessions[i - 1].date:
            found.append((("sessions", i, "date"),
                          f"{session.date} is not after the previous session's {config.sessions[i - 1].date} "
                          "(expected sessions in date order, one per date)"))
        if session.week in seen_weeks:
            found.append((("sessions", i, "week"),
                          f"week {session.week} is scheduled twice (also sessions[{seen_weeks[session.week]}])"))
        elif i > 0 and session.week <= config.sessions[i - 1].week:
            found.append((("sessions", i, "week"),
                          f"week {session.week} comes after week {config.sessions[i - 1].week} "
                          "(expected week numbers increasing with the dates)"))
        seen_weeks.setdefault(session.week, i)
        if session.assignment_id in seen_ids and seen_weeks[session.week] == i:  # a twice-scheduled week is said once
            found.append((("sessions", i, "assignment"),
                          f"assignment {session.assignment_id!r} is used twice (also sessions[{seen_ids[session.assignment_id]}])"))
        seen_ids.setdefault(session.assignment_id, i)
    if config.audit_weeks > len(config.sessions):
        found.append((("audit_weeks",), f"{config.audit_weeks} is more than the {len(config.sessions)} scheduled weeks"))
    seen_groups: set[str] = set()
    for i, group in enumerate(config.groups):
        if not group.strip():
            found.append((("groups", i), "a group name must not be empty"))
        elif group in seen_groups:
            found.append((("groups", i), f"group {group!r} is listed twice"))
        seen_groups.add(group)
    for i, extension in enumerate(config.extensions):
        if extension.week not in seen_weeks:
            found.append((("extensions", i, "week"), f"week {extension.week} is not in the schedule"))
    return found
