"""Hidden graders for problem `fourcal` (24 points; the public tests add 6 -> 30).

One behaviour per test, so one mistake costs the test of that behaviour only: division is
checked apart from add/sub/mul (``//`` costs the division tests), and a subclass's test
compares its inherited methods with the student's *own* Fourcal, not with the reference
(a missing ``add`` does not also fail MoreFourcal and SafeFourcal). Seeded random operands
keep hard-coded slide answers from passing; the inheritance checks ask the sandbox about
the student's classes (issubclass, own __dict__, the names a method's code uses).
Titles (the docstrings' first lines) are Korean and never show an input.
"""
import pytest
import torch

from deepgrade.grading.compare import assert_matches
from deepgrade.sandbox import remote
from deepgrade.sandbox import SandboxCrashed, SandboxTimeout

pytestmark = pytest.mark.problem("fourcal")

INHERITED = ("add", "sub", "mul", "div")


def _operands(seed: torch.Generator, count: int) -> list[tuple[float, float]]:
    """Pairs of ints and floats, second never 0 (division by zero is SafeFourcal's job)."""
    ints = torch.randint(-50, 50, (count, 2), generator=seed).tolist()
    floats = (torch.rand(count, 2, generator=seed) * 20 - 10).tolist()
    pairs = [(a, b if b != 0 else 7) for a, b in ints] + [(a, b if b != 0 else 0.5) for a, b in floats]
    return [tuple(p) for p in pairs]


def _check_against_reference(student_obj, reference_obj, names, context: str) -> None:
    for name in names:
        assert_matches(getattr(student_obj, name)(), getattr(reference_obj, name)(), name=f"{context}.{name}()")


def _outcome(call):
    """A call's value, or the name of the exception it raised (to compare two behaviours)."""
    try:
        return "value", call()
    except (SandboxCrashed, SandboxTimeout):
        raise  # a hang or a crash is this test's own outcome, never "the same as the parent"
    except Exception as exc:  # noqa: BLE001 - the student's exception is what is compared
        return "raised", type(exc).__name__


def _same_as_parent(child, parent, names, context: str) -> None:
    """``child.<name>()`` behaves exactly as the student's own parent class does."""
    for name in names:
        got, want = _outcome(getattr(child, name)), _outcome(getattr(parent, name))
        if want[0] == "raised" or got[0] == "raised":
            assert got == want, f"{context}.{name}()이 부모 클래스와 다르게 동작합니다: {got[1]} (부모: {want[1]})"
        else:
            assert_matches(got[1], want[1], name=f"{context}.{name}() (부모 클래스의 결과와 같아야 함)")


@pytest.mark.points(3)
def test_fourcal_add_sub_mul_random(student, reference, seed):
    """무작위 정수·실수에서 Fourcal의 add, sub, mul이 맞는지"""
    for a, b in _operands(seed, 6):
        _check_against_reference(student.Fourcal(a, b), reference.Fourcal(a, b), ("add", "sub", "mul"),
                                 f"Fourcal({a}, {b})")


@pytest.mark.points(2)
def test_fourcal_div_random(student, reference, seed):
    """무작위 정수·실수에서 Fourcal.div가 실수 나눗셈(/)을 하는지"""
    for a, b in _operands(seed, 6):
        _check_against_reference(student.Fourcal(a, b), reference.Fourcal(a, b), ("div",), f"Fourcal({a}, {b})")


@pytest.mark.points(2)
def test_setdata_overwrites(student, seed):
    """생성자와 setdata가 객체 변수 first, second에 값을 저장하는지"""
    (a, b), (c, d) = _operands(seed, 1)
    calc = student.Fourcal(a, b)
    assert_matches((calc.first, calc.second), (a, b), name="생성자 뒤의 (first, second)")
    calc.setdata(c, d)
    assert_matches((calc.first, calc.second), (c, d), name="setdata 뒤의 (first, second)")


@pytest.mark.points(2)
def test_objects_are_independent(student, seed):
    """한 객체의 값을 바꿔도 다른 객체는 그대로인지 (객체 변수는 객체마다 따로)"""
    (a, b), (c, d) = _operands(seed, 1)
    one, two = student.Fourcal(a, b), student.Fourcal(a, b)
    one.setdata(c, d)
    assert_matches((two.first, two.second), (a, b),
                   name="다른 객체의 (first, second): 다른 객체의 값까지 바뀌었다면 클래스 변수를 쓰지 않았나요?")


