"""Hidden graders for problem `fourcal` (24 points; the public tests add 6 -> 30).

Seeded random operands keep hard-coded slide answers from passing; the inheritance
checks ask the sandbox about the student's classes (issubclass, own __dict__, the
names a method's code uses) instead of trusting what the objects say about themselves.
"""
import pytest
import torch

from deepgrade.sandbox import remote

pytestmark = pytest.mark.problem("fourcal")

ARITHMETIC = ("add", "sub", "mul", "div")


def _operands(seed: torch.Generator, count: int) -> list[tuple[float, float]]:
    """Pairs of ints and floats, second never 0 (division by zero is SafeFourcal's job)."""
    ints = torch.randint(-50, 50, (count, 2), generator=seed).tolist()
    floats = (torch.rand(count, 2, generator=seed) * 20 - 10).tolist()
    pairs = [(a, b if b != 0 else 7) for a, b in ints] + [(a, b if b != 0 else 0.5) for a, b in floats]
    return [tuple(p) for p in pairs]


def _check_methods(student_obj, reference_obj, names, context: str) -> None:
    for name in names:
        got = getattr(student_obj, name)()
        want = getattr(reference_obj, name)()
        assert got == pytest.approx(want), f"{context}.{name}() = {got!r}, 기대값 {want!r}"


@pytest.mark.points(4)
def test_fourcal_arithmetic_random(student, reference, seed):
    """Fourcal(first, second)의 add/sub/mul/div가 임의의 정수·실수에서 맞는다"""
    for a, b in _operands(seed, 6):
        _check_methods(student.Fourcal(a, b), reference.Fourcal(a, b), ARITHMETIC, f"Fourcal({a}, {b})")


@pytest.mark.points(2)
def test_setdata_overwrites(student, seed):
    """setdata(first, second)가 객체 변수 first, second를 바꾼다"""
    (a, b), (c, d) = _operands(seed, 1)
    calc = student.Fourcal(a, b)
    assert (calc.first, calc.second) == (a, b), "생성자가 first, second를 저장하지 않았습니다"
    calc.setdata(c, d)
    assert (calc.first, calc.second) == (c, d), "setdata 뒤에 first, second가 바뀌지 않았습니다"
    assert calc.add() == pytest.approx(c + d)


@pytest.mark.points(2)
def test_objects_are_independent(student, seed):
    """한 객체를 바꿔도 다른 객체는 그대로다 (객체 변수는 객체마다 따로)"""
    (a, b), (c, d) = _operands(seed, 1)
    one, two = student.Fourcal(a, b), student.Fourcal(a, b)
    one.setdata(c, d)
    assert (two.first, two.second) == (a, b), "다른 객체의 값까지 바뀌었습니다 (클래스 변수를 쓰지 않았나요?)"


@pytest.mark.points(3)
def test_morefourcal_inherits(student, seed):
    """MoreFourcal은 Fourcal을 상속하고 사칙연산을 다시 쓰지 않는다"""
    assert remote.is_subclass(student.MoreFourcal, student.Fourcal), "MoreFourcal이 Fourcal을 상속하지 않습니다"
    copied = [name for name in ARITHMETIC + ("__init__", "setdata") if remote.defines(student.MoreFourcal, name)]
    assert not copied, f"MoreFourcal이 부모의 메소드를 다시 정의했습니다: {copied}"
    a, b = _operands(seed, 1)[0]
    calc = student.MoreFourcal(a, b)
    assert calc.add() == pytest.approx(a + b)
    assert calc.div() == pytest.approx(a / b)


@pytest.mark.points(2)
def test_morefourcal_pow_random(student, reference, seed):
    """MoreFourcal.pow()가 first ** second를 반환한다"""
    bases = torch.randint(-9, 10, (8,), generator=seed).tolist()
    exponents = torch.randint(0, 6, (8,), generator=seed).tolist()
    for a, b in zip(bases, exponents):
        _check_methods(student.MoreFourcal(a, b), reference.MoreFourcal(a, b), ("pow",), f"MoreFourcal({a}, {b})")
    base = float(torch.rand(1, generator=seed).item() * 3 + 0.5)
    _check_methods(student.MoreFourcal(base, 2.5), reference.MoreFourcal(base, 2.5), ("pow",), "MoreFourcal")


@pytest.mark.points(2)
def test_safefourcal_overrides_only_div(student):
    """SafeFourcal은 Fourcal을 상속하고 div만 오버라이딩한다"""
    assert remote.is_subclass(student.SafeFourcal, student.Fourcal), "SafeFourcal이 Fourcal을 상속하지 않습니다"
    assert remote.defines(student.SafeFourcal, "div"), "SafeFourcal에 자기 div가 없습니다 (오버라이딩)"
    copied = [name for name in ("add", "sub", "mul", "__init__", "setdata") if remote.defines(student.SafeFourcal, name)]
    assert not copied, f"SafeFourcal이 부모의 메소드를 다시 정의했습니다: {copied}"
    calc = student.SafeFourcal(6, 3)
    assert (calc.add(), calc.div()) == (9, 2.0), "상속받은 add와 오버라이딩한 div가 동작하지 않습니다"


@pytest.mark.points(3)
def test_safefourcal_div(student, reference, seed):
    """SafeFourcal.div(): 0으로 나누면 0, 아니면 보통 나눗셈; 나머지 연산은 그대로"""
    for a, b in _operands(seed, 4):
        _check_methods(student.SafeFourcal(a, b), reference.SafeFourcal(a, b), ARITHMETIC, f"SafeFourcal({a}, {b})")
    a = int(torch.randint(1, 100, (1,), generator=seed).item())
    for zero in (0, 0.0):
        got = student.SafeFourcal(a, zero).div()
        assert got == 0, f"SafeFourcal({a}, {zero}).div() = {got!r}, 기대값 0"


@pytest.mark.points(3)
def test_child_init_uses_super(student, seed):
    """Child(p1, p2, c1)는 Parent를 상속하고 super()로 부모의 생성자를 부른다"""
    assert remote.is_subclass(student.Child, student.Parent), "Child가 Parent를 상속하지 않습니다"
    assert remote.defines(student.Child, "__init__"), "Child에 자기 __init__이 없습니다"
    assert "super" in remote.code_names(student.Child, "__init__"), "Child.__init__에서 super()를 쓰지 않았습니다"
    p1, p2, c1 = torch.randint(0, 1000, (3,), generator=seed).tolist()
    child = student.Child(p1, p2, c1)
    assert (child.p1, child.p2, child.c1) == (p1, p2, c1), "Child의 p1, p2, c1 값이 다릅니다"


@pytest.mark.points(3)
def test_child_parent_act_uses_super(student, seed):
    """Child.parent_act()는 super()로 부모의 act()를 불러 (p1, p2)를 반환한다"""
    assert "super" in remote.code_names(student.Child, "parent_act"), "parent_act에서 super()를 쓰지 않았습니다"
    assert not remote.defines(student.Child, "act"), "Child가 act를 다시 정의했습니다 (부모의 act를 쓰세요)"
    p1, p2, c1 = torch.randint(0, 1000, (3,), generator=seed).tolist()
    got = student.Child(p1, p2, c1).parent_act()
    assert tuple(got) == (p1, p2), f"parent_act() = {got!r}, 기대값 {(p1, p2)!r}"
