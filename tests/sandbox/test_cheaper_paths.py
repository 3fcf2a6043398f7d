"""What makes a submission cheaper keeps every answer the same: a test's seed travels with its
first call (the random state student code sees is exactly what seeding in its own process
gives); a call of a method the student wrote is one request, and data, properties and
methods that became data behave as before; the memory watchdog, reading only the sandbox's
own process tree, still sees a process that student code orphaned; the root planned from the
zygote's layout is the root planned afresh."""
from __future__ import annotations

import gc
import os
import random
import signal
import textwrap
import time

import pytest
import torch

from deepgrade.sandbox import Limits, SandboxCrashed, StudentError, remote

from deepgrade.sandbox.shared import wire
from deepgrade.sandbox.inside.module_ops import seed_all
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
    from deepgrade.sandbox.inside import rootfs
    from deepgrade.sandbox.inside.zygote_main import _runtime_paths

    runtime = tuple(_runtime_paths())
    config = rootfs.RootConfig(uid=60001, gid=60001, stage_dir=str(tmp_path), fixtures={"data/raw": str(tmp_path)},
                               runtime_paths=runtime, hide_paths=(str(tmp_path),), disk_mb=64)
    layout = rootfs.host_layout(runtime)
    assert rootfs.plan_root(config, layout) == rootfs.plan_root(config)
    other = rootfs.host_layout(runtime[:1])  # made for other runtime paths: not used
    assert rootfs.plan_root(config, other) == rootfs.plan_root(config)
    passwd = next(e for e in rootfs.plan_root(config, layout) if getattr(e, "path", "") == "/etc/passwd")
    assert ":60001:60001:" in passwd.text  # the sandbox's own user, written per sandbox


CALC = unit("calc", """
    import torch

    class Calc:
        def __init__(self, a, b):
            self.a, self.b = a, b
        def add(self):
            return self.a + self.b
        def shadow(self):
            self.add = 5          # from now on, add is data on this object
        @property
        def total(self):
            return self.a + self.b

    class Sneaky(Calc):
        def __getattribute__(self, name):
            return object.__getattribute__(self, name)

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = torch.nn.Linear(2, 1)
        def forward(self, x):
            return self.lin(x)

    TARGET = []

    class Trap:                   # when released, turns the last Calc's add into data
        def __del__(self):
            if TARGET:
                TARGET[-1].add = 7

    def calc_and_trap(a, b):
        calc = Calc(a, b)
        TARGET.append(calc)
        return calc, Trap()
""")


def _requests(sandbox, action):
    before = sandbox._seq
    value = action()
    return value, sandbox._seq - before


def test_a_method_call_is_one_request_and_data_stays_a_value(open_sandbox) -> None:
    sandbox = open_sandbox(spec(CALC))
    calc = sandbox.student.Calc(2, 3)
    assert _requests(sandbox, lambda: calc.add()) == (5, 1)        # looked up and called at once
    assert _requests(sandbox, lambda: getattr(calc, "add")()) == (5, 1)  # fresh again after that reply
    assert _requests(sandbox, lambda: calc.a) == (2, 1)            # data: asked, a plain value
    assert _requests(sandbox, lambda: calc.total) == (5, 1)        # a property is never a method here
    assert _requests(sandbox, lambda: hasattr(calc, "add")) == (True, 0)
    assert _requests(sandbox, lambda: hasattr(calc, "nope")) == (False, 1)
    assert remote.type_name(calc.add) == "method"                 # any other use looks it up first


def test_after_other_requests_a_method_is_looked_up_as_before(open_sandbox) -> None:
    sandbox = open_sandbox(spec(CALC))
    first, second = sandbox.student.Calc(1, 1), sandbox.student.Calc(2, 2)
    # the second's creation may have changed the first (student code ran): two requests
    assert _requests(sandbox, lambda: first.add()) == (2, 2)
    assert _requests(sandbox, lambda: second.add()) == (4, 2)


def test_a_method_shadowed_by_data_is_data(open_sandbox) -> None:
    sandbox = open_sandbox(spec(CALC))
    calc = sandbox.student.Calc(2, 3)
    calc.shadow()
    assert calc.add == 5                                           # the reply said: add is no method now
    with pytest.raises(TypeError, match="'int' object is not callable"):
        calc.add()


def test_data_that_replaced_a_method_meanwhile_fails_as_calling_the_data_would(open_sandbox) -> None:
    sandbox = open_sandbox(spec(CALC))
    calc, trap = sandbox.student.calc_and_trap(1, 2)
    del trap                    # released with the next request, whose __del__ makes add data
    gc.collect()
    with pytest.raises(TypeError, match="'int' object is not callable") as raised:
        calc.add()
    assert not isinstance(raised.value, StudentError)  # raised here, as calling 7 here would be


def test_only_the_students_own_methods_are_named() -> None:
    from deepgrade.sandbox.inside.student_methods import student_methods

    namespace: dict = {}
    exec(compile(textwrap.dedent(CALC.source), CALC.filename, "exec"), namespace)
    calc = namespace["Calc"](1, 2)
    assert student_methods(calc, {CALC.filename}) == ("add", "shadow")  # not the property
    assert student_methods(calc, {"other.py"}) == ()
    assert student_methods(namespace["Sneaky"](1, 2), {CALC.filename}) == ()  # own __getattribute__
    assert student_methods(namespace["Net"](), {CALC.filename}) == ("forward",)  # not nn.Module's
    calc.shadow()
    assert student_methods(calc, {CALC.filename}) == ("shadow",)
    assert student_methods(namespace["Calc"], {CALC.filename}) == ()  # a class: none


def test_method_names_on_the_wire_are_identifiers_only() -> None:
    assert wire.RemoteRef(1, "calc.Calc", ("add", "sub")).methods == ("add", "sub")
    for bad in (("two words",), ["add"], ("x" * 101,), tuple(f"m{i}" for i in range(257)), (1,)):
        with pytest.raises(TypeError):
            wire.RemoteRef(1, "calc.Calc", bad)
    honest = wire.encode_reply({"seq": 1, "kind": "value", "value": wire.RemoteRef(1, "x")})
    named = honest.replace(b"\x8c\x01x)", b"\x8c\x01x\x8c\x03add\x85")  # methods: ("add",)
    assert wire.decode_reply(named)["value"].methods == ("add",)
    forged = honest.replace(b"\x8c\x01x)", b"\x8c\x01x\x8c\tnot valid\x85")  # methods: ("not valid",)
    with pytest.raises(ValueError):
        wire.decode_reply(forged)


@pytest.mark.skipif(os.geteuid() != 0, reason="switching to a sandbox uid needs root")
def test_a_uids_processes_leave_out_those_already_exiting() -> None:
    from deepgrade.sandbox.client.workspace import acquire_uid, processes_of_uid

    slot = acquire_uid()
    try:
        ready, told = os.pipe()
        pid = os.fork()
        if pid == 0:  # a process of the sandbox uid, as a run that died may leave one behind
            os.setresuid(slot.uid, slot.uid, slot.uid)
            os.write(told, b"x")
            time.sleep(30)
            os._exit(0)
        os.read(ready, 1)
        assert processes_of_uid(slot.uid) == [pid]     # alive: the next sandbox must kill it
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 5
        while open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z" and time.monotonic() < deadline:
            time.sleep(0.01)
        assert processes_of_uid(slot.uid) == []         # a zombie (not yet reaped): nothing to kill
        os.waitpid(pid, 0)
    finally:
        slot.release()
