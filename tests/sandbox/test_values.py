"""Values crossing the boundary: plain data by value, everything else as Handles."""
from __future__ import annotations

import collections
import collections.abc

import pytest
import torch

from deepgrade.sandbox import Handle, MissingName, SandboxCrashed, StudentError

from deepgrade.sandbox.client import remote
from sbtest_helpers import spec, unit

FOURCAL = unit("fourcal", """
    import collections
    import torch

    class Fourcal:
        def __init__(self, a, b):
            self.a, self.b = a, b
        def add(self):
            return self.a + self.b
        def div(self):
            return self.helper()
        def helper(self):
            return self.a / self.b

    class Child(Fourcal):
        def __init__(self, a, b):
            super().__init__(a, b)

    Point = collections.namedtuple("Point", "x y")

    class Liar(int):
        def __eq__(self, other):
            return True

    class AlwaysEqual:
        def __eq__(self, other):
            return True
        __hash__ = object.__hash__

    class Chameleon:
        def __getattr__(self, name):
            return self
        def __call__(self, *args, **kwargs):
            return self

    class Sneaky(torch.Tensor):
        @classmethod
        def __torch_function__(cls, func, types, args=(), kwargs=None):
            return torch.tensor(True)

    def values():
        return {"none": None, "t": True, "i": 3, "f": 2.5, "c": 1j, "s": "한글", "b": b"x",
                "list": [1, (2, 3)], "set": {1, 2}, "fs": frozenset({4})}

    def tensors():
        big = torch.arange(10_000.0)
        return big[5:8], torch.float64, torch.device("cpu"), torch.Size([2, 3])

    def grad_tensor():
        return torch.ones(2, requires_grad=True) * 3

    def point():
        return Point(1, 2)

    def liar():
        return Liar(5)

    def sneaky():
        return torch.arange(3.0).as_subclass(Sneaky)

    def countdown(n):
        while n > 0:
            yield n
            n -= 1

    def mixed():
        return [1, Fourcal(1, 2)]

    class SaysYes(type):
        def __subclasscheck__(cls, sub):
            return True
        def __instancecheck__(cls, obj):
            return True

    class Parent(metaclass=SaysYes):
        pass

    class Orphan:  # inherits nothing; pretends to be a Parent and a tensor
        @property
        def __class__(self):
            return torch.Tensor

    def _uses_super():
        return super().__init__()

    class FakeInit:  # a callable whose __code__ says it calls super(); it does not
        __code__ = _uses_super.__code__
        def __call__(self, *args):
            return None

    class Pretender:
        __init__ = FakeInit()

    class Tiny(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = torch.nn.Linear(2, 1)
        def forward(self, x):
            return self.lin(x)

    def many_ints(n):
        return list(range(n))

    CONSTANT = 0.01
""")


@pytest.fixture(scope="module")
def sb(zygote):
    from deepgrade.sandbox import Sandbox
    with Sandbox(spec(FOURCAL, provides={"Fourcal": "fourcal.py", "row_means": "fourcal.py"}), zygote) as sandbox:
        yield sandbox


def test_plain_values_come_back_by_value(sb):
    assert sb.import_report[0].status == "ok"
    values = sb.student.values()
    assert values == {"none": None, "t": True, "i": 3, "f": 2.5, "c": 1j, "s": "한글", "b": b"x",
                      "list": [1, (2, 3)], "set": {1, 2}, "fs": frozenset({4})}
    assert sb.student.CONSTANT == 0.01


def test_tensors_dtypes_devices_sizes(sb):
    view, dtype, device, size = sb.student.tensors()
    assert torch.equal(view, torch.tensor([5.0, 6.0, 7.0]))
    assert view.untyped_storage().nbytes() == 3 * 4  # the view, not its 40 kB base
    assert (dtype, device, size) == (torch.float64, torch.device("cpu"), torch.Size([2, 3]))
    grad = sb.student.grad_tensor()
    assert grad.requires_grad and torch.equal(grad.detach(), torch.full((2,), 3.0))


def test_objects_stay_remote_as_handles(sb):
    h = sb.student.Fourcal(4, 2)
    assert isinstance(h, Handle)
    assert h.add() == 6 and h.a == 4
    h.b = 8
    assert h.add() == 12
    assert remote.type_name(h) == "fourcal.Fourcal"
    first, second = sb.student.mixed()
    assert first == 1 and isinstance(second, Handle)
    assert "Fourcal" in repr(h)


def test_iteration_len_getitem_stopiteration(sb):
    assert list(sb.student.countdown(3)) == [3, 2, 1]
    gen = sb.student.countdown(1)
    assert next(gen) == 1
    with pytest.raises(StopIteration):
        next(gen)
    lst = remote.put(sb, [10, 20, 30])
    assert isinstance(lst, Handle)
    assert len(lst) == 3 and lst[1] == 20 and lst[-1] == 30 and bool(lst)
    with pytest.raises(StudentError) as info:
        lst[7]
    assert info.value.exc_type == "IndexError"


