"""A failure of the Python installation inside the sandbox is the engine's, never the student's.

Student code cannot make the standard library disappear, but a broken sandbox can: a lazily
imported codec (``LookupError: unknown encoding: hex`` from torchvision's MNIST reader) or a
standard-library module that cannot be imported there. Such a failure, seen in the error a
test or a unit's import reports, makes the submission an engine error (not scored, not
cached, retried next run, named for staff). It is recognised on this trusted side: the
codec or module the sandbox could not find is one this same Python finds at once.
``encodings.search_function`` remembers a failed codec import, so one such failure repeats
in every later test of that sandbox process; one is enough to stop.
"""
from __future__ import annotations

import codecs
import importlib.util
import re
import sys

_UNKNOWN_CODEC = re.compile(r"unknown encoding: ([\w.-]+)")
_NO_MODULE = re.compile(r"No module named '([\w.]+)'")


def _codec_exists(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _stdlib_module_exists(name: str) -> bool:
    if name.split(".")[0] not in sys.stdlib_module_names:
        return False
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def installation_failure(text: str) -> str | None:
    """What of the installation failed, when ``text`` (a student-visible error) shows a codec or a
    standard-library module missing that this Python has; else None (the student's own error)."""
    for match in _UNKNOWN_CODEC.finditer(text):
        if _codec_exists(match.group(1)):
            return f"the codec {match.group(1)!r} could not be found inside the sandbox (LookupError: {match.group(0)})"
    for match in _NO_MODULE.finditer(text):
        if _stdlib_module_exists(match.group(1)):
            return f"the standard-library module {match.group(1)!r} could not be imported inside the sandbox"
    return None


def engine_error_text(what: str, where: str) -> str:
    """The engine error staff read (the student sees only "a problem of the grading environment")."""
    return (f"the Python installation failed inside the sandbox, not the student's code: {what} ({where}); "
            "not scored, retried on the next run (if it repeats, check the sandbox's view of the Python "
            "installation: deepgrade/sandbox/inside/isolation.py)")
