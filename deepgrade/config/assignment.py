"""assignment.yml: the schema (pydantic, unknown keys rejected) and its cross-field checks."""
from __future__ import annotations

import datetime as dt
import keyword
import math
import sys
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from deepgrade.config.course import reject_numbers, require_time
from deepgrade.config.yamlsource import Loc
from deepgrade.fixtures.registry import known_fixtures
from deepgrade.sandbox.shared.spec import Limits

Visibility = Literal["visible", "hidden", "after_due"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _identifier(value: str, what: str) -> str:
    if not value.isidentifier() or keyword.iskeyword(value):
        raise ValueError(f"{value!r} is not a valid Python name (expected a {what} like fourcal or row_means)")
    if value.startswith("__") and value.endswith("__"):
        raise ValueError(f"{value!r} is a special (dunder) name every module has (expected a {what} like fourcal)")
    return value


# A submitted module with one of these names would shadow the real one inside the sandbox
# (`import torch` would import the student's torch.py) and break the grading of everyone's code.
_SHADOWED = frozenset(sys.stdlib_module_names) | {"torch", "torchvision", "numpy", "pytest", "deepgrade", "PIL",
                                                  "matplotlib", "pandas", "scipy", "sklearn", "tqdm", "conftest"}


def _provided_name(value: str) -> str:
    return _identifier(value, "class or function name")


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError(f"{value} is not a number a person can score (expected a finite number)")
    return value


_Points = Annotated[float, Field(gt=0), AfterValidator(_finite)]


class SubmittedFile(_Strict):
    """One .py file a student submits and the names it must define."""

    name: str
    provides: list[Annotated[str, AfterValidator(_provided_name)]] = []  # each name checked at its own line

    @field_validator("name")
    @classmethod
    def _python_file(cls, value: str) -> str:
        if "/" in value or "\\" in value or not value.endswith(".py"):
            raise ValueError(f"{value!r} is not a .py file name (expected a plain name like fourcal.py)")
        _identifier(value[:-3], "module name")
        if value[:-3] in _SHADOWED:
            raise ValueError(f"{value!r} would hide the real {value[:-3]} module from the student's code "
                             "(expected another name, e.g. my_" + value + ")")
        return value

    @property
    def module(self) -> str:
        return self.name[:-3]


class ProblemSpec(_Strict):
    id: str
    title: str = Field(min_length=1)
    points: _Points

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        return _identifier(value, "problem id (graders live in test_<id>.py)")


class AssignmentLimits(_Strict):
    # Upper bounds keep a typo (an extra 0, `.inf`) from letting one hanging submission stall
    # the whole Thursday run or fill the machine.
    test_timeout_s: float = Field(default=10.0, gt=0, le=3600)
    import_timeout_s: float = Field(default=60.0, gt=0, le=3600)
    total_timeout_s: float = Field(default=120.0, gt=0, le=6 * 3600)  # all tests of one submission together
    memory_mb: int = Field(default=1536, gt=0, le=256 * 1024)
    output_kb: int = Field(default=64, gt=0, le=100 * 1024)


class DataFile(_Strict):
    """A data file written for the course and shipped with the week (a sentence-pair file, a
    "pretrained" model): student code sees it read-only at the same path under its work folder,
    the release bundle carries it, and its sha256 is checked wherever it is used
    (``deepgrade.fixtures.shipped``)."""

    path: str      # relative to the assignment folder, under data/: data/shapes/backbone.pt
    sha256: str

    @field_validator("path")
    @classmethod
    def _under_data(cls, value: str) -> str:
        parts = value.split("/")
        if (len(parts) < 3 or parts[0] != "data" or "\\" in value or ":" in value
                or any(p in ("", ".", "..") or p.startswith(".") for p in parts)):
            raise ValueError(f"{value!r} is not a file in a folder under data/ "
                             "(expected e.g. data/shapes/backbone.pt, relative to the assignment folder)")
        return value

    @field_validator("sha256")
    @classmethod
    def _hex_digest(cls, value: str) -> str:
        if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
            raise ValueError(f"{value!r} is not a sha256 digest (expected 64 lowercase hex digits, "
                             "as `sha256sum FILE` prints it)")
        return value


class NamePolicy(_Strict):
    """How a name that differs from the assignment's only in letter case (``FourCal`` for
    ``Fourcal``, the textbook's spelling) is graded: ``exact`` (missing), ``note`` (graded, with a
    visible note; the default) or ``deduct`` (graded, ``deduction`` points off per such name)."""

    case: Literal["exact", "note", "deduct"] = "note"
    deduction: Annotated[float, Field(ge=0), AfterValidator(_finite)] = 0.0


class AssignmentConfig(_Strict):
    id: str
    week: int = Field(ge=1)
    title: str = Field(min_length=1)
    files: list[SubmittedFile] = Field(min_length=1)
    notebook: str | None = None
    problems: list[ProblemSpec] = Field(min_length=1)
    total_points: _Points
    fixtures: list[str] = []
    limits: AssignmentLimits = AssignmentLimits()
    default_visibility: Visibility = "hidden"
    deadline: dt.datetime | None = None  # naive, read in the course timezone
    names: NamePolicy = NamePolicy()
    inbox_folder: str | None = None      # the week's folder in the inbox, when no usual name fits
    data_files: list[DataFile] = []      # files under the assignment's data/, checked by sha256

    _deadline_text = field_validator("deadline", mode="before")(reject_numbers)
    _deadline_has_time = field_validator("deadline", mode="before")(require_time)

    @field_validator("fixtures", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return [] if value is None else value  # `fixtures:` with nothing after it

    @field_validator("notebook")
    @classmethod
    def _ipynb(cls, value: str | None) -> str | None:
        if value is not None and ("/" in value or "\\" in value or value.startswith(".")
                                  or not value.endswith(".ipynb")):
            raise ValueError(f"{value!r} is not a notebook file name (expected a plain name ending .ipynb, e.g. week01.ipynb)")
        return value

    @field_validator("inbox_folder")
    @classmethod
    def _inside_inbox(cls, value: str | None) -> str | None:
        if value is None:
            return value
        parts = value.replace("\\", "/").strip("/").split("/")
        if not value.strip() or value.startswith(("/", "\\", "~")) or ":" in value or any(
                p.strip() in ("", ".", "..") for p in parts):
            raise ValueError(f"{value!r} is not a folder inside the inbox (expected its name as Drive shows it, "
                             "e.g. \"1주차 과제 제출\", or a/b for a folder inside another)")
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
    data_paths: dict[str, int] = {}
    for i, data in enumerate(config.data_files):
        if data.path in data_paths:
            found.append((("data_files", i, "path"), f"{data.path} is listed twice (also data_files[{data_paths[data.path]}])"))
        data_paths.setdefault(data.path, i)
    for i, name in enumerate(config.fixtures):
        if name not in known_fixtures():
            found.append((("fixtures", i), f"unknown fixture {name!r} (expected one of: {', '.join(known_fixtures())})"))
    if config.names.case == "deduct" and config.names.deduction <= 0:
        found.append((("names", "case"), "case: deduct needs the points to take off per name "
                      "(expected e.g. names: {case: deduct, deduction: 1})"))
    elif config.names.case != "deduct" and config.names.deduction > 0:
        found.append((("names", "deduction"), f"a deduction is only taken with case: deduct, not {config.names.case} "
                      "(expected names: {case: deduct, deduction: …} or no deduction)"))
    points = sum(p.points for p in config.problems)
    if not math.isclose(points, config.total_points):
        parts = " + ".join(f"{p.points:g}" for p in config.problems)
        found.append((("total_points",),
                      f"problems add up to {parts} = {points:g}, not {config.total_points:g} "
                      "(expected the problems' points to sum to total_points)"))
    return found
