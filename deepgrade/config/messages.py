"""Turn pydantic's validation errors into ``file:line: field: what is wrong (expected …)``.

pydantic's own wording ("Input should be a valid integer, unable to parse string as an
integer") is written for programmers; a TA editing course.yml gets a shorter sentence, the
value they wrote, and what would be accepted. The line comes from the YAML node (or CSV row).
"""
from __future__ import annotations

import difflib
import types
import typing
from typing import Any, Callable, Iterable

from pydantic import BaseModel, ValidationError

from deepgrade.config.yamlsource import Loc, format_loc
from deepgrade.errors import Problem

LineLookup = Callable[[Loc], "int | None"]


def shown(value: Any, limit: int = 40) -> str:
    """A value as the user wrote it, shortened."""
    if value is None:
        return "nothing (the value is empty)"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _allowed_keys(model: type[BaseModel], loc: Loc) -> list[str] | None:
    """The keys the model accepts at the mapping ``loc`` (for "unknown key" messages)."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            if not args:
                return None
            current = args[0]
        elif isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(part)
            if info is None:
                return None
            current = info.annotation
        else:
            return None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return None


def _unwrap(annotation: Any) -> Any:
    """Optional[X] / X | None -> X."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def describe_error(error: Any, model: type[BaseModel]) -> str:
    """One human sentence for one pydantic error dict."""
    kind: str = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    loc = tuple(error["loc"])
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1]) or []
        guess = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"; did you mean '{guess[0]}'?" if guess else ""
        return f"unknown key{hint} (expected one of: {', '.join(allowed)})" if allowed else "unknown key"
    if kind == "missing":
        return "required key is missing"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"expected a whole number, got {shown(value)}"
    if kind in ("float_parsing", "float_type"):
        return f"expected a number, got {shown(value)}"
    if kind in ("bool_parsing", "bool_type"):
        return f"expected true or false, got {shown(value)}"
    if kind in ("string_type",):
        return f"expected text, got {shown(value)}"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list (lines starting with '- '), got {shown(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of 'key: value' lines, got {shown(value)}"
    if kind.startswith("date_from_datetime") or (kind.startswith("date") and not kind.startswith("datetime")):
        return f"{shown(value)} is not a real date (expected YYYY-MM-DD, e.g. 2022-03-10)"
    if kind.startswith("datetime"):
        return f"{shown(value)} is not a real date and time (expected \"YYYY-MM-DD HH:MM\", e.g. \"2022-03-16 23:59\")"
    if kind.startswith("time"):
        return f"{shown(value)} is not a time of day (expected \"HH:MM\", e.g. \"18:00\")"
    if kind in ("literal_error", "enum"):
        return f"{shown(value)} is not allowed (expected {ctx.get('expected', 'one of the listed values')})"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        words = {"greater_than": "greater than", "greater_than_equal": "at least",
                 "less_than": "less than", "less_than_equal": "at most"}[kind]
        bound = next(iter(ctx.values()), "?")
        bound = f"{bound:g}" if isinstance(bound, float) else bound  # 0.0 -> 0
        return f"must be {words} {bound}, got {shown(value)}"
    if kind in ("string_too_short", "too_short"):
        return "must not be empty"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "string_pattern_mismatch":
        return f"{shown(value)} has the wrong form (expected text matching {ctx.get('pattern')})"
    return f"{error['msg']} (got {shown(value)})"


def problems_from_validation(exc: ValidationError, model: type[BaseModel], path: str,
                             line_of: LineLookup, prefix: Loc = ()) -> list[Problem]:
    """Every error of ``exc`` as a Problem at the line of its location."""
    problems = []
    for error in exc.errors():
        loc = prefix + tuple(p for p in error["loc"] if not _is_internal(p))
        problems.append(Problem(path, line_of(loc), format_loc(loc) or None, describe_error(error, model)))
    return problems


def _is_internal(part: Any) -> bool:
    # pydantic adds validator names like "function-after[...]" to loc for some unions
    return isinstance(part, str) and "[" in part and part.endswith("]")


def problems_at(path: str, line_of: LineLookup, found: Iterable[tuple[Loc, str]]) -> list[Problem]:
    """Problems from our own cross-field checks, which return (loc, message) pairs."""
    return [Problem(path, line_of(loc), format_loc(loc) or None, message) for loc, message in found]
