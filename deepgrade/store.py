"""Local state: every grading result in SQLite under `--state` (default `.deepgrade/`).

- Results are keyed by (assignment, submission content hash, grader hash): the same files
  against the same graders are never graded twice; a changed grader (its week's hash)
  regrades only that week.
- Each result is committed the moment it is stored (WAL mode), so Ctrl-C or a kill loses
  nothing already graded and the next run resumes.
- Every grading is also appended to `history` with its time; nothing is overwritten.
- Results are JSON (`SubmissionResult.to_dict`), never pickles: the file is safe to read.
- The last record of each week (`record.WeekRecord` as JSON, in the table `week_snapshots`)
  lets `deepgrade report` rebuild every report without the inbox and without grading. A week
  stored before the record existed (its JSON has no `schema`) is read as what grading found
  and assessed again; the next grade run stores it in the current schema.

The state never lives inside the export folder: that one is synced to Google Drive.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from deepgrade.errors import ConfigError
from deepgrade.record import WeekRecord, week_record_from_json
from deepgrade.results import SubmissionResult

DB_NAME = "deepgrade.sqlite3"
SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS results (
    assignment TEXT NOT NULL, content_hash TEXT NOT NULL, grader_hash TEXT NOT NULL,
    result_json TEXT NOT NULL, graded_at TEXT NOT NULL,
    PRIMARY KEY (assignment, content_hash, grader_hash));
CREATE TABLE IF NOT EXISTS history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    assignment TEXT NOT NULL, content_hash TEXT NOT NULL, grader_hash TEXT NOT NULL,
    student_id TEXT, points REAL, graded_at TEXT NOT NULL, result_json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS week_snapshots (
    week INTEGER PRIMARY KEY, snapshot_json TEXT NOT NULL, written_at TEXT NOT NULL);
"""


@dataclass(frozen=True)
class HistoryEntry:
    assignment: str
    content_hash: str
    grader_hash: str
    student_id: str | None
    points: float | None
    graded_at: datetime


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def check_state_location(state: Path, export: Path | None) -> None:
    """Refuse a state folder inside the export (Drive-synced) folder: SQLite and sync tools
    corrupt each other, and the database must never be shared with students."""
    if export is None:
        return
    state_abs, export_abs = state.resolve(), export.resolve()
    if state_abs == export_abs or export_abs in state_abs.parents:
        raise ConfigError.at("--state", None, None,
                             f"{state} is inside the export folder {export} (expected a local folder, "
                             f"e.g. .deepgrade/, never the Drive-synced one)")


class ResultStore:
    def __init__(self, state: Path, *, export: Path | None = None):
        check_state_location(state, export)
        try:
            state.mkdir(parents=True, exist_ok=True)
            # check_same_thread off: only the main thread writes, but a pool's callbacks may read.
            self._db = sqlite3.connect(state / DB_NAME, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            self._db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError.at(state, None, None, f"cannot open the state database ({exc}); "
                                                    f"expected a writable local folder") from None

    def __enter__(self) -> "ResultStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def lookup(self, assignment: str, content_hash: str, grader_hash: str) -> SubmissionResult | None:
        row = self._db.execute(
            "SELECT result_json FROM results WHERE assignment=? AND content_hash=? AND grader_hash=?",
            (assignment, content_hash, grader_hash)).fetchone()
        return SubmissionResult.from_dict(json.loads(row[0])) if row else None

    def save(self, assignment: str, content_hash: str, grader_hash: str, result: SubmissionResult,
             *, student_id: str | None = None) -> None:
        """Store one grading and commit it at once (autocommit: one transaction per call)."""
        payload = json.dumps(result.to_dict(), ensure_ascii=False)
        stamp = _now()
        with self._db:  # one transaction: the cached result and its history row land together
            self._db.execute("BEGIN")
            self._db.execute("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?)",
                             (assignment, content_hash, grader_hash, payload, stamp))
            self._db.execute(
                "INSERT INTO history (assignment, content_hash, grader_hash, student_id, points, graded_at, "
                "result_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (assignment, content_hash, grader_hash, student_id, result.points, stamp, payload))

    def history(self, *, assignment: str | None = None, student_id: str | None = None) -> list[HistoryEntry]:
        query = "SELECT assignment, content_hash, grader_hash, student_id, points, graded_at FROM history"
        where, args = [], []
        if assignment is not None:
            where.append("assignment=?"), args.append(assignment)
        if student_id is not None:
            where.append("student_id=?"), args.append(student_id)
        if where:
            query += " WHERE " + " AND ".join(where)
        rows = self._db.execute(query + " ORDER BY id", args).fetchall()
        return [HistoryEntry(a, c, g, s, p, datetime.fromisoformat(t)) for a, c, g, s, p, t in rows]

    def save_week(self, record: WeekRecord) -> None:
        with self._db:
            self._db.execute("BEGIN")
            self._db.execute("INSERT OR REPLACE INTO week_snapshots VALUES (?, ?, ?)",
                             (record.week, json.dumps(record.to_json(), ensure_ascii=False), _now()))

    def load_week(self, week: int) -> WeekRecord | None:
        row = self._db.execute("SELECT snapshot_json FROM week_snapshots WHERE week=?", (week,)).fetchone()
        return week_record_from_json(json.loads(row[0])) if row else None

    def stored_weeks(self) -> list[int]:
        return [w for (w,) in self._db.execute("SELECT week FROM week_snapshots ORDER BY week")]


def hash_tree(paths: Iterable[Path], *, label: str = "") -> str:
    """A stable hash over files and folders (names and contents; __pycache__ skipped)."""
    digest = hashlib.sha256(label.encode())
    for root in paths:
        root = Path(root)
        if root.is_file():
            files = [root]
        elif root.is_dir():
            files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        else:
            digest.update(b"missing:" + str(root).encode())
            continue
        for path in files:
            rel = path.relative_to(root).as_posix() if root.is_dir() else path.name
            digest.update(b"\0" + rel.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
