"""Scan `<inbox>/weekNN/` as Google Drive leaves it and group the files into uploads.

Only `weekNN` folder names are read (`week01`, also `week1`); `1주차` style folder names are
not (rename the folder). Inside it anything goes: `<id>/` folders, `1주차_<이름>.ipynb`,
`week1-<id>.zip`, `<이름>_fourcal.py`, nested folders, `(1)` copies.

An *upload* (one event the student made) is:

- one `.zip` file (its members, read safely in memory), or
- the loose `.py`/`.ipynb` files of one student in one folder; Drive's copies of a re-uploaded
  file (`fourcal (1).py`) form later uploads, each also keeping the files not re-uploaded.

Its time: a `manifest.csv` row naming the file, else the student's latest manifest row, else
the newest file modification time. The choice between a student's uploads is `choose.py`'s.
"""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Iterable, Sequence
from zoneinfo import ZoneInfo

from deepgrade.collect.manifest import Manifest, read_manifest
from deepgrade.collect.match import RosterEntry, RosterMatcher
from deepgrade.collect.zipsafe import ZipLimits, read_zip
from deepgrade.pipeline.records import AmbiguousUpload

MANIFEST_NAME = "manifest.csv"
CODE_SUFFIXES = (".py", ".ipynb")
MAX_FILE_BYTES = 20 * 1024 * 1024   # a notebook with outputs can be a few MB; more is not homework
_JUNK = {".DS_Store", "Thumbs.db", "desktop.ini", "__MACOSX", "__pycache__", ".ipynb_checkpoints"}
_COPY = re.compile(r"^(?P<stem>.*?)\s?\((?P<n>\d{1,3})\)(?P<ext>\.[^.]*)?$")
_WEEK_DIR = re.compile(r"^week0*(\d{1,2})$", re.IGNORECASE)


@dataclass(frozen=True)
class Upload:
    student_id: str
    files: dict[str, bytes]            # name handed to load_units -> content
    sources: tuple[str, ...]           # inbox paths, relative to weekNN/
    submitted_at: datetime
    time_source: str                   # "manifest" | "mtime"
    notes: tuple[str, ...] = ()
    problem: str | None = None         # nothing gradable (refused zip, unreadable files): why
    order: int = 0                     # tie-break between equal times (later copy wins)

    @property
    def content_hash(self) -> str:
        return content_hash(self.files)


@dataclass(frozen=True)
class InboxScan:
    uploads: tuple[Upload, ...]
    unmatched: tuple[str, ...]
    ambiguous: tuple[AmbiguousUpload, ...]
    problems: tuple[str, ...] = ()     # manifest rows and the like, "file:line: field: msg"
    manifest: Manifest | None = None


def content_hash(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(files[name]).digest())
    return digest.hexdigest()


def week_folder(inbox: Path, week: int) -> Path | None:
    """`<inbox>/week01` (or `week1`); None when the week has no folder yet."""
    preferred = inbox / f"week{week:02d}"
    if preferred.is_dir():
        return preferred
    if inbox.is_dir():
        for child in sorted(inbox.iterdir()):
            match = _WEEK_DIR.match(child.name)
            if match and int(match.group(1)) == week and child.is_dir():
                return child
    return None


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _split_copy(name: str) -> tuple[str, int]:
    """`fourcal (2).py` -> (`fourcal.py`, 2); `fourcal.py` -> (`fourcal.py`, 0)."""
    match = _COPY.match(name)
    if not match:
        return name, 0
    return match.group("stem") + (match.group("ext") or ""), int(match.group("n"))


