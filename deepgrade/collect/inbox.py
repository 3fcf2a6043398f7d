"""Scan `<inbox>/weekNN/` as Google Drive leaves it and group the files into uploads.

Which folder is the week's is `week_folders.py`'s rule. Inside it anything goes: `<id>/` folders, `1주차_<이름>.ipynb`,
`week1-<id>.zip`, `<이름>_fourcal.py`, nested folders, `(1)` copies.

An *upload* (one event the student made) is:

- one `.zip` file (its members, read safely in memory), or
- the loose `.py`/`.ipynb` files of one student in one folder; Drive's copies of a re-uploaded
  file (`fourcal (1).py`) and files in the student's other folders form other uploads. Taken in
  time order, each upload also keeps the student's earlier files it does not replace (a
  student who put `fourcal.py` in `<id>/` and `<이름>_data.py` next to it is graded on both),
  except that an upload holding a notebook starts afresh.

Its time: a `manifest.csv` row naming the file, else the student's latest manifest row, else
the newest file modification time. The choice between a student's uploads is `choose.py`'s.
"""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Iterable, Sequence
from zoneinfo import ZoneInfo

from deepgrade.collect.manifest import Manifest, read_manifest
from deepgrade.collect.match import RosterEntry, RosterMatcher
from deepgrade.collect.zipsafe import ZipLimits, read_zip
from deepgrade.record import AmbiguousUpload

MANIFEST_NAME = "manifest.csv"
CODE_SUFFIXES = (".py", ".ipynb")
MAX_FILE_BYTES = 20 * 1024 * 1024   # a notebook with outputs can be a few MB; more is not homework
JUNK = {".DS_Store", "Thumbs.db", "desktop.ini", "__MACOSX", "__pycache__", ".ipynb_checkpoints"}
_COPY = re.compile(r"^(?P<stem>.*?)\s?\((?P<n>\d{1,3})\)(?P<ext>\.[^.]*)?$")
_LINK = "링크라서 읽지 않았습니다"
_SAME_NAME = "이름이 같은 파일이 이미 있어 읽지 않았습니다 (NFC/NFD 또는 인코딩만 다른 이름)"


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


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _split_copy(name: str) -> tuple[str, int]:
    """`fourcal (2).py` -> (`fourcal.py`, 2); `fourcal.py` -> (`fourcal.py`, 0)."""
    match = _COPY.match(name)
    if not match:
        return name, 0
    return match.group("stem") + (match.group("ext") or ""), int(match.group("n"))


