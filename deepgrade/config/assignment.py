"""assignment.yml: the schema (pydantic, unknown keys rejected) and its cross-field checks."""
from __future__ import annotations

import datetime as dt
import keyword
import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from deepgrade.config.course import reject_numbers
from deepgrade.config.yamlsource import Loc
from deepgrade.fixtures.registry import known_fixtures
from deepgrade.sandbox.spec import Limits

Visibility = Literal["visible", "hidden", "after_due"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _identifier(value: str, what: str) -> str:
    if not value.isidentifier() or keyword.iskeyword(value):
        raise ValueError(f"{value!r} is not a valid Python name (expected a {what} like fourcal or row_means)")
    return value


class SubmittedFile(_Strict):
    """One .py file a student submits and the names it must define."""

    name: str
    provides: list[str] = []

    @field_validator("name")
    @classmethod
    def _python_file(cls, value: str) -> str:
        if "/" in value or "\\" in value or not value.endswith(".py"):
            raise ValueError(f"{value!r} is not a .py file name (expected a plain name like fourcal.py)")
        _identifier(value[:-3], "module name")
        return value

    @field_validator("provides")
    @classmethod
    def _names(cls, value: list[str]) -> list[str]:
        return [_identifier(name, "class or function name") for name in value]

    @property
    def module(self) -> str:
        return self.name[:-3]


class ProblemSpec(_Strict):
    id: str
    title: str = Field(min_length=1)
    points: float = Field(gt=0)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        return _identifier(value, "problem id (graders live in test_<id>.py)")


class AssignmentLimits(_Strict):
    test_timeout_s: float = Field(default=10.0, gt=0)
    import_timeout_s: float = Field(default=60.0, gt=0)
    total_timeout_s: float = Field(default=120.0, gt=0)  # all tests of one submission together
    memory_mb: int = Field(default=1536, gt=0)
    output_kb: int = Field(default=64, gt=0)


class AssignmentConfig(_Strict):
    id: str
    week: int = Field(ge=1)
    title: str = Field(min_length=1)
    files: list[SubmittedFile] = Field(min_length=1)
    notebook: str | None = None
    problems: list[ProblemSpec] = Field(min_length=1)
    total_points: float = Field(gt=0)
    fixtures: list[str] = []
    limits: AssignmentLimits = AssignmentLimits()
    default_visibility: Visibility = "hidden"
    deadline: dt.datetime | None = None  # naive, read in the course timezone

    _deadline_text = field_validator("deadline", mode="before")(reject_numbers)

    @field_validator("notebook")
    @classmethod
    def _ipynb(cls, value: str | None) -> str | None:
        if value is not None and ("/" in value or not value.endswith(".ipynb")):
            raise ValueError(f"{value!r} is not a notebook file name (expected a plain name ending .ipynb, e.g. week01.ipynb)")
        return value

    @field_validator("deadline")
    @classmethod
    def _naive(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is not None and value.tzinfo is not None:
            raise ValueError("write the deadline without a time zone (it is read in course.yml's timezone)")
        return value

    def sandbox_limits(self) -> Limits:
        """The sandbox's limits for this assignment."""
        return Limits(test_timeout_s=self.limits.test_timeout_s, import_timeout_s=self.limits.import_timeout_s,
                      total_timeout_s=self.limits.total_timeout_s,
                      memory_mb=self.limits.memory_mb, output_bytes=self.limits.output_kb * 1024)

    def provides(self) -> dict[str, str]:
        """name -> module expected to define it (for "did you mean" messages)."""
        return {name: f.module for f in self.files for name in f.provides}


def check_assignment(config: AssignmentConfig) -> list[tuple[Loc, str]]:
    """Cross-field rules: unique files, names and problem ids; points adding up."""
    found: list[tuple[Loc, str]] = []
    files: dict[str, int] = {}
    names: dict[str, str] = {}
    for i, spec in enumerate(config.files):
        if spec.name in files:
            found.append((("files", i, "name"), f"{spec.name} is listed twice (also files[{files[spec.name]}])"))
        files.setdefault(spec.name, i)
        for j, name in enumerate(spec.provides):
            if name in names:
                found.append((("files", i, "provides", j), f"{name} is already provided by {names[name]}"))
            names.setdefault(name, spec.name)
    problem_ids: dict[str, int] = {}
    for i, problem in enumerate(config.problems):
        if problem.id in problem_ids:
            found.append((("problems", i, "id"), f"problem id {problem.id!r} is used twice (also problems[{problem_ids[problem.id]}])"))
        problem_ids.setdefault(problem.id, i)
    for i, name in enumerate(config.fixtures):
        if name not in known_fixtures():
            found.append((("fixtures", i), f"unknown fixture {name!r} (expected one of: {', '.join(known_fixtures())})"))
    points = sum(p.points for p in config.problems)
    if not math.isclose(points, config.total_points):
        parts = " + ".join(f"{p.points:g}" for p in config.problems)
        found.append((("total_points",),
                      f"problems add up to {parts} = {points:g}, not {config.total_points:g} "
                      "(expected the problems' points to sum to total_points)"))
    return found
