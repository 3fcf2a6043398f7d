"""A submitted ``.ipynb`` -> notebook cell units, graded top to bottom.

Students work in Colab, so a notebook carries Colab habits (``!pip install``, ``%matplotlib
inline``, ``%%time``) and sometimes is not a notebook at all. Everything here runs on the
trusted side and never raises for a student's fault: an unreadable notebook becomes a unit
that raises a clear error in the sandbox, plus notes for the student and problems for staff.

Magics are rewritten line for line (the unit keeps the cell's line numbers, so tracebacks
point at the student's line); what IPython would run becomes ``get_ipython()`` calls that
the sandbox's stand-in (``deepgrade.sandbox.inside.shims``) turns into no-ops. Shell commands are
never run.
"""
from __future__ import annotations

import ast
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from deepgrade.messages import Language, say
from deepgrade.submission.units import CodeUnit, UnitsResult


# Larger than any real Colab notebook with plots; beyond it we refuse without parsing.
MAX_NOTEBOOK_BYTES = 100 * 1024 * 1024

# Cell magics whose body is ordinary Python that should still run.
_BODY_RUNNING_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "memit", "debug"})
_LINE_MAGIC_WITH_STATEMENT = re.compile(
    r"^(?P<indent>[ \t]*)%(?:time|timeit|prun|memit)\b[ \t]*"
    r"(?:(?:-[nrp][ \t]*\d+|-[tcqo])[ \t]+)*(?P<stmt>.*)$"
)
# Fallback when IPython is not importable: a magic or shell line, possibly assigned.
_MAGIC_LINE = re.compile(r"^(?P<indent>[ \t]*)(?P<assign>[A-Za-z_][\w.]*\s*=\s*)?[!%]")

# The release notebook's self-check cells carry this role; an unedited one is ours, not
# the student's code, so grading skips it (the hidden graders do the real checking).
SELF_CHECK_ROLE = "self-check"


