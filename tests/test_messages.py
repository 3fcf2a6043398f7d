"""The message catalogue: every code has a Korean and an English text with the same
placeholders, and no module spells a user-facing sentence in two languages by itself."""
from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from deepgrade.messages import AREAS, LANGUAGES, Message, _tables, say, translator

PACKAGE = Path(__file__).resolve().parents[1] / "deepgrade"


def _fields(template: object) -> set[str]:
    if not isinstance(template, str):
        return set()
    return {name.split(".")[0].split("[")[0].split("!")[0]
            for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("area", AREAS)
def test_both_languages_have_the_same_codes_and_placeholders(area):
    tables = _tables(area)
    assert set(tables["ko"]) == set(tables["en"]), area
    for code in tables["ko"]:
        assert _fields(tables["ko"][code]) == _fields(tables["en"][code]), f"{area}.{code}"


def test_a_message_is_rendered_where_it_is_shown():
    message = Message("grading.timeout", {"seconds": "10s"})
    assert message.render("ko") == "시간 제한(10s)을 넘었습니다"
    assert message.render("en") == "took longer than the time limit (10s)"
    assert say("fr", "console.no_week") == say("ko", "console.no_week")   # unknown language: Korean
    assert translator("en", "report")("late_by", duration="3 min") == "Submitted 3 min after the deadline"


def test_language_is_defined_once_and_no_module_chooses_words_by_language_itself():
    definitions, inline, tables = [], [], []
    for path in PACKAGE.rglob("*.py"):
        if "sandbox" in path.parts:   # the sandbox's own files are another engineer's (cgroup.describe)
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "Language" for t in node.targets):
                definitions.append(str(path))
            # a table of its own: {"ko": …, "en": …}
            if isinstance(node, ast.Dict) and {"ko", "en"} <= {getattr(k, "value", None) for k in node.keys}:
                if "messages" not in path.parts:
                    tables.append(f"{path}:{node.lineno}")
            # `"…" if ko else "…"`: two string constants chosen by a language test
            if isinstance(node, ast.IfExp) and all(isinstance(side, ast.Constant) and isinstance(side.value, str)
                                                   and side.value not in ("", *LANGUAGES)
                                                   for side in (node.body, node.orelse)):
                test = ast.unparse(node.test)
                if "ko" in test or "language" in test or "korean" in test:
                    inline.append(f"{path}:{node.lineno}: {ast.unparse(node)}")
    assert definitions == [str(PACKAGE / "messages" / "__init__.py")]
    assert inline == []
    assert tables == []
