"""A roster's header line as TAs really have it: which column holds what.

Only ``id,name,group`` are required; ``role``, ``status`` and ``dropped_on`` are optional (a
Google Forms or Sheets export has none of them). Korean headers (``학번,이름,조``) and
capitalised ones (``ID,Name,Group``) name the same columns, and a Google Forms export's
timestamp and e-mail columns are read past. The separator is a comma, or Excel's ``;`` (set by
European and some Korean Windows locales) or a tab, when the header line has no comma.
"""
from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass

REQUIRED = ("id", "name", "group")
OPTIONAL = ("role", "status", "dropped_on")
COLUMNS = REQUIRED + OPTIONAL

# Spelling (lowercase, without spaces, '_' and '-') -> column.
_ALIASES = {
    "id": "id", "학번": "id", "studentid": "id", "학생번호": "id",
    "name": "name", "이름": "name", "성명": "name", "성함": "name",
    "group": "group", "조": "group", "스터디조": "group", "스터디": "group", "그룹": "group", "studygroup": "group",
    "role": "role", "역할": "role",
    "status": "status", "상태": "status",
    "droppedon": "dropped_on", "하차일": "dropped_on", "하차날짜": "dropped_on", "하차일자": "dropped_on",
}
# A Google Forms export puts these before the questions; they are not roster data.
_FORM_COLUMNS = {"타임스탬프", "timestamp", "이메일주소", "이메일", "emailaddress", "email"}
_SEPARATORS = {",": "comma", ";": "';'", "\t": "tab"}


@dataclass(frozen=True)
class RosterHeader:
    delimiter: str
    columns: tuple[str | None, ...]  # per CSV column: the roster field it holds, None to skip

    def width(self) -> int:
        return len(self.columns)


def _spelling(cell: str) -> str:
    text = unicodedata.normalize("NFC", cell).strip().lower()
    return "".join(ch for ch in text if ch not in " _-")


def sniff_delimiter(first_line: str) -> str:
    """',' unless the header has none and does have ';' or a tab (Excel's other CSVs)."""
    if "," in first_line:
        return ","
    return next((sep for sep in (";", "\t") if sep in first_line), ",")


def expected_header() -> str:
    return f"{','.join(REQUIRED)} (optional: {','.join(OPTIONAL)}; Korean 학번,이름,조 work too)"


def read_header(cells: list[str], delimiter: str) -> tuple[RosterHeader | None, str | None]:
    """The header's columns, or why it cannot be read (one sentence for the TA)."""
    while cells and not cells[-1].strip():
        cells = cells[:-1]  # Excel keeps empty columns after the last one in use
    columns: list[str | None] = []
    unknown: list[str] = []
    seen: dict[str, str] = {}
    repeated: list[str] = []
    for cell in cells:
        spelling = _spelling(cell)
        column = _ALIASES.get(spelling)
        if column is None:
            if spelling in _FORM_COLUMNS:
                columns.append(None)
                continue
            unknown.append(cell.strip() or "(an empty column name)")
            columns.append(None)
            continue
        if column in seen:
            repeated.append(f"{seen[column]} and {cell.strip()}")
        seen[column] = cell.strip()
        columns.append(column)
    missing = [c for c in REQUIRED if c not in seen]
    details = []
    for name in unknown:
        guess = difflib.get_close_matches(_spelling(name), list(_ALIASES), n=1, cutoff=0.5)
        details.append(f"unknown column {name}" + (f" (did you mean {_ALIASES[guess[0]]}?)" if guess else ""))
    if repeated:
        details.append("the same column twice: " + "; ".join(repeated))
    if missing:
        details.append(f"missing column {', '.join(missing)}")
    if details:
        return None, f"{'; '.join(details)} (expected the header: {expected_header()})"
    return RosterHeader(delimiter, tuple(columns)), None


def separator_name(delimiter: str) -> str:
    return _SEPARATORS.get(delimiter, repr(delimiter))
