"""An exception seen by a grader test -> (outcome, message) a student may read.

Messages never carry grader source, grader file paths or reference values beyond the
assertion's own text; they are capped so a huge ``repr`` cannot flood a report.
"""
from __future__ import annotations

import functools
import os
import re
import sys
import sysconfig
from pathlib import Path
from typing import Any, Sequence

from deepgrade.grading.explanations import with_explanation
from deepgrade.grading.inprocess import StudentFault
from deepgrade.messages import say
from deepgrade.textsafe import safe_text

MESSAGE_CAP = 1500
HINTS_CAP = 600  # room for the Korean explanations added after a capped message

def cap(text: str, limit: int = MESSAGE_CAP) -> str:
    # A student's str may hold lone surrogates (bytes decoded with surrogateescape) or terminal
    # escapes; pytest's diff copies them verbatim. The one rule for shown and stored text applies.
    text = safe_text(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@functools.lru_cache(maxsize=1)
def _python_roots() -> tuple[str, ...]:
    """The installation's folders (site-packages, the standard library), longest first."""
    paths = sysconfig.get_paths()
    roots = {paths[key] for key in ("purelib", "platlib", "stdlib", "platstdlib") if key in paths}
    roots |= {p for p in sys.path if Path(p).name in ("site-packages", "dist-packages")}
    roots |= {os.path.realpath(r) for r in roots}
    return tuple(sorted((r.rstrip("/") for r in roots if len(r) > 1), key=len, reverse=True))


def shorten_paths(text: str) -> str:
    """``/…/.venv/lib/python3.11/site-packages/torch/nn.py`` -> ``<python>/torch/nn.py``: where the
    grading machine keeps Python tells a student nothing, and takes a line of its own."""
    for root in _python_roots():
        text = text.replace(root + "/", "<python>/")
    return text


def scrub(text: str, private_paths: Sequence[str]) -> str:
    """Remove trusted-side paths (graders, solutions) from a message."""
    for path in sorted((p for p in private_paths if p), key=len, reverse=True):
        text = text.replace(path, "<grader>")
    return text


def _sandbox_errors() -> Any:
    # Imported lazily: the sandbox package may be absent in a checkout that only grades in-process.
    try:
        from deepgrade.sandbox.client import errors
    except ImportError:
        return None
    return errors


def _assertion_text(exc: BaseException) -> str:
    # pytest's assertion rewriting appends "+  where x = f(...)" lines that spell out the
    # grader's expression; keep the comparison itself and the author's own message.
    lines = [
        ln.rstrip() for ln in str(exc).splitlines()
        if ln.strip() and not re.match(r"\s*[+]", ln) and not ln.strip().startswith("Use -v")
    ]
    first_assert = next((i for i, ln in enumerate(lines) if ln.startswith("assert ")), None)
    if first_assert:  # the author wrote a message: it says what they meant, the rest is noise
        lines = lines[:first_assert]
    return "\n".join(lines).strip() or "assert"


def _is_not_implemented(exc: BaseException, type_name: str | None) -> bool:
    if type_name == "NotImplementedError":
        return True
    for attribute in ("type_name", "exc_type", "error_type", "type"):
        value = getattr(exc, attribute, None)
        if value == "NotImplementedError":
            return True
    return str(exc).startswith("NotImplementedError")


def _student_error_text(exc: BaseException) -> str:
    lines = getattr(exc, "traceback", None) or getattr(exc, "student_traceback", None) or ()
    text = str(exc)
    if lines and not isinstance(lines, str) and not any(str(x) in text for x in lines):
        text = "\n".join([text, *map(str, lines)])
    return text


def classify(
    exc: BaseException, session: Any, *, language: str = "ko", private_paths: Sequence[str] = ()
) -> tuple[str, str]:
    """The outcome and message for an exception raised while a test ran."""
    errors = _sandbox_errors()
    outcome, message = _classify(exc, session, errors, language)
    text = cap(shorten_paths(scrub(message, private_paths)))
    return outcome, (cap(with_explanation(text), MESSAGE_CAP + HINTS_CAP) if language == "ko" else text)


class BudgetExhausted(Exception):
    """The submission's total time budget is spent: later tests are recorded, not run."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"total time budget of {seconds:g} s used up")


def _classify(exc: BaseException, session: Any, errors: Any, language: str) -> tuple[str, str]:
    if isinstance(exc, BudgetExhausted):
        return "timeout", say(language, "grading.budget", seconds=f"{exc.seconds:g}s")
    if errors is not None:
        if isinstance(exc, errors.SandboxTimeout):
            seconds = getattr(exc, "seconds", None)
            return "timeout", say(language, "grading.timeout", seconds=f"{seconds:g}s" if seconds else str(exc))
        if isinstance(exc, errors.SandboxCrashed):
            return "crashed", say(language, "grading.crashed", reason=getattr(exc, "reason", None) or str(exc))
        if isinstance(exc, errors.StudentError):  # MissingName included
            if _is_not_implemented(exc, None):
                return "error", say(language, "grading.not_implemented")
            return "error", _student_error_text(exc)
    explain = getattr(session, "explain_exception", None)
    fault: StudentFault | None = explain(exc) if explain is not None else None
    if fault is not None:
        if fault.type_name == "NotImplementedError":
            return "error", say(language, "grading.not_implemented")
        if fault.outcome == "crashed":
            return "crashed", say(language, "grading.crashed", reason=fault.message)
        return "error", "\n".join([fault.message, *fault.traceback])
    if isinstance(exc, AssertionError):
        return "failed", _assertion_text(exc)
    # A grader-side exception on a student's value (None.shape, a wrong type...): a wrong answer.
    detail = f"{type(exc).__name__}: {exc}".rstrip(": ")
    return "failed", say(language, "grading.failed", detail=detail)
