"""What every test folder may share: one sandbox zygote for the whole session (starting one
imports torch, seconds each; a module that needs a fresh one, or counts processes, starts its
own)."""
from __future__ import annotations

from typing import Any, Iterator

import pytest


@pytest.fixture(scope="session")
def session_zygote() -> Iterator[Any]:
    from deepgrade.sandbox import Zygote

    with Zygote() as zygote:
        yield zygote
