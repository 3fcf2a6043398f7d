"""Fixtures of the report tests; the data they build lives in reportkit."""
from __future__ import annotations

import pytest

from deepgrade.record import WeekRecord
from reportkit import ROSTER, FakeCourse, make_records


@pytest.fixture
def records() -> WeekRecord:
    return make_records()


@pytest.fixture
def course() -> FakeCourse:
    return FakeCourse(roster=ROSTER)