def _walk(week_dir: Path) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Every regular file under week_dir: shown relative path (NFC, readable) -> the path as
    stored on disk (macOS-synced names may be NFD there, unpacked Windows names CP949). Junk
    is skipped; what is never read comes back apart with the reason, to be listed: links and
    other non-files (never followed: a link could point anywhere on this machine), and a
    second file whose name reads the same as one already found (NFD and NFC copies)."""
    found: dict[str, str] = {}
    apart: list[tuple[str, str]] = []
    for root, dirs, files in os.walk(week_dir, followlinks=False):
        for name in sorted(d for d in dirs if (Path(root) / d).is_symlink()):
            apart.append((_shown((Path(root) / name).relative_to(week_dir).as_posix()), _LINK))
        dirs[:] = sorted(d for d in dirs if d not in JUNK and not d.startswith("."))
        for name in sorted(files):
            if name in JUNK or name.startswith((".", "~$")):
                continue
            full = Path(root) / name
            on_disk = full.relative_to(week_dir).as_posix()
            shown = _shown(on_disk)
            if full.is_symlink() or not full.is_file():
                apart.append((shown, _LINK))
            elif shown in found:
                apart.append((shown, _SAME_NAME))
            else:
                found[shown] = on_disk
    return found, apart


def display_name(component: str) -> str:
    """One path component as a person reads it, in NFC. A name that is not UTF-8 on disk (a
    zip unpacked on Linux from Korean Windows gives CP949 bytes) arrives with surrogate
    escapes, which no report, JSON or SQLite text can hold: decode it as CP949, else show
    replacement characters."""
    raw = os.fsencode(component)
    for encoding in ("utf-8", "cp949"):
        try:
            return _nfc(raw.decode(encoding))
        except UnicodeDecodeError:
            continue
    return _nfc(raw.decode("utf-8", errors="replace"))


def _shown(rel_on_disk: str) -> str:
    return "/".join(display_name(part) for part in rel_on_disk.split("/"))


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
        return max(hits, key=len) if hits else base[:-3] + ".py"   # `Helper.PY` imports as helper
    if lowered.endswith(".ipynb"):
        return notebook or base[:-6] + ".ipynb"
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
    now: datetime | None = None,
) -> InboxScan:
    """``now`` (default: the current time) only decides which upload times are in the future:
    those are kept but listed for staff (a wrong clock or a typo in manifest.csv)."""
    roster = list(roster)
    matcher = RosterMatcher(roster)
    # Future = later than this run plus a little: a Drive client's clock a minute ahead is no news.
    future = (now or datetime.now(timezone)) + timedelta(minutes=10)
    on_disk, apart = _walk(week_dir)
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
        if entry.submitted_at > future:
            problems.append(f"{week_dir / MANIFEST_NAME}:{entry.line}: submitted_at: "
                            f"{entry.submitted_at:%Y-%m-%d %H:%M} is in the future (used as written; "
                            f"expected a time before this run)")
        if entry.file:
            named = _nfc(entry.file).replace("\\", "/").strip("/")
            if named not in on_disk:
                problems.append(f"{week_dir / MANIFEST_NAME}:{entry.line}: file: {entry.file!r} is not in "
                                f"{week_dir.name}/ (expected a path relative to it; row not used)")
            file_times[named] = entry.submitted_at
        else:
            previous = student_times.get(found.owner)
            student_times[found.owner] = max(previous, entry.submitted_at) if previous else entry.submitted_at

    # Links are never read (they could point at graders or anything else on this machine).
    unmatched: list[str] = [f"{rel} ({reason})" for rel, reason in apart]
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

    # A student's uploads (zips, folders, Drive copies) in time order, each keeping the earlier
    # files it does not replace, except after a notebook (complete on its own: an older .py
    # module would shadow its names). `order` is that position: equal times pick the upload
    # holding the most, never an earlier partial one (docs/grading-rules.md).
    events: dict[str, list[_Event]] = {}
    for owner, rel in zips:
        when, source = timed(owner, [rel])
        copy = _split_copy(PurePosixPath(rel).name)[1]
        events.setdefault(owner, []).append(_Event(when, copy, rel, source, zip_rel=rel))
    for (owner, folder, copy), members in loose.items():
        when, source = timed(owner, [rel for rel, _ in members])
        events.setdefault(owner, []).append(_Event(when, copy, folder, source, members=tuple(members)))
    for owner, owner_events in sorted(events.items()):
        carried: dict[str, tuple[str, bytes]] = {}   # file name -> (source, content), newest so far
        for position, event in enumerate(sorted(owner_events, key=lambda e: (e.when, e.copy, e.key))):
            notes: list[str] = []
            problem: str | None = None
            if event.zip_rel is not None:
                fresh, problem = _zip_files(event.zip_rel, reader, zip_limits, expected_py, notebook, notes)
            else:
                fresh = _read_group(event.members, reader, timezone, expected_py, notebook, notes)
            if owner in skipped_note:
                notes.append(skipped_note[owner])
            if problem is not None:   # a refused zip: its own upload, nothing carried in or out
                uploads.append(Upload(owner, {}, (event.zip_rel or event.key,), event.when, event.source,
                                      tuple(notes), problem, order=position))
                continue
            if any(name.casefold().endswith(".ipynb") for name in fresh):
                carried = {}
            carried.update(fresh)
            files = {name: data for name, (_, data) in carried.items()}
            sources = tuple(sorted({rel for rel, _ in carried.values()}))
            own = (event.zip_rel,) if event.zip_rel else tuple(rel for rel, _ in event.members)
            uploads.append(Upload(owner, files, sources or own, event.when, event.source, tuple(notes),
                                  None if files else "제출 파일을 읽을 수 없습니다", order=position))
    for upload in uploads:
        if upload.submitted_at > future and upload.time_source == "mtime":
            problems.append(f"{upload.sources[0]}: mtime: {upload.submitted_at:%Y-%m-%d %H:%M} is in the future "
                            f"(used as written; check the clock or give the time in manifest.csv)")
    return InboxScan(tuple(uploads), tuple(unmatched), tuple(ambiguous), tuple(problems), manifest)


@dataclass(frozen=True)
class _Event:
    """One upload before reading: a zip, or one folder's loose files of one Drive copy."""
    when: datetime
    copy: int
    key: str                  # the zip's path or the folder: the last tie-break
    source: str               # "manifest" | "mtime"
    zip_rel: str | None = None
    members: tuple[tuple[str, str], ...] = ()   # loose: (inbox path, base name without "(1)")