def source_digest(source: str) -> str:
    """The digest the release notebook stores for a self-check cell's source."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()




class NotebookUnreadable(Exception):
    """The bytes are not a notebook we can grade; ``str(self)`` is the student-facing reason."""


@dataclass(frozen=True)
class NotebookCell:
    position: int            # 1-based position among all cells, as a student scrolls
    cell_type: str
    source: str
    execution_count: int | None
    metadata: dict[str, Any]


@dataclass(frozen=True)
class ParsedNotebook:
    cells: tuple[NotebookCell, ...]
    notes: tuple[str, ...] = ()
    python_source: str | None = None   # set when the "notebook" was really a .py file


def _join_source(raw: Any) -> str:
    if isinstance(raw, list):
        return "".join(part for part in raw if isinstance(part, str))
    return raw if isinstance(raw, str) else ""


def _drop_outputs(nb: dict[str, Any]) -> None:
    """Outputs can be megabytes of images; nothing here needs them, so drop them first."""
    cell_lists = [nb.get("cells")]
    worksheets = nb.get("worksheets")
    if isinstance(worksheets, list):
        cell_lists += [ws.get("cells") for ws in worksheets if isinstance(ws, dict)]
    for cells in cell_lists:
        if isinstance(cells, list):
            for cell in cells:
                if isinstance(cell, dict):
                    if "outputs" in cell:
                        cell["outputs"] = []  # emptied, not removed: the schema requires the key
                    cell.pop("attachments", None)


def _upgrade_v3(nb: dict[str, Any], filename: str, language: Language) -> dict[str, Any]:
    import nbformat  # only for old notebooks: conversion is nbformat's job

    try:
        node = nbformat.from_dict(nb)
        return dict(nbformat.convert(node, 4))
    except Exception as exc:  # nbformat raises many kinds on malformed v3
        raise NotebookUnreadable(
            say(language, "notebook.not_notebook", f=filename, what=f"nbformat 3: {exc}")
        ) from None


def read_notebook(data: bytes, filename: str, *, language: Language = "ko") -> ParsedNotebook:
    """Tolerant reader: outputs dropped, sources joined, v3 upgraded; raises NotebookUnreadable."""
    if len(data) > MAX_NOTEBOOK_BYTES:
        raise NotebookUnreadable(say(language, "notebook.too_big", f=filename, mb=len(data) / 2**20))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotebookUnreadable(say(language, "notebook.not_utf8", f=filename)) from None
    if not text.strip():
        raise NotebookUnreadable(say(language, "notebook.empty", f=filename))
    try:
        nb = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        if _looks_like_python(text):
            return ParsedNotebook(cells=(), python_source=text,
                                  notes=(say(language, "notebook.is_python", f=filename),))
        line, col, msg = getattr(exc, "lineno", 0), getattr(exc, "colno", 0), getattr(exc, "msg", str(exc))
        raise NotebookUnreadable(
            say(language, "notebook.bad_json", f=filename, line=line, col=col, msg=msg)
        ) from None
    if not isinstance(nb, dict):
        raise NotebookUnreadable(
            say(language, "notebook.not_notebook", f=filename, what=f"top level is {type(nb).__name__}")
        )
    _drop_outputs(nb)
    notes: list[str] = []
    version = nb.get("nbformat")
    if version == 3:
        nb = _upgrade_v3(nb, filename, language)
        notes.append(say(language, "notebook.old_format", f=filename, v=3))
    elif version != 4:
        if "cells" not in nb and "worksheets" not in nb:
            raise NotebookUnreadable(
                say(language, "notebook.not_notebook", f=filename, what="no 'cells'")
            )
        raise NotebookUnreadable(say(language, "notebook.unsupported", f=filename, v=version))
    raw_cells = nb.get("cells")
    if not isinstance(raw_cells, list):
        raise NotebookUnreadable(say(language, "notebook.not_notebook", f=filename, what="'cells' is not a list"))
    cells = []
    for position, raw in enumerate(raw_cells, start=1):
        if not isinstance(raw, dict):
            continue
        count = raw.get("execution_count")
        metadata = raw.get("metadata")
        cells.append(NotebookCell(
            position=position,
            cell_type=str(raw.get("cell_type", "")),
            source=_join_source(raw.get("source")),
            execution_count=count if isinstance(count, int) and not isinstance(count, bool) else None,
            metadata=dict(metadata) if isinstance(metadata, dict) else {},
        ))
    return ParsedNotebook(cells=tuple(cells), notes=tuple(notes))


def _looks_like_python(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


# --- Colab magics -> plain Python, line for line -------------------------------------------


@dataclass
class _Neutralised:
    source: str
    changed: bool = False      # some magic or shell line was rewritten
    skipped: bool = False      # a non-Python cell magic: nothing of the cell runs


def _content_path(path: str) -> str:
    """Colab's working folder is /content; inside the sandbox that is the working folder."""
    if path == "/content":
        return "."
    return path[len("/content/"):] if path.startswith("/content/") else path


def _cell_magic(source: str) -> _Neutralised | None:
    lines = source.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or not lines[first].startswith("%%"):
        return None
    header = lines[first][2:].split()
    name = header[0] if header else ""
    body_lines = lines[first + 1:]
    if name in _BODY_RUNNING_CELL_MAGICS:
        # keep the body on its own lines; the magic line becomes blank
        inner = _line_magics("\n".join(body_lines))
        return _Neutralised("\n" * (first + 1) + inner.source, changed=True)
    if name == "writefile" and len(header) >= 2:
        append = "-a" in header[1:-1] or "--append" in header[1:-1]
        target = _content_path(header[-1])
        body = "\n".join(body_lines)
        if not body.endswith("\n"):
            body += "\n"
        code = (f"with open({target!r}, {'a' if append else 'w'!r}, encoding='utf-8') as _dg_file:\n"
                f"    _dg_file.write({body!r})\n")
        return _Neutralised(code, changed=True)
    commented = "\n".join("# " + line if line else line for line in lines)
    return _Neutralised(commented, changed=True, skipped=True)


def _statement_magics(source: str) -> tuple[str, bool]:
    """``%time x = f()`` must still assign x: keep the statement, drop the timing."""
    changed = False
    out = []
    for line in source.split("\n"):
        match = _LINE_MAGIC_WITH_STATEMENT.match(line)
        if match:
            stmt = match.group("stmt").strip()
            line = match.group("indent") + (stmt if stmt else "pass")
            changed = True
        out.append(line)
    return "\n".join(out), changed


