"""Student-facing sandbox messages: the catalogue's ``sandbox`` area (``deepgrade.messages``),
Korean by default, English available."""
from __future__ import annotations

import signal

from deepgrade.messages import say


def text(language: str, key: str, /, **values: object) -> str:
    return say(language, f"sandbox.{key}", **values)


def signal_reason(language: str, number: int) -> str:
    if number == signal.SIGXCPU:
        return text(language, "cpu")
    try:
        name = signal.Signals(number).name
    except ValueError:
        name = str(number)
    return text(language, "signal", name=name)
