"""Which folder of the inbox holds which week's uploads.

A week's folder is, in this order: the assignment's own ``inbox_folder`` (assignment.yml) when
it sets one (then only that folder); else ``weekNN``; else another plain spelling of the week
(``week1``, ``Week 01``, ``week_1``, ``1주차``, ``1``); else a name that starts like one
(``1주차 과제``, ``Week 01 - 클래스``, Drive's copy ``week01 (1)``). Several folders of the
same kind: the first by name. Every other folder directly in the inbox, and every upload
lying outside the week folders, is listed for staff with the reason: a folder that looks like
a week no assignment has, a second folder of a week, a folder that looks like no week.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Mapping

from deepgrade.collect.inbox import CODE_SUFFIXES, JUNK, display_name

# `week01`, `Week 1`, `week_01`, `wk1`, optionally followed by a separator and anything.
_WEEK_WORD = re.compile(r"^(?:week|wk)[\s_.-]*0*(\d{1,2})(?P<rest>(?:[^0-9].*)?)$", re.IGNORECASE)
# `1주차`, `01 주차`, `제1주차`, then anything (`1주차 과제`, `1주차_과제 제출 (File responses)`).
_WEEK_KOREAN = re.compile(r"^제?\s*0*(\d{1,2})\s*주\s*차(?P<rest>.*)$")
# a bare `1` or `01`
_WEEK_NUMBER = re.compile(r"^0*(\d{1,2})(?P<rest>)$")
_UPLOAD_SUFFIXES = (*CODE_SUFFIXES, ".zip")

EXACT, PLAIN, LOOSE = 0, 1, 2   # how closely a folder name says "week N" (lower is closer)


def week_of(name: str) -> tuple[int, int] | None:
    """(week, closeness) of a folder name that names a week, else None.

    ``weekNN`` is EXACT, other spellings of the week alone PLAIN, names that start with one
    LOOSE. Week 0 is no week."""
    text = unicodedata.normalize("NFC", name).strip()
    for pattern in (_WEEK_WORD, _WEEK_KOREAN, _WEEK_NUMBER):
        match = pattern.match(text)
        if match and int(match.group(1)) > 0:
            week = int(match.group(1))
            if match.group("rest").strip():
                return week, LOOSE
            return week, EXACT if text == f"week{week:02d}" else PLAIN
    return None


def _folders(inbox: Path) -> list[Path]:
    if not inbox.is_dir():
        return []
    return sorted(child for child in inbox.iterdir() if child.is_dir() and not child.is_symlink()
                  and not child.name.startswith(".") and child.name not in JUNK)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def explicit_folder(inbox: Path, inbox_folder: str) -> Path | None:
    """An assignment's ``inbox_folder`` (NFC-compared: Drive on macOS stores decomposed Hangul)."""
    wanted = _nfc(inbox_folder).strip("/")
    direct = inbox / wanted
    if direct.is_dir() and not direct.is_symlink():
        return direct
    parts = wanted.split("/")
    folder = inbox
    for part in parts:
        folder = next((child for child in _folders(folder) if _nfc(child.name) == part), None)  # type: ignore[assignment]
        if folder is None:
            return None
    return folder


def week_folder(inbox: Path, week: int, inbox_folder: str | None = None) -> Path | None:
    """The folder holding week ``week``'s uploads, or None when there is none yet."""
    if inbox_folder:
        return explicit_folder(inbox, inbox_folder)
    best: tuple[int, Path] | None = None
    for child in _folders(inbox):
        found = week_of(child.name)
        if found and found[0] == week and (best is None or found[1] < best[0]):
            best = (found[1], child)
    return best[1] if best else None


def unread_entries(inbox: Path, weeks: Mapping[int, str | None] | None = None) -> list[str]:
    """What directly in the inbox no week reads, as staff-facing lines.

    ``weeks``: each week that has an assignment -> its ``inbox_folder`` (None: found by name).
    Without it every week-like folder counts as some week's. Students' uploads there would
    otherwise vanish without a word."""
    if not inbox.is_dir():
        return []
    chosen: dict[Path, int] = {}
    for week, folder_name in (weeks or {}).items():
        folder = week_folder(inbox, week, folder_name)
        if folder is not None:
            chosen.setdefault(folder, week)
    lines: list[str] = []
    for child in sorted(inbox.iterdir()):
        if child.name in JUNK or child.name.startswith((".", "~$")):
            continue
        is_folder = child.is_dir() and not child.is_symlink()
        if not is_folder and not child.name.casefold().endswith(_UPLOAD_SUFFIXES):
            continue  # a README or the TA's own notes next to the week folders
        shown = f"{inbox.name}/{display_name(child.name)}"
        if child in chosen or any(child in folder.parents for folder in chosen):
            continue  # a week's folder, or the folder holding one (inbox_folder: a/b)
        found = week_of(child.name) if is_folder else None
        if found is None:
            where = "a folder" if is_folder else "an upload outside the week folders"
            lines.append(f"{shown}: not read ({where} that names no week; expected a week folder such as "
                         f"week01 or 1주차, or the folder named by inbox_folder in assignment.yml; move or rename it)")
            continue
        week = found[0]
        if weeks is None:
            own = week_folder(inbox, week)
            if own is not None and own != child:
                lines.append(f"{shown}: not read, {own.name}/ is week {week}'s folder (move its files there)")
            continue
        if week not in weeks:
            have = ", ".join(map(str, sorted(weeks))) or "none"
            lines.append(f"{shown}: not read, it looks like week {week} but no assignment has week {week} "
                         f"(weeks with an assignment: {have})")
            continue
        own = week_folder(inbox, week, weeks[week])
        if own is None:
            lines.append(f"{shown}: not read, it looks like week {week} but assignment.yml's inbox_folder "
                         f"is {weeks[week]!r} (fix inbox_folder or rename the folder)")
        else:
            lines.append(f"{shown}: not read, {display_name(own.name)}/ is week {week}'s folder (move its files there)")
    return lines


