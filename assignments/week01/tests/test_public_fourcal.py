"""공개 테스트: Fourcal과 상속 (슬라이드 예제). 채점용 숨은 테스트는 더 많은 경우를 확인합니다."""
import pytest

pytestmark = [pytest.mark.problem("fourcal"), pytest.mark.visibility("visible")]


@pytest.mark.points(2)
def test_fourcal_slide_example(student):
    """Fourcal(4, 2): add 6, sub 2, mul 8, div 2.0"""
    calc = student.Fourcal(4, 2)
    assert calc.add() == 6, "Fourcal(4, 2).add()는 6이어야 합니다"
    assert calc.sub() == 2, "Fourcal(4, 2).sub()는 2여야 합니다"
    assert calc.mul() == 8, "Fourcal(4, 2).mul()는 8이어야 합니다"
    assert calc.div() == 2.0, "Fourcal(4, 2).div()는 2.0이어야 합니다"


@pytest.mark.points(1)
def test_setdata(student):
    """setdata(3, 7) 뒤에 add()는 10"""
    calc = student.Fourcal(1, 1)
    calc.setdata(3, 7)
    assert (calc.first, calc.second) == (3, 7), "setdata가 first, second를 바꾸지 않았습니다"
    assert calc.add() == 10


@pytest.mark.points(1)
def test_morefourcal_pow(student):
    """MoreFourcal(4, 2).pow()는 16"""
    assert student.MoreFourcal(4, 2).pow() == 16, "MoreFourcal(4, 2).pow()는 4 ** 2 = 16이어야 합니다"


@pytest.mark.points(1)
def test_safefourcal_div_by_zero(student):
    """SafeFourcal(4, 0).div()는 0"""
    assert student.SafeFourcal(4, 0).div() == 0, "0으로 나누면 0을 반환해야 합니다"


@pytest.mark.points(1)
def test_child_slide_example(student):
    """Child(1, 2, 3): p1, p2, c1이 저장되고 parent_act()는 (1, 2)"""
    child = student.Child(1, 2, 3)
    assert (child.p1, child.p2, child.c1) == (1, 2, 3), "Child의 p1, p2, c1 값이 다릅니다"
    assert tuple(child.parent_act()) == (1, 2), "parent_act()는 부모의 act() 결과 (1, 2)를 반환해야 합니다"
