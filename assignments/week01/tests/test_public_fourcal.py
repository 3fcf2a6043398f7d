"""공개 테스트: Fourcal과 상속 (슬라이드 예제). 채점용 숨은 테스트는 더 많은 경우를 확인합니다."""
import pytest

try:
    from deepgrade.grading.compare import assert_matches
except ImportError:  # plain pytest or Colab, without deepgrade: the same helper, shipped with the tests
    from deepgrade_compare import assert_matches

pytestmark = [pytest.mark.problem("fourcal"), pytest.mark.visibility("visible")]


@pytest.mark.points(1)
def test_fourcal_add_sub_mul(student):
    """Fourcal(4, 2)의 add, sub, mul: 6, 2, 8"""
    calc = student.Fourcal(4, 2)
    assert_matches(calc.add(), 6, name="Fourcal(4, 2).add()")
    assert_matches(calc.sub(), 2, name="Fourcal(4, 2).sub()")
    assert_matches(calc.mul(), 8, name="Fourcal(4, 2).mul()")


@pytest.mark.points(1)
def test_fourcal_div_is_true_division(student):
    """Fourcal(7, 2).div()는 3.5 (몫만 남기는 //가 아니라 /로 나눕니다)"""
    assert_matches(student.Fourcal(4, 2).div(), 2.0, name="Fourcal(4, 2).div()")
    assert_matches(student.Fourcal(7, 2).div(), 3.5, name="Fourcal(7, 2).div()")


@pytest.mark.points(1)
def test_setdata(student):
    """setdata(3, 7) 뒤에 first, second는 3, 7"""
    calc = student.Fourcal(1, 1)
    calc.setdata(3, 7)
    assert_matches((calc.first, calc.second), (3, 7), name="setdata(3, 7) 뒤의 (first, second)")


@pytest.mark.points(1)
def test_morefourcal_pow(student):
    """MoreFourcal(4, 2).pow()는 16"""
    assert_matches(student.MoreFourcal(4, 2).pow(), 16, name="MoreFourcal(4, 2).pow()")


@pytest.mark.points(1)
def test_safefourcal_div_slide(student):
    """SafeFourcal(4, 0).div()는 0, SafeFourcal(7, 2).div()는 3.5"""
    assert_matches(student.SafeFourcal(4, 0).div(), 0.0, name="SafeFourcal(4, 0).div() (0으로 나누면 0)")
    assert_matches(student.SafeFourcal(7, 2).div(), 3.5, name="SafeFourcal(7, 2).div()")


@pytest.mark.points(1)
def test_child_slide_example(student):
    """Child(1, 2, 3): p1, p2, c1이 저장되고 parent_act()는 (1, 2)"""
    child = student.Child(1, 2, 3)
    assert_matches((child.p1, child.p2, child.c1), (1, 2, 3), name="Child(1, 2, 3)의 (p1, p2, c1)")
    assert_matches(child.parent_act(), (1, 2), name="Child(1, 2, 3).parent_act()")
