"""Report wording comes from the message catalogue (``deepgrade.messages``, area ``report``):
templates never hard-code user-facing words, they call ``t("key")``."""
from __future__ import annotations

from typing import Callable

from deepgrade.messages import translator as _catalogue_translator


def translator(language: str) -> Callable[..., str]:
    """``t("late_by", duration="3분")`` in the given language (unknown language: Korean). A key
    the catalogue lacks (an outcome no version knew) shows as itself rather than fail a page."""
    t = _catalogue_translator(language, "report")

    def lenient(key: str, /, **values: object) -> str:
        try:
            return t(key, **values)
        except KeyError:
            return key

    return lenient


def late_duration(minutes: float, language: str) -> str:
    """Lateness as people say it: minutes, hours, or days."""
    t = translator(language)
    whole = max(0, int(round(minutes)))
    if whole < 60:
        return t("minutes", n=whole)
    if whole < 24 * 60:
        return t("hours", h=whole // 60, m=whole % 60)
    return t("days", d=whole // (24 * 60), h=(whole % (24 * 60)) // 60)