def _fallback_line_magics(source: str) -> str:
    out: list[str] = []
    continuing = False
    for line in source.split("\n"):
        if continuing:
            continuing = line.rstrip().endswith("\\")
            out.append("")
            continue
        match = _MAGIC_LINE.match(line)
        if match:
            assign = match.group("assign")
            out.append(match.group("indent") + (f"{assign}[]" if assign else "pass"))
            continuing = line.rstrip().endswith("\\")
        else:
            out.append(line)
    return "\n".join(out)


def _line_count(text: str) -> int:
    return len(text.rstrip("\n").split("\n"))


def _line_magics(source: str) -> _Neutralised:
    source, changed = _statement_magics(source)
    if not any(ch in source for ch in "!%?"):
        return _Neutralised(source, changed)
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:
        transformed = _fallback_line_magics(source)
    else:
        try:
            transformed = TransformerManager().transform_cell(source)
        except Exception:  # IPython gives up on some broken cells; ours never does
            transformed = _fallback_line_magics(source)
        if _line_count(transformed) != _line_count(source):
            # e.g. a "!pip install a \" continuation joined into one line: keep line numbers
            transformed = _fallback_line_magics(source)
    if not source.endswith("\n"):
        transformed = transformed.rstrip("\n")
    return _Neutralised(transformed, changed or transformed != source)


def neutralise_magics(source: str) -> _Neutralised:
    """Colab cell source -> Python with the same line numbers (see module docstring)."""
    return _cell_magic(source) or _line_magics(source)


# --- units ----------------------------------------------------------------------------------


def _is_intact_self_check(cell: NotebookCell) -> bool:
    ours = cell.metadata.get("deepgrade")
    return (isinstance(ours, dict) and ours.get("role") == SELF_CHECK_ROLE
            and ours.get("source_sha256") == source_digest(cell.source))


def _failing_unit(filename: str, message: str, language: Language) -> CodeUnit:
    # The sandbox reports this like any cell error, so the student sees the reason.
    return CodeUnit(name=f"{say('en', 'notebook.cell')} 1", filename=filename,
                    source=f"raise ValueError({message!r})\n", kind="cell")


def _cell_list(positions: list[int], language: Language) -> str:
    word = say(language, "notebook.cell")
    return ", ".join(f"{word} {p}" for p in positions)


def _order_note(cells: list[NotebookCell], filename: str, language: Language) -> str | None:
    counts = [c.execution_count for c in cells if c.execution_count is not None]
    if all(a < b for a, b in zip(counts, counts[1:])):
        return None
    shown = ", ".join(f"[{n}]" for n in counts[:12]) + (", …" if len(counts) > 12 else "")
    return say(language, "notebook.out_of_order", f=filename, counts=shown)


def notebook_units(data: bytes, filename: str, *, language: Language = "ko") -> UnitsResult:
    """Code cells -> ``cell`` units in notebook order; never raises for a student's fault."""
    try:
        parsed = read_notebook(data, filename, language=language)
    except NotebookUnreadable as exc:
        message = str(exc)
        return UnitsResult(units=(_failing_unit(filename, message, language),),
                           notes=(message,), problems=(message,))
    if parsed.python_source is not None:
        unit = CodeUnit(name="cell 1", filename=filename, source=parsed.python_source, kind="cell")
        return UnitsResult(units=(unit,), notes=parsed.notes, problems=parsed.notes)

    code_cells = [c for c in parsed.cells if c.cell_type == "code"]
    notes = list(parsed.notes)
    order = _order_note(code_cells, filename, language)
    if order:
        notes.append(order)
    units: list[CodeUnit] = []
    with_magics: list[int] = []
    skipped: list[int] = []
    word = say(language, "notebook.cell")
    for cell in code_cells:
        if _is_intact_self_check(cell):
            continue
        result = neutralise_magics(cell.source)
        if result.skipped:
            skipped.append(cell.position)
        elif result.changed:
            with_magics.append(cell.position)
        units.append(CodeUnit(
            name=f"cell {cell.position}",
            filename=f"{filename} ({word} {cell.position})",
            source=result.source,
            kind="cell",
        ))
    if with_magics:
        notes.append(say(language, "notebook.magics", f=filename, cells=_cell_list(with_magics, language)))
    if skipped:
        notes.append(say(language, "notebook.skipped_cells", f=filename, cells=_cell_list(skipped, language)))
    if not code_cells:
        notes.append(say(language, "notebook.no_code", f=filename))
    return UnitsResult(units=tuple(units), notes=tuple(notes), problems=tuple(parsed.notes))
