"""The message catalogue: every text deepgrade says to a person, by code, in Korean and English.

A message is a code and its values (``Message("console.missing", {})``); it becomes text only at
the edge that shows it (a page, the console, the CLI's stderr, a stored note), in the course's
language (course.yml ``language``; Korean when unknown):

    say("ko", "grading.timeout", seconds="10s")     -> "시간 제한(10s)을 넘었습니다"
    t = translator("en", "report"); t("late_by", duration="3 min")

The texts live by area in this package (``report``, ``console``, ``cli``, ``grading``,
``sandbox``, ``loader``, ``notebook``, ``check``, ``integrity``, ``release``), each a Korean and an English
table with the same codes and the same ``{placeholders}`` (``tests/test_messages.py`` holds them
to that). Nothing else in deepgrade spells a user-facing sentence in two languages.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Literal, Mapping

Language = Literal["ko", "en"]
LANGUAGES: tuple[str, ...] = ("ko", "en")
AREAS = ("report", "console", "cli", "grading", "sandbox", "loader", "notebook", "check", "integrity", "release")


@lru_cache(maxsize=None)
def _tables(area: str) -> Mapping[str, Mapping[str, Any]]:
    module = importlib.import_module(f"deepgrade.messages.{area}")
    return {"ko": module.KO, "en": module.EN}


def text(language: str, code: str, /) -> Any:
    """The catalogue's entry for ``code`` ("area.key") as written (a template, or a list)."""
    area, _, key = code.partition(".")
    tables = _tables(area)
    return tables.get(language, tables["ko"])[key]


def say(language: str, code: str, /, **values: Any) -> str:
    """``code`` ("area.key") in ``language``, its ``{placeholders}`` filled from ``values``."""
    template = text(language, code)
    return template.format(**values) if values else template


def translator(language: str, area: str) -> Callable[..., str]:
    """``t(key, **values)``: ``say`` within one area (the reports' templates call ``t("total")``)."""
    def t(key: str, /, **values: Any) -> str:
        return say(language, f"{area}.{key}", **values)

    return t


@dataclass(frozen=True)
class Message:
    """A code and its values, rendered in a language only where it is shown."""

    code: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def render(self, language: str) -> str:
        return say(language, self.code, **self.values)
