"""Locked cells of a submitted notebook, checked against the released one (for staff).

A locked cell (instructions, self-checks) carries nbgrader's checksum in the release. A
submission whose locked cell was edited or deleted is reported; the result only adds
findings to the staff view and never changes a score. Colab may drop cell metadata, so a
locked cell is found by its grade_id first and then by its content.
"""
from __future__ import annotations

import json
from typing import Any

import nbformat
from nbformat import NotebookNode

from deepgrade.messages import Language, say
from deepgrade.submission.notebook import NotebookUnreadable, read_notebook




def _cells(notebook: NotebookNode | bytes, filename: str, language: Language) -> list[NotebookNode]:
    """Plain cells as NotebookNodes (outputs dropped), from bytes or a notebook."""
    if isinstance(notebook, (bytes, bytearray)):
        parsed = read_notebook(bytes(notebook), filename, language=language)
        if parsed.python_source is not None:
            return []
        return [nbformat.from_dict({"cell_type": c.cell_type, "source": c.source,
                                    "metadata": c.metadata}) for c in parsed.cells]
    return [nbformat.from_dict({"cell_type": c.get("cell_type", ""), "source": _source(c),
                                "metadata": json.loads(json.dumps(c.get("metadata", {})))})
            for c in notebook.get("cells", [])]


def _source(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _released_checksum(cell: NotebookNode) -> str | None:
    meta = cell.metadata.get("nbgrader", {})
    return meta.get("checksum") if meta.get("locked") else None


def _checksum_as_locked(cell: NotebookNode, grade_id: str) -> str:
    """The checksum the cell would have if it still were that locked cell."""
    from nbgrader.utils import compute_checksum  # slow import: only when checking

    probe = nbformat.from_dict({"cell_type": cell.cell_type, "source": cell.source, "metadata": {
        "nbgrader": {"grade": False, "solution": False, "locked": True, "grade_id": grade_id}}})
    return compute_checksum(probe)


def check_integrity(submitted: NotebookNode | bytes, released: NotebookNode | bytes, *,
                    filename: str = "submission.ipynb", language: Language = "ko") -> list[str]:
    """Findings for staff: each locked cell of the release that was edited or deleted."""
    try:
        submitted_cells = _cells(submitted, filename, language)
    except NotebookUnreadable as exc:
        return [say(language, "integrity.unreadable", why=str(exc))]
    released_cells = _cells(released, "release.ipynb", language)
    by_id: dict[str, tuple[int, NotebookNode]] = {}
    for position, cell in enumerate(submitted_cells, start=1):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if isinstance(grade_id, str):
            by_id.setdefault(grade_id, (position, cell))

    findings: list[str] = []
    for position, cell in enumerate(released_cells, start=1):
        expected = _released_checksum(cell)
        if expected is None:
            continue
        grade_id = cell.metadata["nbgrader"]["grade_id"]
        found = by_id.get(grade_id)
        if found is not None:
            where, twin = found
            if _checksum_as_locked(twin, grade_id) != expected:
                findings.append(say(language, "integrity.edited", id=grade_id, pos=where))
            continue
        # metadata lost (e.g. copied into a fresh notebook): look for the same content
        if not any(_checksum_as_locked(other, grade_id) == expected for other in submitted_cells):
            findings.append(say(language, "integrity.deleted", id=grade_id, pos=position))
    return findings
