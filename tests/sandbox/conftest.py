"""One zygote per test module (starting one imports torch: a few seconds)."""
from __future__ import annotations

from typing import Iterator

import pytest

from deepgrade.sandbox import Sandbox, SandboxSpec, Zygote


@pytest.fixture(scope="module")
def zygote(session_zygote: Zygote) -> Zygote:
    """The session's zygote (tests/conftest.py): sandboxes are forked per test anyway."""
    return session_zygote


@pytest.fixture
def open_sandbox(zygote: Zygote) -> Iterator[object]:
    """open_sandbox(spec) -> started Sandbox, closed after the test."""
    opened: list[Sandbox] = []

    def _open(the_spec: SandboxSpec) -> Sandbox:
        sandbox = Sandbox(the_spec, zygote)
        opened.append(sandbox)
        sandbox.start()
        return sandbox

    yield _open
    for sandbox in opened:
        sandbox.close()
