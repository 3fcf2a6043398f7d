"""A grading job that can run on another machine: every local path it names (the graders and
public tests, the reference solution, the data fixtures) is replaced by a place in a bundle,
and the bundle carries those files' bytes. The submission's code is already in the job
(``spec.units`` hold its source). A worker unpacks a bundle once per week and grader version
(its digest names it) and points the job at it."""
from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

PLACEHOLDER = "@deepgrade-bundle"


@dataclass(frozen=True)
class Bundle:
    digest: str
    files: Mapping[str, bytes]     # "tests/0/test_calc.py" -> bytes


def _add(files: dict[str, bytes], key: str, source: Path) -> None:
    if source.is_file():
        files[f"{key}/{source.name}"] = source.read_bytes()
        return
    for path in sorted(source.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            files[f"{key}/{path.relative_to(source).as_posix()}"] = path.read_bytes()


def _placed(key: str, source: Path) -> str:
    return f"{PLACEHOLDER}/{key}" + (f"/{source.name}" if source.is_file() else "")


def pack(job: Any) -> tuple[Any, Bundle]:
    """``job`` with its paths replaced by bundle places, and the bundle."""
    files: dict[str, bytes] = {}
    tests = []
    for index, path in enumerate(job.test_paths):
        _add(files, f"tests/{index}", Path(path))
        tests.append(_placed(f"tests/{index}", Path(path)))
    reference = None
    if job.reference_dir is not None:
        _add(files, "reference", Path(job.reference_dir))
        reference = _placed("reference", Path(job.reference_dir))
    fixtures = {}
    for index, (inside, source) in enumerate(sorted(job.spec.fixtures.items())):
        _add(files, f"fixtures/{index}", Path(source))
        fixtures[inside] = _placed(f"fixtures/{index}", Path(source))
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    spec = dataclasses.replace(job.spec, fixtures=fixtures, hide_paths=(PLACEHOLDER,))
    portable = dataclasses.replace(job, test_paths=tuple(tests), reference_dir=reference, spec=spec)
    return portable, Bundle(digest.hexdigest(), files)


def unpack(bundle: Bundle, root: Path | None = None) -> Path:
    """The bundle's files under ``root`` (default: this machine's temp folder), written once."""
    root = Path(root or tempfile.gettempdir()) / "deepgrade-bundles"
    target = root / bundle.digest
    if target.is_dir():
        return target
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{bundle.digest[:12]}-", dir=root))
    for name, data in bundle.files.items():
        path = staging / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    try:
        os.rename(staging, target)    # atomic: another task may have unpacked it meanwhile
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def localize(job: Any, where: Path) -> Any:
    """A packed ``job`` pointing at the unpacked bundle ``where``."""
    def local(text: str) -> str:
        return text.replace(PLACEHOLDER, str(where), 1)

    spec = dataclasses.replace(job.spec, fixtures={k: local(v) for k, v in job.spec.fixtures.items()},
                               hide_paths=(str(where),))
    return dataclasses.replace(job, test_paths=tuple(local(p) for p in job.test_paths),
                               reference_dir=local(job.reference_dir) if job.reference_dir else None, spec=spec)
