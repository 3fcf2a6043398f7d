"""A name that differs from the assignment's only in letter case is graded, with a note.

Most students copy the textbook's ``FourCal`` (and ``MoreFourCal``, ``SafeFourCal``) while the
assignment says ``Fourcal``: correct code that lost 23 of 30 points. assignment.yml's
``names.case`` decides: ``exact`` (such a name is missing), ``note`` (the default: graded as
if spelled right, with a note on the student's page) or ``deduct`` (graded, ``names.deduction``
points off per name, from the problem of the first test that asked for it). Staff and the
student both see which name was read for which.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from deepgrade.sandbox.client.errors import MissingName

CASE_RULES = ("exact", "note", "deduct")


@dataclass(frozen=True)
class NameVariant:
    """The student's ``used`` spelling was graded for the assignment's ``wanted`` name."""

    wanted: str
    used: str
    problem: str  # the problem of the first test that asked for the name


class GraderStudent:
    """The ``student`` graders see: ``student.Fourcal`` as the sandbox answers it, each name asked
    for reported to ``on_name`` (the name the student's code really has), and with ``tolerant``
    the student's ``FourCal`` found too, reported to ``on_variant``."""

    def __init__(self, inner: Any, *, tolerant: bool, on_name: Callable[[str], None],
                 on_variant: Callable[[str, str], None]) -> None:
        object.__setattr__(self, "_inner", inner)
        object.__setattr__(self, "_tolerant", tolerant)
        object.__setattr__(self, "_on_name", on_name)
        object.__setattr__(self, "_on_variant", on_variant)

    def __getattr__(self, name: str) -> Any:
        try:
            value = getattr(self._inner, name)
        except MissingName as missing:
            used = missing.suggestion
            if not self._tolerant or not used or used == name or used.lower() != name.lower():
                self._on_name(name)
                raise
            value = getattr(self._inner, used)
            self._on_variant(name, used)
            self._on_name(used)
            return value
        self._on_name(name)
        return value

    def __dir__(self) -> list[str]:
        return dir(self._inner)


def variant_notes(variants: Mapping[str, NameVariant], provides: Mapping[str, str], *, rule: str,
                  deduction: float, language: str) -> list[str]:
    """One note per name read in another letter case, for the student's page."""
    notes = []
    for variant in variants.values():
        module = provides.get(variant.wanted)
        where = f"{module.removesuffix('.py')}.py: " if module else ""
        if language == "en":
            cost = (f"{deduction:g} point(s) off (this assignment's rule)" if rule == "deduct"
                    else "no points off")
            notes.append(f"{where}the assignment names it {variant.wanted}, you wrote {variant.used}: graded as "
                         f"{variant.wanted}, {cost}. Use the assignment's spelling next time.")
        else:
            cost = f"이 과제의 규칙에 따라 {deduction:g}점 감점했습니다" if rule == "deduct" else "감점은 없습니다"
            notes.append(f"{where}과제의 이름은 {variant.wanted}인데 {variant.used}(으)로 썼습니다. 대소문자만 "
                         f"다른 이름이라 {variant.wanted}(으)로 채점했고, {cost}. 다음부터는 과제에 적힌 이름을 "
                         "그대로 쓰세요.")
    return notes


def deductions(variants: Mapping[str, NameVariant], *, rule: str, deduction: float) -> dict[str, float]:
    """Problem id -> points to take off (``deduct`` only)."""
    taken: dict[str, float] = {}
    if rule != "deduct":
        return taken
    for variant in variants.values():
        taken[variant.problem] = taken.get(variant.problem, 0.0) + deduction
    return taken
