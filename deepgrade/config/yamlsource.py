"""Read a user-edited YAML file and remember the line of every key and value.

PyYAML's ``safe_load`` forgets where things came from, and silently keeps the last of two
equal keys. We compose the node graph instead and build the Python values ourselves, so
every error found later (by pydantic or by our own checks) can point at ``file:line``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from deepgrade.errors import ConfigError, Problem

# A path into the document: mapping keys and list indices, e.g. ("sessions", 2, "date").
Loc = tuple[Any, ...]

# YAML 1.1 (PyYAML) reads `18:00` as the base-60 integer 1080; nobody writing a course file
# means that, so such scalars stay text.
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$")
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_MAX_DEPTH = 64
# Aliases are expanded into plain values: a "billion laughs" file (aliases of aliases) would
# grow exponentially. No course file comes near this many values.
_MAX_VALUES = 100_000
# Tags a plain YAML file may carry; anything else (`!!python/object`, `!custom`) is refused.
_STANDARD_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in (
    "str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge", "binary", "omap", "set", "pairs"))
# YAML 1.1 words PyYAML reads as booleans; only true/false mean that to a person.
_TRUE_FALSE = {"true", "false"}


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file: its plain value and the 1-based line of each path in it."""

    path: Path
    data: Any
    lines: Mapping[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int | None:
        """The line of ``loc``, or of its nearest ancestor that exists (a missing key's parent)."""
        loc = tuple(loc)
        while True:
            if loc in self.lines:
                return self.lines[loc]
            if not loc:
                return None
            loc = loc[:-1]


def decode_text(raw: bytes, path: Path) -> str:
    """UTF-8 text (a BOM is dropped); anything else is a ConfigError at the offending line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = ""
        try:
            raw.decode("cp949")
            hint = "; it looks like CP949/EUC-KR (Excel's default in Korea): save it as 'CSV UTF-8' / UTF-8"
        except UnicodeDecodeError:
            pass
        raise ConfigError.at(path, line, None, f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}){hint}")


def read_text(path: Path) -> str:
    """The file's text, with clear errors for a missing, unreadable or non-UTF-8 file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError.at(path, None, None, "file not found") from None
    except IsADirectoryError:
        raise ConfigError.at(path, None, None, "is a folder (expected a file)") from None
    except OSError as exc:
        raise ConfigError.at(path, None, None, f"cannot read the file ({exc.strerror})") from None
    return decode_text(raw, path)


def load_yaml(path: Path) -> YamlDocument:
    """Parse ``path``; raise ConfigError for syntax errors, duplicate keys and an empty file."""
    text = read_text(path)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        if exc.context and "single document" in exc.context:
            raise ConfigError.at(path, line, None, "a second YAML document starts here (expected one document per "
                                                   "file: remove this '---' line, or merge what follows)") from None
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{exc.context}: {what}"
            started = exc.context_mark.line + 1 if exc.context_mark is not None else None
            if started is not None and started != line:
                what += f" (the unfinished part starts on line {started})"
        hint = "" if what.endswith(")") else " (check indentation, colons and quotes)"
        raise ConfigError.at(path, line, None, f"YAML syntax error: {what}{hint}") from None
    except yaml.YAMLError as exc:
        raise ConfigError.at(path, None, None, f"YAML error: {exc}") from None
    if root is None:
        raise ConfigError.at(path, 1, None, "the file is empty (expected key: value lines)")
    builder = _Builder(path)
    try:
        data = builder.build(root, ())
    except _TooBig:
        raise ConfigError.at(path, 1, None, f"more than {_MAX_VALUES} values once aliases (*name) are expanded "
                                            "(expected a plain file; a chain of aliases repeating aliases?)") from None
    if builder.problems:
        raise ConfigError(builder.problems)
    return YamlDocument(path=path, data=data, lines=builder.lines)


class _TooBig(Exception):
    """Raised by the builder past _MAX_VALUES values (an alias bomb)."""


class _Builder:
    """Turns composed nodes into dicts/lists/scalars, recording lines and duplicate keys."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []
        self._constructor = yaml.SafeLoader("")  # only its scalar constructors are used
        self._values = 0

    def build(self, node: Node, loc: Loc) -> Any:
        self._values += 1
        if self._values > _MAX_VALUES:
            raise _TooBig
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if len(loc) > _MAX_DEPTH:
            self._problem(node, loc, "nested too deeply (a recursive anchor?)")
            return None
        if node.tag not in _STANDARD_TAGS:
            # never constructed: `!!python/object/apply:os.system` must not even be looked at
            self._problem(node, loc, f"the YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed "
                                     "(expected a plain value without a '!' tag)")
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, SequenceNode):
            return [self.build(item, loc + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node, loc)

    def _mapping(self, node: MappingNode, loc: Loc) -> dict[Any, Any]:
        own = sum(1 for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge")
        self._constructor.flatten_mapping(node)  # resolves `<<: *anchor` merges like safe_load
        merged = len(node.value) - own  # flatten_mapping puts merged pairs first, in override order
        result: dict[Any, Any] = {}
        own_line: dict[Any, int] = {}
        for index, (key_node, value_node) in enumerate(node.value):
            key = self._scalar(key_node, loc) if isinstance(key_node, ScalarNode) else None
            line = key_node.start_mark.line + 1
            if key is None or isinstance(key, (list, dict)):
                self._problem(key_node, loc, "a key must be a plain name")
                continue
            if index >= merged:  # written here, not merged from an anchor: must be unique
                if key in own_line:
                    self._problem(key_node, loc + (key,),
                                  f"duplicate key (already set on line {own_line[key]}; keep one)")
                    continue
                own_line[key] = line
            self.lines[loc + (key,)] = line  # the key's line, not the value's, for messages
            result[key] = self.build(value_node, loc + (key,))
        return result

    def _scalar(self, node: Node, loc: Loc) -> Any:
        assert isinstance(node, ScalarNode)
        if node.tag == _TIMESTAMP_TAG:
            return node.value  # dates stay text: pydantic parses them and reports 2022-02-30 clearly
        if node.style is None and _SEXAGESIMAL.match(node.value):
            return node.value
        try:
            value = self._constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            self._problem(node, loc, f"cannot read this value: {exc}")
            return None
        if node.style is None and isinstance(value, bool) and node.value.lower() not in _TRUE_FALSE:
            return node.value  # `no`, `on`, `y`: YAML 1.1 booleans a person means as words
        if node.style is None and type(value) is int and node.value.lstrip("+") != str(value):
            return node.value  # `0123` (octal in YAML 1.1), `2022_0001`, `0x1F`: ids keep their digits
        return value

    def _problem(self, node: Node, loc: Loc, message: str) -> None:
        self.problems.append(Problem(str(self.path), node.start_mark.line + 1, format_loc(loc) or None, message))


def format_loc(loc: Loc) -> str:
    """("sessions", 2, "date") -> "sessions[2].date"."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
