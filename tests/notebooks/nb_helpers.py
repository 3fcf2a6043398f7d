"""Helpers for the notebook tests: notebooks written with nbformat, a tiny MNIST fixture,
and a forked child that runs cell units with the Colab shims (the parent stays clean)."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import struct
import traceback
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any, Iterable, Sequence

import nbformat

from deepgrade.submission.units import CodeUnit


def notebook_bytes(cells: Iterable[tuple[str, str] | tuple[str, str, int | None]],
                   **cell_extras: Any) -> bytes:
    """cells: ("code" | "markdown", source[, execution_count])."""
    nb = nbformat.v4.new_notebook()
    for entry in cells:
        kind, source = entry[0], entry[1]
        if kind == "code":
            cell = nbformat.v4.new_code_cell(source)
            cell.execution_count = entry[2] if len(entry) > 2 else None
        else:
            cell = nbformat.v4.new_markdown_cell(source)
        nb.cells.append(cell)
    nb.metadata["colab"] = {"provenance": []}
    return nbformat.writes(nb).encode("utf-8")


def write_mnist(root: Path, train: int = 64, test: int = 16) -> Path:
    """``root/MNIST/raw`` with the four idx files torchvision reads (blank-ish digits)."""
    raw = root / "MNIST" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for prefix, count in (("train", train), ("t10k", test)):
        pixels = bytes((i * 7) % 256 for i in range(count * 28 * 28))
        (raw / f"{prefix}-images-idx3-ubyte").write_bytes(struct.pack(">IIII", 0x803, count, 28, 28) + pixels)
        labels = bytes(i % 10 for i in range(count))
        (raw / f"{prefix}-labels-idx1-ubyte").write_bytes(struct.pack(">II", 0x801, count) + labels)
    return raw


def _run_child(units: Sequence[CodeUnit], fixture_root: str, workdir: str,
               names: Sequence[str]) -> dict[str, Any]:
    from deepgrade.sandbox.inside.shims import install_shims

    os.chdir(workdir)
    install_shims(fixture_root)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    results = []
    for unit in units:
        out = io.StringIO()
        entry: dict[str, Any] = {"name": unit.name, "filename": unit.filename, "ok": True}
        try:
            with redirect_stdout(out), redirect_stderr(out):
                exec(compile(unit.source, unit.filename, "exec"), namespace)
        except BaseException as exc:  # like the sandbox: record it, go on with the next cell
            frames = traceback.extract_tb(exc.__traceback__)
            own = [f for f in frames if f.filename == unit.filename]
            entry.update(ok=False, error=type(exc).__name__, message=str(exc),
                         lineno=getattr(exc, "lineno", None) if isinstance(exc, SyntaxError)
                         else (own[-1].lineno if own else None))
        entry["output"] = out.getvalue()
        results.append(entry)
    values = {name: repr(namespace[name]) for name in names if name in namespace}
    return {"units": results, "values": values, "defined": sorted(k for k in namespace if not k.startswith("__"))}


def run_units(units: Sequence[CodeUnit], fixture_root: Path, workdir: Path,
              names: Sequence[str] = (), timeout_s: int = 180) -> dict[str, Any]:
    """Run the units top to bottom in one shared namespace, in a fresh interpreter.

    A fresh process, not a fork: the test process may hold threads (torch, an earlier
    grading run) and a forked child can then deadlock.
    """
    request = {"units": [[u.name, u.filename, u.source, u.kind] for u in units],
               "fixture_root": str(fixture_root), "workdir": str(workdir), "names": list(names)}
    done = subprocess.run([sys.executable, __file__], input=json.dumps(request), capture_output=True,
                          text=True, timeout=timeout_s)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


if __name__ == "__main__":
    asked = json.load(sys.stdin)
    report = _run_child([CodeUnit(*u) for u in asked["units"]], asked["fixture_root"],
                        asked["workdir"], asked["names"])
    print(json.dumps(report))