def _walk(week_dir: Path) -> tuple[dict[str, str], list[str]]:
    """Every regular file under week_dir: NFC relative path -> the path as stored on disk
    (macOS-synced names may be NFD there). Junk is skipped; links and other non-files are
    returned apart, to be listed (never followed: a link could point anywhere on this machine)."""
    found: dict[str, str] = {}
    links: list[str] = []
    for root, dirs, files in os.walk(week_dir, followlinks=False):
        for name in sorted(d for d in dirs if (Path(root) / d).is_symlink()):
            links.append(_nfc((Path(root) / name).relative_to(week_dir).as_posix()))
        dirs[:] = sorted(d for d in dirs if d not in _JUNK and not d.startswith("."))
        for name in sorted(files):
            if name in _JUNK or name.startswith((".", "~$")):
                continue
            full = Path(root) / name
            on_disk = full.relative_to(week_dir).as_posix()
            if full.is_symlink() or not full.is_file():
                links.append(_nfc(on_disk))
                continue
            found[_nfc(on_disk)] = on_disk
    return found, links


def _expected_rename(name: str, expected_py: Sequence[str], notebook: str | None) -> str:
    """`홍길동_fourcal.py` -> `fourcal.py`, so the loader finds the module the graders import."""
    base, _ = _split_copy(name)
    lowered = base.casefold()
    if lowered.endswith(".py"):
        exact = [e for e in expected_py if e.casefold() == lowered]
        if exact:
            return exact[0]
        stem = lowered[:-3]
        hits = [e for e in expected_py if e[:-3].casefold() in stem]
        return max(hits, key=len) if hits else base
    if lowered.endswith(".ipynb") and notebook:
        return notebook
    return base


class _Reader:
    """Reads the files of one week, keeping what went wrong as notes (never raising)."""

    def __init__(self, week_dir: Path, on_disk: dict[str, str]):
        self.week_dir = week_dir
        self.on_disk = on_disk

    def path(self, rel: str) -> Path:
        return self.week_dir / self.on_disk.get(rel, rel)

    def read(self, rel: str) -> tuple[bytes | None, str | None]:
        path = self.path(rel)
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                return None, f"{rel}: 파일이 너무 큽니다 ({size} bytes)"
            return path.read_bytes(), None
        except OSError as exc:
            return None, f"{rel}: 파일을 읽을 수 없습니다 ({exc.strerror or exc})"

    def mtime(self, rel: str, timezone: ZoneInfo) -> datetime:
        path = self.path(rel)
        try:
            stamp = path.stat().st_mtime
        except OSError:
            stamp = 0.0
        return datetime.fromtimestamp(stamp, tz=timezone)


