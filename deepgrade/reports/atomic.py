"""Atomic file writes for the export folder.

The export folder is synced by Google Drive while we write into it. A plain
``open(path, "w")`` lets the sync client upload a half-written report, so every
report goes to a temp file in the *same* folder (os.replace is only atomic
within one file system), is flushed to disk, then renamed over the target.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Drive's desktop client skips dot-files and "~" files; the suffix makes a leftover
# from a killed process easy to recognise and clean up.
_TEMP_PREFIX = ".~deepgrade-"
_TEMP_SUFFIX = ".tmp"


def write_bytes_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` so readers see the old file or the whole new one."""
    path = Path(path)
    if _holds(path, data):
        # Same bytes: leave the file (and its mtime) alone, or Drive re-uploads every
        # report after each `deepgrade report` although nothing changed.
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates 0600; reports are meant to be shared, so use the usual mode.
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
    except BaseException:
        # Also on KeyboardInterrupt: never leave a temp file behind for Drive to sync.
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        raise
    _fsync_directory(path.parent)
    return path


def _holds(path: Path, data: bytes) -> bool:
    """True when ``path`` is a plain file (not a link) whose content is exactly ``data``."""
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def write_text_atomic(path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    """Atomic text write; ``encoding="utf-8-sig"`` adds the BOM Excel needs for Korean CSV."""
    return write_bytes_atomic(path, text.encode(encoding))


def _fsync_directory(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every OS can open a folder)."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def is_temp_leftover(path: Path) -> bool:
    """True for a temp file an interrupted write left behind (safe to delete)."""
    return path.name.startswith(_TEMP_PREFIX) and path.name.endswith(_TEMP_SUFFIX)