def test_namedtuple_and_int_subclass_arrive_plain(sb):
    p = sb.student.point()
    assert type(p) is tuple and p == (1, 2)
    liar = sb.student.liar()
    assert type(liar) is int and liar == 5 and liar != 6


def test_eq_always_true_object_equals_nothing_here(sb):
    obj = sb.student.AlwaysEqual()
    assert isinstance(obj, Handle)
    assert obj != 1 and not (obj == "anything") and obj != sb.student.AlwaysEqual()


def test_getattr_returning_self_does_not_fake_values(sb):
    chameleon = sb.student.Chameleon()
    result = chameleon.add()
    assert isinstance(result, Handle) and result != 6 and remote.same(result, chameleon)


def test_torch_function_subclass_arrives_as_plain_tensor(sb):
    value = sb.student.sneaky()
    assert type(value) is torch.Tensor
    assert not torch.equal(value, torch.tensor([9.0, 9.0, 9.0]))
    assert torch.equal(value, torch.arange(3.0))


def test_student_exception_has_student_frames_only(sb):
    with pytest.raises(StudentError) as info:
        sb.student.Fourcal(1, 0).div()
    error = info.value
    assert error.exc_type == "ZeroDivisionError"
    assert [line.split(" in ")[0] for line in error.traceback_lines] == ["fourcal.py:11", "fourcal.py:13"]
    assert "return self.a / self.b" in error.traceback_lines[-1]
    assert not any("worker" in line or "deepgrade" in line for line in error.traceback_lines)


def test_missing_name_suggests_and_names_the_file(sb):
    with pytest.raises(MissingName) as info:
        sb.student.FourCal
    assert info.value.suggestion == "Fourcal"
    with pytest.raises(MissingName) as info:
        sb.student.row_means
    assert "fourcal.py has no row_means" in str(info.value)


def test_remote_questions(sb):
    child, parent = sb.student.Child, sb.student.Fourcal
    assert remote.is_subclass(child, parent) and not remote.is_subclass(parent, child)
    assert remote.is_instance(child(1, 2), parent)
    assert remote.defines(child, "__init__") and not remote.defines(child, "add")
    assert "super" in remote.code_names(child, "__init__")
    assert "super" not in remote.code_names(parent, "__init__")
    assert "super" in remote.code_names(remote.attr(child, "__init__"))
    kept = remote.ref_call(sb.student.values)
    assert isinstance(kept, Handle) and remote.fetch(kept)["i"] == 3


def test_trusted_objects_cannot_be_sent(sb):
    class Trusted:
        pass
    with pytest.raises(TypeError):
        sb.student.Fourcal(Trusted(), 1)


def test_handles_of_a_restarted_sandbox_fail_clearly(zygote, open_sandbox):
    sandbox = open_sandbox(spec(FOURCAL))
    old = sandbox.student.Fourcal(1, 2)
    sandbox.restart()
    with pytest.raises(SandboxCrashed, match="restarted"):
        old.add()
    assert sandbox.student.Fourcal(1, 2).add() == 3


def test_korean_messages_by_default(open_sandbox):
    from deepgrade.sandbox import SandboxSpec
    korean = SandboxSpec(units=(FOURCAL,), provides={"FourCal": "fourcal.py", "Net": "model.py"})
    sandbox = open_sandbox(korean)
    with pytest.raises(MissingName) as info:
        sandbox.student.FourCal
    assert str(info.value) == "fourcal.py에 FourCal이(가) 없습니다; 혹시 Fourcal을(를) 말한 건가요?"
    with pytest.raises(MissingName, match="model.py 파일이 제출되지 않아"):
        sandbox.student.Net


def test_a_hint_names_a_close_spelling_only_else_what_the_file_defines(open_sandbox):
    """A file with FourCal but no MoreFourcal was told "did you mean FourCal?" (issue 10, item 5)."""
    from deepgrade.sandbox import SandboxSpec
    textbook = unit("fourcal", """
        class FourCal:
            pass

        class SafeFourCal(FourCal):
            pass

        def helper():
            pass
    """)
    sandbox = open_sandbox(SandboxSpec(units=(textbook,), provides={n: "fourcal" for n in (
        "MoreFourcal", "SafeFourcal", "Fourcla", "Child")}))
    with pytest.raises(MissingName) as info:
        sandbox.student.MoreFourcal
    assert str(info.value) == "fourcal.py에 MoreFourcal이(가) 없습니다. 이 파일에 정의된 이름: FourCal, SafeFourCal, helper"
    assert info.value.suggestion is None
    with pytest.raises(MissingName, match="혹시 SafeFourCal을"):  # letter case only
        sandbox.student.SafeFourcal
    with pytest.raises(MissingName, match="혹시 FourCal을"):      # two letters swapped
        sandbox.student.Fourcla