def scan_week(
    week_dir: Path,
    roster: Iterable[RosterEntry],
    *,
    timezone: ZoneInfo,
    expected_py: Sequence[str] = (),
    notebook: str | None = None,
    zip_limits: ZipLimits = ZipLimits(),
) -> InboxScan:
    roster = list(roster)
    matcher = RosterMatcher(roster)
    on_disk, links = _walk(week_dir)
    reader = _Reader(week_dir, on_disk)
    manifest = read_manifest(week_dir / MANIFEST_NAME, timezone) if (week_dir / MANIFEST_NAME).is_file() else None
    problems = [str(p) for p in manifest.problems] if manifest else []

    # Manifest times: per file (when a `file` column names it) and per student (latest row).
    file_times: dict[str, datetime] = {}
    student_times: dict[str, datetime] = {}
    for entry in manifest.entries if manifest else ():
        found = matcher.match_text(entry.student)
        if found.owner is None:
            what = "matches no student" if not found.student_ids else f"is ambiguous ({', '.join(found.student_ids)})"
            problems.append(f"{week_dir / MANIFEST_NAME}:{entry.line}: student: {entry.student!r} {what}")
            continue
        if entry.file:
            file_times[_nfc(entry.file).strip("/")] = entry.submitted_at
        else:
            previous = student_times.get(found.owner)
            student_times[found.owner] = max(previous, entry.submitted_at) if previous else entry.submitted_at

    # Links are never read (they could point at graders or anything else on this machine).
    unmatched: list[str] = [f"{rel} (링크라서 읽지 않았습니다)" for rel in links]
    ambiguous: list[AmbiguousUpload] = []
    # (student, folder, copy index) -> [(rel path, base name)]; zips are uploads on their own
    loose: dict[tuple[str, str, int], list[tuple[str, str]]] = {}
    zips: list[tuple[str, str]] = []
    ignored: dict[str, list[str]] = {}
    for rel in on_disk:
        if rel == MANIFEST_NAME:
            continue
        parts = PurePosixPath(rel).parts
        found = matcher.match_parts(parts)
        if found.ambiguous:
            ambiguous.append(AmbiguousUpload(rel, found.student_ids, found.reason))
            continue
        if found.owner is None:
            unmatched.append(rel)
            continue
        lowered = rel.casefold()
        if lowered.endswith(".zip"):
            zips.append((found.owner, rel))
        elif lowered.endswith(CODE_SUFFIXES):
            base, copy = _split_copy(parts[-1])
            folder = "/".join(parts[:-1])
            loose.setdefault((found.owner, folder, copy), []).append((rel, base))
        else:
            ignored.setdefault(found.owner, []).append(rel)

    def timed(owner: str, rels: Sequence[str]) -> tuple[datetime, str]:
        named = [file_times[r] for r in rels if r in file_times]
        if named:
            return max(named), "manifest"
        if owner in student_times:
            return student_times[owner], "manifest"
        return max(reader.mtime(r, timezone) for r in rels), "mtime"

    uploads: list[Upload] = []
    skipped_note = {owner: f"채점하지 않는 파일: {', '.join(rels)}" for owner, rels in ignored.items()}

    for owner, rel in zips:
        outcome = read_zip(reader.path(rel), zip_limits)
        when, source = timed(owner, [rel])
        notes = list(outcome.skipped)
        files: dict[str, bytes] = {}
        for member in sorted(outcome.files):
            base = PurePosixPath(member).name
            if not base.casefold().endswith(CODE_SUFFIXES):
                continue
            name = _expected_rename(base, expected_py, notebook)
            if name in files:
                notes.append(f"{rel}: {member}: 같은 이름({name})의 파일이 이미 있어 무시했습니다")
                continue
            if name != base:
                notes.append(f"{member} 파일을 {name}(으)로 채점합니다")
            files[name] = outcome.files[member]
        problem = outcome.problem
        if problem is None and not files:
            problem = f"{rel}: zip 안에 .py 또는 .ipynb 파일이 없습니다"
        if owner in skipped_note:
            notes.append(skipped_note[owner])
        uploads.append(Upload(owner, files if problem is None else {}, (rel,), when, source,
                              tuple(notes), problem))

    by_folder: dict[tuple[str, str], list[int]] = {}
    for owner, folder, copy in loose:
        by_folder.setdefault((owner, folder), []).append(copy)
    for (owner, folder), copies in sorted(by_folder.items()):
        carried: dict[str, tuple[str, bytes]] = {}   # file name -> (source, content), newest copy so far
        for copy in sorted(copies):
            notes: list[str] = []
            fresh: dict[str, tuple[str, bytes]] = {}
            for rel, base in loose[(owner, folder, copy)]:
                data, trouble = reader.read(rel)
                if trouble:
                    notes.append(trouble)
                    continue
                name = _expected_rename(base, expected_py, notebook)
                if name in fresh:
                    notes.append(f"{rel}: 같은 이름({name})의 파일이 이미 있어 무시했습니다")
                    continue
                if name != base:
                    notes.append(f"{PurePosixPath(rel).name} 파일을 {name}(으)로 채점합니다")
                fresh[name] = (rel, data)  # type: ignore[assignment]
            carried.update(fresh)
            rels = [rel for rel, _ in loose[(owner, folder, copy)]]
            when, source = timed(owner, rels)
            if owner in skipped_note:
                notes.append(skipped_note[owner])
            files = {name: data for name, (_, data) in carried.items()}
            sources = tuple(sorted({rel for rel, _ in carried.values()}))
            problem = None if files else "제출 파일을 읽을 수 없습니다"
            uploads.append(Upload(owner, files, sources or tuple(rels), when, source, tuple(notes), problem,
                                  order=copy))
    return InboxScan(tuple(uploads), tuple(unmatched), tuple(ambiguous), tuple(problems), manifest)
