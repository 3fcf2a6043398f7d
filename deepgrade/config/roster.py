"""roster.csv: one student per row, ``id,name,group`` and optionally ``role,status,dropped_on``.

UTF-8 with or without a BOM (Excel's "CSV UTF-8" writes one). Which header spellings and
separators are read is `roster_header.py`'s rule. A missing or empty role is ``member``, a
missing or empty status ``active``; Korean values (조원, 조장, 운영진; 활동, 하차) are read too.
Every problem names the CSV line and the column, and all rows are checked before anything is
reported.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Collection, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from deepgrade.config.messages import describe_error, shown
from deepgrade.config.roster_header import expected_header, read_header, separator_name, sniff_delimiter
from deepgrade.config.yamlsource import read_text
from deepgrade.errors import Problem

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_EXCEL_NUMBER = re.compile(r"^\d+(\.\d+)?[eE][+-]?\d+$|^\d+\.0+$")  # 2.0221E+8, 202210001.0
Role = Literal["member", "leader", "staff"]
Status = Literal["active", "dropped"]


@dataclass(frozen=True)
class Student:
    id: str
    name: str
    group: str | None  # None only for staff (운영진), who belong to no study group
    role: Role
    status: Status
    dropped_on: dt.date | None = None

    @property
    def active(self) -> bool:
        return self.status == "active"


class RosterRow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    group: str | None = None
    role: Role = "member"
    status: Status = "active"
    dropped_on: dt.date | None = None

    @field_validator("role", "status", mode="before")
    @classmethod
    def _korean_or_blank(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        text = unicodedata.normalize("NFC", value).strip()
        return _VALUE_ALIASES.get(text.replace(" ", ""), text.lower())

    @field_validator("id")
    @classmethod
    def _no_spaces(cls, value: str) -> str:
        if any(ch.isspace() for ch in value):
            raise ValueError(f"{value!r} contains spaces (expected a student id like 2022xxxxx)")
        if _EXCEL_NUMBER.match(value):
            raise ValueError(f"{value!r} looks like a number Excel reformatted (expected the id as typed, e.g. "
                             "202210001: format the id column as Text and type the ids again)")
        if not _ID.match(value):
            # the id names the student's report folder, <export>/students/<id>/
            raise ValueError(f"{value!r} is not a student id (expected letters, digits, '-' or '_', e.g. 202210001)")
        return value

    @field_validator("name", "group", mode="after")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        if value is not None and any(unicodedata.category(ch) == "Cc" for ch in value):
            raise ValueError(f"{shown(value)} contains a line break or control character "
                             "(expected one line of text; a quote left open in the CSV?)")
        return value

    @field_validator("dropped_on", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("group", mode="before")
    @classmethod
    def _blank_group_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _drop_date_matches_status(self) -> "RosterRow":
        if self.group is None and self.role != "staff":
            raise _ColumnError("group", f"a {self.role} needs a study group (expected one of course.yml's groups; "
                                        "only staff may leave it empty)")
        if self.status == "dropped" and self.dropped_on is None:
            raise _ColumnError("dropped_on", "a dropped student needs the date they dropped (expected YYYY-MM-DD)")
        if self.status == "active" and self.dropped_on is not None:
            raise _ColumnError("dropped_on", f"an active student has a drop date {self.dropped_on} "
                                             "(expected it empty, or status 'dropped')")
        return self


_VALUE_ALIASES = {"조원": "member", "멤버": "member", "조장": "leader", "리더": "leader", "운영진": "staff",
                  "스태프": "staff", "활동": "active", "활동중": "active", "참여": "active", "하차": "dropped",
                  "중도하차": "dropped"}


class _ColumnError(ValueError):
    """A row-level rule that belongs to one column (pydantic would report it on the row)."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


def load_roster(path: Path, groups: Collection[str] | None) -> tuple[tuple[Student, ...], list[Problem]]:
    """Parse the roster; ``groups=None`` skips the group check (course.yml itself was broken)."""
    text = read_text(path)  # raises ConfigError for a missing or non-UTF-8 file
    where = str(path)
    problems: list[Problem] = []
    text = unicodedata.normalize("NFC", text)  # macOS writes 가 as ᄀ+ᅡ: names and groups must compare equal
    first_line = text.split("\n", 1)[0]
    delimiter = sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    cells = next(reader, None)
    if cells is None or not any(cell.strip() for cell in cells):
        return (), [Problem(where, 1, None, f"the roster is empty (expected a header line: {expected_header()})")]
    header, trouble = read_header(cells, delimiter)
    if header is None:
        return (), [Problem(where, 1, None, trouble or "unreadable header")]
    width = header.width()
    students: list[Student] = []
    first_line: dict[str, int] = {}
    line = reader.line_num
    for cells in reader:
        row_line, line = line + 1, reader.line_num  # a quoted cell may span lines: report where the row starts
        if not any(cell.strip() for cell in cells):
            continue
        while len(cells) > width and not cells[-1].strip():
            cells = cells[:-1]  # Excel's trailing empty cells
        if len(cells) != width and any("\n" in cell for cell in cells):
            problems.append(Problem(where, row_line, None, "a quote (\") opened on this line is never closed, so the "
                                                           "lines below became part of it (expected the closing quote)"))
            continue
        if len(cells) != width:
            sep = separator_name(delimiter)
            shown_header = delimiter.join(c or "-" for c in header.columns)
            problems.append(Problem(where, row_line, None,
                                    f"{len(cells)} values (expected {width}: {shown_header}; "
                                    f"a {sep} inside a name needs quotes)"))
            continue
        values = {column: cell for column, cell in zip(header.columns, cells) if column is not None}
        student = _student(values, where, row_line, problems)
        if student is None:
            continue
        if student.id in first_line:
            problems.append(Problem(where, row_line, "id", f"duplicate student id {student.id} (also on line {first_line[student.id]})"))
            continue
        first_line[student.id] = row_line
        if groups is not None and student.group is not None and student.group not in groups:
            problems.append(Problem(where, row_line, "group",
                                    f"unknown group {student.group!r} (expected one of course.yml's groups: {', '.join(groups)})"))
            continue
        students.append(student)
    if not students and not problems:
        problems.append(Problem(where, reader.line_num or 1, None,
                                "no students (expected one line per student after the header)"))
    return tuple(students), problems


def _student(values: dict[str, str], where: str, line: int, problems: list[Problem]) -> Student | None:
    # an empty role or status cell takes the default, as a missing column does
    values = {k: v for k, v in values.items() if k not in ("role", "status") or v.strip()}
    try:
        row = RosterRow.model_validate(values)
    except ValidationError as exc:
        for error in exc.errors():
            cause = (error.get("ctx") or {}).get("error")
            column = cause.column if isinstance(cause, _ColumnError) else ".".join(str(p) for p in error["loc"])
            problems.append(Problem(where, line, column or None, describe_error(error, RosterRow)))
        return None
    return Student(id=row.id, name=row.name, group=row.group, role=row.role, status=row.status, dropped_on=row.dropped_on)
