"""이 공개 테스트를 deepgrade 없이 그냥 `pytest`로 돌릴 수 있게 해 주는 파일입니다 (고치지 마세요).

`student`는 여러분이 제출하는 파일에서 이름을 찾아 주고, `new(cls, ...)`는 라이브러리 객체를 만들고,
`data_root`는 과제 폴더의 `data` 폴더입니다. deepgrade로 채점하거나 `deepgrade check`를 쓸 때는
deepgrade의 같은 이름 fixture가 대신 쓰입니다.
"""
import importlib
import sys
from pathlib import Path

import pytest

MODULES = ("blocks", "transfer")  # 제출하는 파일 (.py 없이)


class _PlainStudent:
    """`student.이름`: 제출 파일 중 그 이름을 정의한 파일에서 가져옵니다."""

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

    @pytest.fixture
    def data_root(self):
        """과제 폴더의 data 폴더 (deepgrade에서는 채점 환경 안의 같은 폴더)."""
        return str(Path(__file__).resolve().parent.parent / "data")


def pytest_configure(config):
    plugins = [plugin for _, plugin in config.pluginmanager.list_name_plugin()]
    if any(getattr(p, "__name__", type(p).__module__).startswith("deepgrade.") for p in plugins):
        return
    for marker in ("points(n)", "problem(id)", "visibility(v)"):
        config.addinivalue_line("markers", f"{marker}: used by deepgrade")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    config.pluginmanager.register(_PlainFixtures(), "week06-plain-student")
