"""`<inbox>/weekNN/manifest.csv`: upload times where file times cannot be trusted.

Two shapes are read:

- ours: `student,submitted_at[,file]` (`student` is an id or a name; `file` optional,
  relative to weekNN/, ties the time to one upload);
- a Google Form response export: a `타임스탬프` (or `Timestamp`) column with values like
  `2022. 3. 16 오후 11:58:00`, and a `학번` / `이름` / `student` column.

A row that cannot be read becomes a `Problem` (`manifest.csv:4: submitted_at: …`), recorded
in the staff summary; the other rows still count and the run goes on.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from deepgrade.errors import Problem

_TIME_COLUMNS = ("submitted_at", "타임스탬프", "timestamp", "제출시각", "제출 시각")
_STUDENT_COLUMNS = ("student", "student_id", "id", "학번", "이름", "name", "성명")
_FILE_COLUMNS = ("file", "파일")

# "2022. 3. 16 오후 11:58:00", "2022. 3. 16. 오전 9:05:07", "2022. 3. 16 오후 11:58"
_KOREAN_FORM = re.compile(
    r"^(\d{4})\.\s*(\d{1,2})\.\s*(\d{1,2})\.?\s+(오전|오후)\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$")
# "3/16/2022 23:58:00" (an English-locale Google Form)
_US_FORM = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$")


@dataclass(frozen=True)
class ManifestEntry:
    student: str               # as written: an id or a name (NFC)
    submitted_at: datetime     # aware
    line: int
    file: str | None = None


@dataclass(frozen=True)
class Manifest:
    entries: tuple[ManifestEntry, ...]
    problems: tuple[Problem, ...]


def parse_timestamp(text: str, timezone: ZoneInfo) -> datetime:
    """Parse one upload time; naive times are in the course timezone. Raises ValueError."""
    value = text.strip()
    if not value:
        raise ValueError("empty")
    match = _KOREAN_FORM.match(value)
    if match:
        year, month, day, half, hour, minute, second = match.groups()
        hour_24 = int(hour) % 12 + (12 if half == "오후" else 0)
        if not 1 <= int(hour) <= 12:
            raise ValueError(f"hour {hour} is not 1-12")
        moment = datetime(int(year), int(month), int(day), hour_24, int(minute), int(second or 0))
    elif (match := _US_FORM.match(value)):
        month, day, year, hour, minute, second = match.groups()
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    else:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone)
    return moment.astimezone(timezone)


def _pick_column(header: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [h.strip().lower() for h in header]
    for name in names:
        if name.lower() in lowered:
            return lowered.index(name.lower())
    return None


def _decode(raw: bytes) -> str:
    # Excel on Korean Windows saves CSV as CP949; everything else here is UTF-8 (maybe with BOM).
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp949", errors="replace")


def read_manifest(path: Path, timezone: ZoneInfo) -> Manifest:
    shown = str(path)
    try:
        text = unicodedata.normalize("NFC", _decode(path.read_bytes()))
    except OSError as exc:
        return Manifest((), (Problem(shown, None, None, f"cannot read: {exc.strerror or exc}"),))
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return Manifest((), (Problem(shown, 1, None, "empty file (expected a header: student,submitted_at)"),))
    header = rows[0]
    time_col = _pick_column(header, _TIME_COLUMNS)
    student_col = _pick_column(header, _STUDENT_COLUMNS)
    file_col = _pick_column(header, _FILE_COLUMNS)
    missing = [what for what, col in (("submitted_at", time_col), ("student", student_col)) if col is None]
    if missing:
        return Manifest((), (Problem(shown, 1, None,
                                     f"missing column(s) {', '.join(missing)} (expected a header "
                                     f"student,submitted_at or a Google Form export with 타임스탬프)"),))
    entries: list[ManifestEntry] = []
    problems: list[Problem] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = row + [""] * (len(header) - len(row))
        student = cells[student_col].strip()
        if not student:
            problems.append(Problem(shown, number, "student", "empty (expected a student id or name)"))
            continue
        try:
            moment = parse_timestamp(cells[time_col], timezone)
        except (ValueError, OverflowError) as exc:
            problems.append(Problem(
                shown, number, "submitted_at",
                f"cannot read {cells[time_col].strip()!r}: {exc} (expected e.g. 2022-03-16 23:58 "
                f"or 2022. 3. 16 오후 11:58:00)"))
            continue
        file = cells[file_col].strip() if file_col is not None else ""
        entries.append(ManifestEntry(student, moment, number, file or None))
    return Manifest(tuple(entries), tuple(problems))
