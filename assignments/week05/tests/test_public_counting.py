"""공개 테스트: 파라미터 세기(얼린 파라미터, 버퍼), AlexNet, 수용 영역 (슬라이드 예제)."""
import pytest
from torch import nn

try:
    from deepgrade.grading.compare import assert_matches
except ImportError:  # plain pytest or Colab, without deepgrade: the same helper, shipped with the tests
    from deepgrade_compare import assert_matches

pytestmark = [pytest.mark.problem("counting"), pytest.mark.visibility("visible")]


@pytest.mark.points(3)
def test_count_parameters_frozen_yes_buffers_no(student, new):
    """count_parameters: Linear(3, 2)는 8, 얼려도 8, BatchNorm1d(4)는 8 (버퍼 running_mean/var는 세지 않음)"""
    layer = new(nn.Linear, 3, 2)
    assert_matches(student.count_parameters(layer), 8, name="count_parameters(nn.Linear(3, 2))")
    layer.requires_grad_(False)
    assert_matches(student.count_parameters(layer), 8, name="얼린 nn.Linear(3, 2)의 count_parameters")
    assert_matches(student.count_parameters(new(nn.BatchNorm1d, 4)), 8, name="count_parameters(nn.BatchNorm1d(4))")


@pytest.mark.points(2)
def test_alexnet_parameter_count_is_torchvisions(student):
    """alexnet_parameter_count(): torchvision AlexNet의 61,100,840개"""
    assert_matches(student.alexnet_parameter_count(), 61100840, name="alexnet_parameter_count()")


@pytest.mark.points(2)
def test_receptive_field_slide_examples(student):
    """3x3 합성곱 두 개의 수용 영역은 5 (5x5 하나와 같음), 빈 리스트는 1"""
    assert_matches(student.receptive_field([(3, 1), (3, 1)]), 5, name="receptive_field([(3, 1), (3, 1)])")
    assert_matches(student.receptive_field([(5, 1)]), 5, name="receptive_field([(5, 1)])")
    assert_matches(student.receptive_field([]), 1, name="receptive_field([])")
