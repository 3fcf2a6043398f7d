"""Read a student's .zip upload into memory, refusing anything that could escape or explode.

Nothing is extracted to disk: members are read into a name -> bytes mapping, so a hostile
name (`../x`, `/etc/x`) can never become a path we write to. A zip that breaks a rule
yields a recorded outcome (`ZipOutcome.problem`), never an exception.
"""
from __future__ import annotations

import stat
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

# Generous for a week's .py files and a notebook, far below what hurts the grader machine.
MAX_MEMBERS = 200
MAX_TOTAL_BYTES = 50 * 1024 * 1024
MAX_RATIO = 100.0           # uncompressed / compressed, per member (zip bombs reach 1000s)
RATIO_FLOOR_BYTES = 1 << 20  # tiny members compress wildly (a file of spaces): only judge big ones

# Junk that operating systems add to archives; skipped without a note.
_JUNK_PARTS = ("__MACOSX", ".DS_Store", "Thumbs.db", "desktop.ini", "__pycache__", ".ipynb_checkpoints")


@dataclass(frozen=True)
class ZipLimits:
    max_members: int = MAX_MEMBERS
    max_total_bytes: int = MAX_TOTAL_BYTES
    max_ratio: float = MAX_RATIO


@dataclass(frozen=True)
class ZipOutcome:
    files: dict[str, bytes] = field(default_factory=dict)  # member path (NFC, '/'-separated) -> bytes
    problem: str | None = None      # the whole zip was refused: why (Korean, shown to staff and student)
    skipped: tuple[str, ...] = ()   # members left out, with the reason


def decode_member_name(info: zipfile.ZipInfo) -> str:
    """The member's real name: zips made on Korean Windows store CP949 without the UTF-8 flag."""
    name = info.filename
    if not info.flag_bits & 0x800:
        raw = name.encode("cp437", errors="replace")
        for encoding in ("utf-8", "cp949"):
            try:
                name = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    return unicodedata.normalize("NFC", name)


def _is_junk(parts: tuple[str, ...]) -> bool:
    return any(part in _JUNK_PARTS or part.startswith("._") for part in parts)


def _unsafe_reason(name: str) -> str | None:
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return "절대 경로"
    parts = name.replace("\\", "/").split("/")
    if ".." in parts:
        return "상위 폴더(../) 경로"
    return None


def _looks_like_notebook(path: Path) -> bool:
    """A Colab notebook saved with a .zip name starts like JSON with nbformat keys."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") and (b'"cells"' in head or b'"nbformat"' in head)


def read_zip(path: Path, limits: ZipLimits = ZipLimits()) -> ZipOutcome:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        if _looks_like_notebook(path):
            return ZipOutcome(problem="zip 파일이 아니라 노트북(.ipynb) 파일입니다: 확장자를 .ipynb로 "
                                      "바꾸거나 노트북을 그대로 다시 제출하세요")
        return ZipOutcome(problem=f"zip 파일을 열 수 없습니다 (손상된 파일): {exc}")
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_members:
            return ZipOutcome(problem=f"zip 안의 파일이 너무 많습니다 ({len(infos)}개, 최대 {limits.max_members}개)")
        declared = sum(info.file_size for info in infos)
        if declared > limits.max_total_bytes:
            return ZipOutcome(problem=f"zip 압축 해제 크기가 너무 큽니다 ({declared} bytes, 최대 {limits.max_total_bytes})")
        files: dict[str, bytes] = {}
        skipped: list[str] = []
        total = 0
        for info in infos:
            name = decode_member_name(info)
            reason = _unsafe_reason(name)
            if reason:
                return ZipOutcome(problem=f"zip에 안전하지 않은 경로가 있습니다 ({reason}): {name}")
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                return ZipOutcome(problem=f"zip에 심볼릭 링크가 있습니다: {name}")
            if info.is_dir():
                continue
            parts = PurePosixPath(name.replace("\\", "/")).parts
            if _is_junk(parts):
                continue
            if info.compress_size and info.file_size > RATIO_FLOOR_BYTES \
                    and info.file_size / info.compress_size > limits.max_ratio:
                return ZipOutcome(problem=f"zip 압축률이 비정상적입니다 (zip bomb 의심): {name}")
            if info.flag_bits & 0x1:
                return ZipOutcome(problem=f"zip 안의 파일에 암호가 걸려 있습니다: {name} "
                                          f"(암호 없이 다시 압축해 제출하세요)")
            try:
                # Read at most the declared size + 1: a lying header cannot make us read more.
                with archive.open(info) as member:
                    data = member.read(info.file_size + 1)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
                return ZipOutcome(problem=f"zip 파일이 손상되었습니다 ({name}): {exc}")
            if len(data) > info.file_size:
                return ZipOutcome(problem=f"zip 헤더의 크기와 실제 크기가 다릅니다: {name}")
            total += len(data)
            if total > limits.max_total_bytes:
                return ZipOutcome(problem="zip 압축 해제 크기가 너무 큽니다")
            key = "/".join(parts)
            if key in files:
                skipped.append(f"{name}: 같은 이름이 zip에 두 번 있습니다 (뒤의 것 사용)")
            files[key] = data
        return ZipOutcome(files=files, skipped=tuple(skipped))
