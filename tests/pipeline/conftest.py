import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # coursekit: the tiny course the pipeline tests share


import pytest  # noqa: E402


@pytest.fixture
def pinned_engine(monkeypatch):
    """Other work edits the engine's source while tests run; its hash must hold still."""
    monkeypatch.setattr("deepgrade.pipeline.jobs.engine_fingerprint", lambda: "test-engine")
