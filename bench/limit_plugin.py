"""pytest plugin for the benchmark's "limit": every submission imported into one process.

No isolation at all (student code shares the grader's interpreter, can patch torch, read
the reference, exit the process): the fastest way to run the same graders, and insecure.
It exists only to show what deepgrade's sandbox costs. Loaded with ``-p limit_plugin``;
configured by the JSON file named in ``DEEPGRADE_BENCH_LIMIT_CONFIG``.

Every grader test that asks for ``student`` runs once per submission. Other fixtures match
deepgrade's plugin: ``reference`` (the solution modules), ``seed`` (a torch.Generator
seeded per test and submission), ``data_root`` (the MNIST fixture folder).
"""
from __future__ import annotations

import importlib
import json
import os
import signal
import sys
import types
import zlib
from pathlib import Path
from typing import Any, Iterator

import pytest

CONFIG_ENV = "DEEPGRADE_BENCH_LIMIT_CONFIG"


class LimitTimeout(Exception):
    """A test (or an import) ran past its time limit."""


def _raise_timeout(signum: int, frame: Any) -> None:
    raise LimitTimeout("시간 초과")


class _Alarm:
    """SIGALRM-based deadline: interrupts pure-Python loops, which is all the limit needs."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __enter__(self) -> None:
        signal.signal(signal.SIGALRM, _raise_timeout)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc: object) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _import_folder(folder: Path, module_names: list[str], timeout_s: float) -> types.SimpleNamespace:
    """Import a submission's modules by their plain names (they may import each other), then
    take them out of sys.modules again so the next submission gets its own copies."""
    names: dict[str, Any] = {}
    sys.path.insert(0, str(folder))
    try:
        for module_name in module_names:
            sys.modules.pop(module_name, None)
        for module_name in module_names:
            try:
                with _Alarm(timeout_s):
                    module = importlib.import_module(module_name)
            except BaseException as exc:  # noqa: BLE001 - a student's SystemExit counts too
                names[f"_import_error_{module_name}"] = repr(exc)
                continue
            names.update({k: v for k, v in vars(module).items() if not k.startswith("__")})
    finally:
        sys.path.remove(str(folder))
        for module_name in module_names:
            sys.modules.pop(module_name, None)
    return types.SimpleNamespace(**names)


class LimitPlugin:
    def __init__(self, config_data: dict[str, Any]) -> None:
        self.submissions: dict[str, str] = config_data["submissions"]
        self.module_names: list[str] = config_data["module_names"]
        self.reference_dir = Path(config_data["reference_dir"])
        self.data_root_path: str = config_data["data_root"]
        self.test_timeout_s: float = config_data["test_timeout_s"]
        self.import_timeout_s: float = config_data["import_timeout_s"]
        self.results_path = Path(config_data["results_path"])
        self.imported: dict[str, types.SimpleNamespace] = {}
        self.reference_ns: types.SimpleNamespace | None = None
        self.failed: set[tuple[str, str]] = set()     # (student, test) failed in any phase
        self.called_ok: set[tuple[str, str]] = set()  # (student, test) whose call passed
        self.points: dict[str, float] = {}

    # --- fixtures -------------------------------------------------------------------------
    @pytest.fixture
    def student(self, request: pytest.FixtureRequest) -> types.SimpleNamespace:
        student_id = request.param
        if student_id not in self.imported:
            self.imported[student_id] = _import_folder(
                Path(self.submissions[student_id]), self.module_names, self.import_timeout_s
            )
        return self.imported[student_id]

    @pytest.fixture
    def reference(self) -> types.SimpleNamespace:
        if self.reference_ns is None:
            self.reference_ns = _import_folder(self.reference_dir, self.module_names, 60.0)
        return self.reference_ns

    @pytest.fixture
    def seed(self, request: pytest.FixtureRequest) -> Any:
        import torch

        student_id = getattr(request.node, "callspec", None)
        key = f"{request.node.originalname}:{student_id.params.get('student') if student_id else ''}"
        return torch.Generator().manual_seed(zlib.crc32(key.encode()))

    @pytest.fixture
    def sandbox(self) -> None:
        """Nothing to address: plain_remote.put ignores its target (everything is local)."""
        return None

    @pytest.fixture
    def data_root(self) -> str:
        return self.data_root_path

    # --- hooks ----------------------------------------------------------------------------
    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        if "student" in metafunc.fixturenames:
            ids = sorted(self.submissions)
            metafunc.parametrize("student", ids, indirect=True, ids=ids)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Iterator[None]:
        with _Alarm(self.test_timeout_s):
            yield

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
        outcome = yield
        report = outcome.get_result()
        callspec = getattr(item, "callspec", None)
        if callspec is None or "student" not in callspec.params:
            return
        student_id = callspec.params["student"]
        key = (student_id, item.name)
        self.points.setdefault(student_id, 0.0)
        if report.failed:
            self.failed.add(key)
        elif report.when == "call" and report.passed:
            self.called_ok.add(key)
        if report.when == "teardown" and key in self.called_ok and key not in self.failed:
            marker = item.get_closest_marker("points")
            self.points[student_id] += float(marker.args[0]) if marker and marker.args else 0.0

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self.results_path.write_text(
            json.dumps({"points": self.points}, ensure_ascii=False, indent=1), encoding="utf-8"
        )


def pytest_configure(config: pytest.Config) -> None:
    for line in (
        "points(n): points of a grader test",
        "problem(id): problem a grader test belongs to",
        "visibility(v): visible | hidden | after_due",
    ):
        config.addinivalue_line("markers", line)
    config_path = os.environ.get(CONFIG_ENV)
    if config_path:
        data = json.loads(Path(config_path).read_text(encoding="utf-8"))
        config.pluginmanager.register(LimitPlugin(data), "deepgrade-bench-limit")