def _zip_files(rel: str, reader: "_Reader", limits: ZipLimits, expected_py: Sequence[str],
               notebook: str | None, notes: list[str]) -> tuple[dict[str, tuple[str, bytes]], str | None]:
    """A zip's code files renamed to what the assignment expects, or why it is refused."""
    outcome = read_zip(reader.path(rel), limits)
    notes += outcome.skipped
    not_graded = [m for m in sorted(outcome.files) if not m.casefold().endswith(CODE_SUFFIXES)]
    if not_graded:  # a zip inside the zip, a PDF report: said, never silently dropped
        nested = " (zip 안의 zip은 풀지 않습니다)" if any(m.casefold().endswith(".zip") for m in not_graded) else ""
        notes.append(f"{rel}: 채점하지 않는 파일{nested}: {', '.join(not_graded)}")
    files: dict[str, tuple[str, bytes]] = {}
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
        files[name] = (rel, outcome.files[member])
    if outcome.problem is None and not files:
        return {}, f"{rel}: zip 안에 .py 또는 .ipynb 파일이 없습니다"
    return files, outcome.problem


def _read_group(members: Sequence[tuple[str, str]], reader: _Reader, timezone: ZoneInfo,
                expected_py: Sequence[str], notebook: str | None, notes: list[str]) -> dict[str, tuple[str, bytes]]:
    """One folder's files of one upload, renamed to what the assignment expects. Two files
    that become the same name (`week01.ipynb` and `Copy of week01.ipynb`): the newer one is
    graded, the other is named in a note."""
    fresh: dict[str, tuple[str, bytes, datetime]] = {}
    bases = dict(members)
    for rel, base in members:
        data, trouble = reader.read(rel)
        if trouble or data is None:
            notes.append(trouble or f"{rel}: 파일을 읽을 수 없습니다")
            continue
        name = _expected_rename(base, expected_py, notebook)
        stamp = reader.mtime(rel, timezone)
        if name in fresh:
            kept_rel, _, kept_stamp = fresh[name]
            older, newer = (rel, kept_rel) if stamp <= kept_stamp else (kept_rel, rel)
            notes.append(f"{older}: 같은 이름({name})의 더 최근 파일({newer})이 있어 무시했습니다")
            if stamp <= kept_stamp:
                continue
        fresh[name] = (rel, data, stamp)
    for name, (rel, _, _) in sorted(fresh.items()):
        if name != bases[rel]:  # a Drive copy's "(1)" alone is no rename worth a note
            notes.append(f"{PurePosixPath(rel).name} 파일을 {name}(으)로 채점합니다")
    return {name: (rel, data) for name, (rel, data, _) in fresh.items()}
