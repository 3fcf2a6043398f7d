"""Lets these public tests run with plain `pytest` next to your files (no deepgrade needed).

`student` finds your names; `new(cls, ...)` builds a library object (deepgrade builds it
where your code runs).

Under deepgrade (grading, `deepgrade check`) its own `student` fixture is used instead.
"""
import importlib
import sys
from pathlib import Path

import pytest

MODULES = ("tokenizer", "represent")  # the files you submit, without .py


class _PlainStudent:
    """`student.Fourcal` etc.: the name from whichever of your files defines it."""

    def __getattr__(self, name):
        for module in MODULES:
            found = getattr(importlib.import_module(module), name, None)
            if found is not None:
                return found
        raise AttributeError(f"{', '.join(m + '.py' for m in MODULES)} 어디에도 `{name}`이(가) 없습니다")


class _PlainFixtures:
    @pytest.fixture
    def student(self):
        return _PlainStudent()

    @pytest.fixture
    def new(self):
        """`new(nn.Linear, 2, 2)`: 그냥 nn.Linear(2, 2)를 만듭니다 (deepgrade에서는 채점 환경 안에 만듭니다)."""
        return lambda cls, *args, **kwargs: cls(*args, **kwargs)


def pytest_configure(config):
    plugins = [plugin for _, plugin in config.pluginmanager.list_name_plugin()]
    if any(getattr(p, "__name__", type(p).__module__).startswith("deepgrade.") for p in plugins):
        return
    for marker in ("points(n)", "problem(id)", "visibility(v)"):
        config.addinivalue_line("markers", f"{marker}: used by deepgrade")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    config.pluginmanager.register(_PlainFixtures(), "week07-plain-student")
