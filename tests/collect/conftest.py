"""Shared roster for the collect tests: fictional names only."""
from __future__ import annotations

from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class Member:
    id: str
    name: str


@pytest.fixture
def roster() -> list[Member]:
    return [
        Member("20230001", "김하늘"),
        Member("20230002", "이바다"),
        Member("20230003", "박서준"),
        Member("20230004", "박서준"),   # same name as 20230003
        Member("20230005", "최민"),
        Member("20230006", "최민아"),   # 최민 is inside 최민아
        Member("20230007", "Jon Doe"),
    ]
