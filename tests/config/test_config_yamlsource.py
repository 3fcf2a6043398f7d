"""The YAML reader keeps lines, refuses duplicate keys and reads values as a course file means them."""
from __future__ import annotations

from pathlib import Path

import pytest

from deepgrade.config.yamlsource import format_loc, load_yaml
from deepgrade.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_lines_of_keys_items_and_missing_children(tmp_path: Path) -> None:
    doc = load_yaml(write(tmp_path, "a: 1\nlist:\n  - k: v\n\n  - k: w\n    j: 2\n"))
    assert doc.data == {"a": 1, "list": [{"k": "v"}, {"k": "w", "j": 2}]}
    assert doc.line_of(("a",)) == 1
    assert doc.line_of(("list", 1)) == 5
    assert doc.line_of(("list", 1, "j")) == 6
    assert doc.line_of(("list", 1, "missing")) == 5  # nearest existing parent


def test_duplicate_key_in_nested_mapping(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_yaml(write(tmp_path, "outer:\n  x: 1\n  y: 2\n  x: 3\n"))
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (4, "outer.x") and "already set on line 2" in problem.message


def test_dates_and_times_stay_text_for_the_schema(tmp_path: Path) -> None:
    doc = load_yaml(write(tmp_path, "d: 2022-03-10\nt: 18:00\nq: '7:30'\nn: 42\nf: 1.5\nb: true\nz: null\n"))
    assert doc.data == {"d": "2022-03-10", "t": "18:00", "q": "7:30", "n": 42, "f": 1.5, "b": True, "z": None}


def test_anchors_and_merge_keys(tmp_path: Path) -> None:
    doc = load_yaml(write(tmp_path, "base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n"))
    assert doc.data["other"] == {"x": 1, "y": 3}


def test_syntax_error_line_and_no_yaml_internals(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_yaml(write(tmp_path, "a: 1\nb: [1, 2\nc: 3\n"))
    (problem,) = caught.value.problems
    assert problem.line == 3 and problem.message.startswith("YAML syntax error")
    assert "line 2" in problem.message  # where the unclosed list started


def test_tab_indentation_is_a_syntax_error_at_its_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_yaml(write(tmp_path, "a:\n\tb: 1\n"))
    assert caught.value.problems[0].line == 2


def test_format_loc() -> None:
    assert format_loc(("sessions", 2, "date")) == "sessions[2].date"
    assert format_loc(()) == ""
