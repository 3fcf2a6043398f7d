"""The ``new`` fixture: a library object (``nn.Linear``, a ``DataLoader``, an optimizer) built
where the student's code runs, so a test can hand it to a student function on every route.

``new(nn.Linear, 2, 3)`` is the object itself in plain pytest, in a notebook's self-check and
in-process, and a Handle to an object inside the sandbox under deepgrade (objects of the
trusted side never cross into the sandbox). Public tests use it; graders may too
(``deepgrade.grading.models.new`` does the same next to a given Handle).
"""
from __future__ import annotations

from typing import Any, Callable

import pytest

from deepgrade.grading import plugin
from deepgrade.grading.models import new as new_near


@pytest.fixture
def new(request: pytest.FixtureRequest) -> Callable[..., Any]:
    """``new(cls, *args, **kwargs)``: ``cls(*args, **kwargs)`` where the student's code runs."""
    session = request.config.stash[plugin.CONTEXT].session
    return lambda cls, *args, **kwargs: new_near(session, cls, *args, **kwargs)
