"""``deepgrade.sandbox.client.remote`` on real objects (the in-process backend): the same answers a
sandbox gives for a Handle, so graders run unchanged in-process (``make bench``'s limit)."""
from __future__ import annotations

import sys

import torch

from deepgrade.sandbox.client import remote


class Base:
    def __init__(self) -> None:
        self.value = 1


class Child(Base):
    def __init__(self) -> None:
        super().__init__()


class Liar:
    @property
    def __class__(self):  # claims to be a tensor
        return torch.Tensor


def test_questions_are_answered_from_the_real_objects() -> None:
    child = Child()
    assert remote.type_name(child).endswith("Child")
    assert remote.is_subclass(Child, Base) and remote.is_instance(child, Base)
    assert not remote.is_instance(Liar(), torch.Tensor)  # its real type, never __class__
    assert remote.defines(Child, "__init__") and not remote.defines(Child, "value")
    assert "super" in remote.code_names(Child, "__init__")
    assert remote.attr(child, "value") == 1 and remote.same(child, child) and not remote.same(child, Child())


def test_put_copies_and_ref_call_calls() -> None:
    original = torch.ones(3)
    copied = remote.put(object(), original)
    copied += 1
    assert original.tolist() == [1.0, 1.0, 1.0] and copied.tolist() == [2.0, 2.0, 2.0]
    assert remote.same(remote.ref_call(lambda t: t, copied), copied)
    assert remote.fetch(5) == 5


def test_student_code_in_process_runs_on_one_torch_thread_as_in_a_sandbox() -> None:
    from deepgrade.grading.inprocess import InProcessSession
    from deepgrade.sandbox.shared.spec import SandboxSpec
    from deepgrade.submission.units import CodeUnit

    source = "import torch\nTHREADS_AT_IMPORT = torch.get_num_threads()\ndef threads():\n    return torch.get_num_threads()\n"
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        with InProcessSession(SandboxSpec(units=(CodeUnit("probe", "probe.py", source, "module"),))) as session:
            assert session.student.THREADS_AT_IMPORT == 1 and session.student.threads() == 1
        assert torch.get_num_threads() == 2, "the grading process gets its own thread count back"
    finally:
        torch.set_num_threads(before)
        sys.modules.pop("probe", None)  # the runner restores sys.modules after a real grading
