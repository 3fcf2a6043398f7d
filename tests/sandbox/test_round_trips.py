"""What makes a submission's round trips fewer and cheaper keeps every answer the same: a
test's seed travels with its first call, and the random state student code sees is exactly
what seeding in its own process gives."""
from __future__ import annotations

import random

import pytest
import torch

from deepgrade.sandbox import SandboxCrashed
from deepgrade.sandbox.module_ops import seed_all
from sbtest_helpers import spec, unit

DRAWS = unit("draws", """
    import os, random
    import torch

    AT_IMPORT = torch.rand(1).item()

    def draw():
        return torch.rand(2).tolist(), random.random()

    def die():
        os._exit(3)
""")


def _seeded_here(seed: int) -> tuple[list[float], float]:
    state = torch.random.get_rng_state(), random.getstate()
    try:
        seed_all(seed)
        return torch.rand(2).tolist(), random.random()
    finally:
        torch.random.set_rng_state(state[0])
        random.setstate(state[1])


def test_a_seed_travels_with_the_next_call_and_seeds_as_in_process(open_sandbox) -> None:
    sandbox = open_sandbox(spec(DRAWS))
    draw = sandbox.student.draw  # looked up (and remembered) before counting
    trips = sandbox._seq
    sandbox.seed_globals(11)
    assert sandbox._seq == trips  # nothing sent yet
    assert tuple(draw()) == _seeded_here(11)
    assert sandbox._seq == trips + 1  # the seed rode along with the call
    assert tuple(draw()) != _seeded_here(11)  # once only: the next call draws on


def test_after_a_crash_the_units_run_before_the_pending_seed(open_sandbox) -> None:
    sandbox = open_sandbox(spec(DRAWS))
    with pytest.raises(SandboxCrashed):
        sandbox.student.die()
    sandbox.seed_globals(5)
    assert tuple(sandbox.student.draw()) == _seeded_here(5)  # re-forked, units run, then seeded
    first_seeded = _seeded_here(5)[0][0]
    assert sandbox.student.AT_IMPORT != pytest.approx(first_seeded)  # the import drew unseeded


def test_seeding_without_an_accelerator_matches_torch_manual_seed() -> None:
    state = torch.random.get_rng_state()
    try:
        for seed in (0, 7, 2**62 + 3, -5):
            seed_all(seed)
            ours = torch.rand(3)
            torch.manual_seed(seed)
            assert torch.equal(ours, torch.rand(3))
    finally:
        torch.random.set_rng_state(state)