def test_a_leftover_demo_line_costs_only_the_names_after_it(open_sandbox):
    """A failing top-level statement no longer zeroes the file (issue 10, item 7)."""
    from deepgrade.sandbox import SandboxSpec
    leftover = unit("fourcal", """
        class Fourcal:
            def add(self):
                return 3

        print(a.add())

        class MoreFourcal(Fourcal):
            pass
    """)
    sandbox = open_sandbox(SandboxSpec(units=(leftover,), provides={"Fourcal": "fourcal", "MoreFourcal": "fourcal"}))
    assert sandbox.student.Fourcal().add() == 3
    with pytest.raises(MissingName) as info:
        sandbox.student.MoreFourcal
    assert str(info.value).startswith("fourcal.py을(를) 불러오다 6번째 줄에서 멈춰서, 그 뒤에 있는 MoreFourcal이(가) "
                                      "정의되지 않았습니다 (error: NameError: name 'a' is not defined)")


def test_too_much_plain_data_is_a_clear_crash_and_the_sandbox_goes_on(sb, monkeypatch):
    from deepgrade.sandbox.shared import wire

    monkeypatch.setattr(wire, "MAX_PICKLE_BYTES", 1 << 16)  # checked on this side: same rule, faster
    with pytest.raises(SandboxCrashed, match="too much non-tensor data"):
        sb.student.many_ints(1 << 15)
    assert sb.student.many_ints(3) == [0, 1, 2]


def test_a_forged_view_bigger_than_any_reply_is_refused(open_sandbox):
    # 8 bytes of storage seen as 10**12 elements (stride 0): a grader's .sum() would run for hours.
    sb = open_sandbox(spec(unit("forge", """
        import collections, io, torch
        import deepgrade.sandbox.inside.worker as worker
        from deepgrade.sandbox.shared.pickle_shape import TREE_PICKLE_MODULE

        class View:
            def __reduce__(self):
                storage = torch.storage.TypedStorage(wrap_storage=torch.zeros(2).untyped_storage(),
                                                     dtype=torch.float32, _internal=True)
                return (torch._utils._rebuild_tensor_v2,
                        (storage, 0, (10**6, 10**6), (0, 0), False, collections.OrderedDict()))

        def _forge(reply):
            if reply.get("kind") == "value" and type(reply.get("value")) is str:
                buf = io.BytesIO()
                torch.save(dict(reply, value=View()), buf, pickle_module=TREE_PICKLE_MODULE)
                return b"T" + buf.getvalue()
            return _honest(reply)

        _honest, worker.encode_reply = worker.encode_reply, _forge

        def view():
            return "view"

        def expanded():
            return torch.zeros(1).expand(10**6, 10**6)
        """)))
    with pytest.raises(SandboxCrashed, match="unreadable"):
        sb.student.view()
    assert isinstance(sb.student.expanded(), Handle)  # honest, but it cannot be sent by value


def test_later_weeks_modules_library_classes_and_state_dicts(sb):
    # what an MLP/CNN week's graders do: ask whether the student's model is an nn.Module,
    # give it known weights, and compare its output with the reference's
    model = sb.student.Tiny()
    assert remote.is_instance(model, torch.nn.Module)
    assert remote.is_subclass(sb.student.Tiny, (torch.nn.Linear, torch.nn.Module))
    assert not remote.is_instance(sb.student.Fourcal(1, 2), torch.nn.Module)
    assert remote.is_instance(model, object)
    known = torch.nn.Linear(2, 1)
    state = collections.OrderedDict((f"lin.{k}", v.detach()) for k, v in known.state_dict().items())
    model.load_state_dict(state)
    x = torch.tensor([[1.0, 2.0]])
    assert torch.allclose(model(x), known(x).detach())
    fetched = remote.fetch(model.state_dict())  # already plain: fetch hands it back as it is
    assert set(fetched) == {"lin.weight", "lin.bias"} and torch.equal(fetched["lin.bias"], known.bias.detach())
    assert remote.fetch(model.training) is True


def test_a_graders_own_class_never_crosses(sb):
    class GraderSide:
        pass

    with pytest.raises(TypeError, match="only classes of the standard library, torch"):
        remote.is_instance(sb.student.Fourcal(1, 2), GraderSide)
    with pytest.raises(TypeError, match="cannot send a .*GraderSide to the sandbox"):
        remote.put(sb, GraderSide())


def test_inheritance_questions_cannot_be_bent_by_a_metaclass_or_a_fake_class(sb):
    # issubclass/isinstance would ask the student's metaclass and __class__; the answers here
    # come from the real MRO and the real type
    parent, orphan = sb.student.Parent, sb.student.Orphan
    assert not remote.is_subclass(orphan, parent)
    assert not remote.is_instance(orphan(), parent)
    assert not remote.is_instance(orphan(), torch.Tensor)
    assert remote.is_subclass(parent, object) and remote.is_subclass(sb.student.Child, sb.student.Fourcal)
    # the standard ABCs keep their virtual subclasses
    assert remote.is_instance(remote.put(sb, [1, 2]), collections.abc.Sequence)
    assert not remote.is_instance(remote.put(sb, {1: 2}), collections.abc.Sequence)


def test_code_names_come_from_a_real_function_not_a_callable_claiming_a_code_object(sb):
    assert "super" in remote.code_names(sb.student.Child, "__init__")
    with pytest.raises(StudentError) as info:
        remote.code_names(sb.student.Pretender, "__init__")
    assert info.value.exc_type == "TypeError"
