"""What makes a submission cheaper keeps every answer the same: a test's seed travels with its
first call (the random state student code sees is exactly what seeding in its own process
gives), and the memory watchdog, reading only the sandbox's own process tree, still sees a
process that student code orphaned."""
from __future__ import annotations

import random

import pytest
import torch

from deepgrade.sandbox import Limits, SandboxCrashed
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


ORPHAN_HOG = unit("orphan", """
    import os, time

    def hog_in_an_orphan(step_mb, steps):
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:  # the grandchild, orphaned: adopted by the namespace's init
                chunks = []
                for _ in range(steps):
                    chunks.append(bytearray(step_mb * 1024 * 1024))
                    time.sleep(0.02)
                time.sleep(30)
            os._exit(0)
        os.wait()
        time.sleep(8)  # long enough for the watchdog; without it, this call just returns
        return "not stopped"
""")


def test_the_watchdog_sees_memory_of_an_orphaned_grandchild(open_sandbox) -> None:
    # the memory cgroup (where there is one) set far above: the watchdog alone must stop it
    limits = Limits(test_timeout_s=20, memory_mb=200, memory_backstop_mb=4096)
    sandbox = open_sandbox(spec(ORPHAN_HOG, limits=limits))
    with pytest.raises(SandboxCrashed, match="memory limit 200 MiB exceeded"):
        sandbox.student.hog_in_an_orphan(20, 20)  # at most 400 MB, gone with the sandbox


def test_a_root_planned_from_the_zygotes_layout_is_the_root_planned_afresh(tmp_path) -> None:
    from deepgrade.sandbox import rootfs
    from deepgrade.sandbox.zygote_main import _runtime_paths

    runtime = tuple(_runtime_paths())
    config = rootfs.RootConfig(uid=60001, gid=60001, stage_dir=str(tmp_path), fixtures={"data/raw": str(tmp_path)},
                               runtime_paths=runtime, hide_paths=(str(tmp_path),), disk_mb=64)
    layout = rootfs.host_layout(runtime)
    assert rootfs.plan_root(config, layout) == rootfs.plan_root(config)
    other = rootfs.host_layout(runtime[:1])  # made for other runtime paths: not used
    assert rootfs.plan_root(config, other) == rootfs.plan_root(config)
    passwd = next(e for e in rootfs.plan_root(config, layout) if getattr(e, "path", "") == "/etc/passwd")
    assert ":60001:60001:" in passwd.text  # the sandbox's own user, written per sandbox