@pytest.mark.points(3)
def test_morefourcal_inherits(student, seed):
    """MoreFourcal이 Fourcal을 상속하고, 사칙연산을 다시 쓰지 않고 그대로 물려받는지"""
    assert remote.is_subclass(student.MoreFourcal, student.Fourcal), "MoreFourcal이 Fourcal을 상속하지 않습니다"
    copied = [name for name in INHERITED + ("__init__", "setdata") if remote.defines(student.MoreFourcal, name)]
    assert not copied, f"MoreFourcal이 부모의 메소드를 다시 정의했습니다: {copied}"
    a, b = _operands(seed, 1)[0]
    _same_as_parent(student.MoreFourcal(a, b), student.Fourcal(a, b), INHERITED, "MoreFourcal")


@pytest.mark.points(2)
def test_morefourcal_pow_random(student, reference, seed):
    """무작위 밑과 지수에서 MoreFourcal.pow가 first ** second를 반환하는지"""
    bases = torch.randint(-9, 10, (8,), generator=seed).tolist()
    exponents = torch.randint(0, 6, (8,), generator=seed).tolist()
    for a, b in zip(bases, exponents):
        _check_against_reference(student.MoreFourcal(a, b), reference.MoreFourcal(a, b), ("pow",), f"MoreFourcal({a}, {b})")
    base = float(torch.rand(1, generator=seed).item() * 3 + 0.5)
    _check_against_reference(student.MoreFourcal(base, 2.5), reference.MoreFourcal(base, 2.5), ("pow",),
                             f"MoreFourcal({base}, 2.5)")


@pytest.mark.points(2)
def test_safefourcal_overrides_only_div(student, seed):
    """SafeFourcal이 Fourcal을 상속하고 div만 오버라이딩하는지"""
    assert remote.is_subclass(student.SafeFourcal, student.Fourcal), "SafeFourcal이 Fourcal을 상속하지 않습니다"
    assert remote.defines(student.SafeFourcal, "div"), "SafeFourcal에 자기 div가 없습니다 (오버라이딩)"
    copied = [name for name in ("add", "sub", "mul", "__init__", "setdata") if remote.defines(student.SafeFourcal, name)]
    assert not copied, f"SafeFourcal이 부모의 메소드를 다시 정의했습니다: {copied}"
    a, b = _operands(seed, 1)[0]
    _same_as_parent(student.SafeFourcal(a, b), student.Fourcal(a, b), ("add", "sub", "mul"), "SafeFourcal")


@pytest.mark.points(3)
def test_safefourcal_div(student, reference, seed):
    """SafeFourcal.div가 0으로 나누면 0을, 아니면 실수 나눗셈 결과를 반환하는지"""
    for a, b in _operands(seed, 4):
        _check_against_reference(student.SafeFourcal(a, b), reference.SafeFourcal(a, b), ("div",),
                                 f"SafeFourcal({a}, {b})")
    a = int(torch.randint(1, 100, (1,), generator=seed).item())
    for zero in (0, 0.0):
        assert_matches(student.SafeFourcal(a, zero).div(), 0.0, name=f"SafeFourcal({a}, {zero}).div()")


@pytest.mark.points(3)
def test_child_init_uses_super(student, seed):
    """Child가 Parent를 상속하고 super()로 부모의 생성자를 불러 p1, p2, c1을 저장하는지"""
    assert remote.is_subclass(student.Child, student.Parent), "Child가 Parent를 상속하지 않습니다"
    assert remote.defines(student.Child, "__init__"), "Child에 자기 __init__이 없습니다"
    assert "super" in remote.code_names(student.Child, "__init__"), "Child.__init__에서 super()를 쓰지 않았습니다"
    p1, p2, c1 = torch.randint(0, 1000, (3,), generator=seed).tolist()
    child = student.Child(p1, p2, c1)
    assert_matches((child.p1, child.p2, child.c1), (p1, p2, c1), name="Child의 (p1, p2, c1)")


@pytest.mark.points(2)
def test_child_parent_act_uses_super(student, seed):
    """Child.parent_act가 super()로 부모의 act를 불러 그 결과를 반환하는지"""
    assert "super" in remote.code_names(student.Child, "parent_act"), "parent_act에서 super()를 쓰지 않았습니다"
    assert not remote.defines(student.Child, "act"), "Child가 act를 다시 정의했습니다 (부모의 act를 쓰세요)"
    p1, p2, c1 = torch.randint(0, 1000, (3,), generator=seed).tolist()
    assert_matches(student.Child(p1, p2, c1).parent_act(), (p1, p2), name="parent_act()")
