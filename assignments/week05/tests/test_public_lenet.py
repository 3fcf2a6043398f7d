"""공개 테스트: LeNet-5의 층 모양과 출력 형상."""
import pytest
import torch

try:
    from deepgrade.grading.compare import assert_matches
except ImportError:  # plain pytest or Colab, without deepgrade: the same helper, shipped with the tests
    from deepgrade_compare import assert_matches

pytestmark = [pytest.mark.problem("lenet"), pytest.mark.visibility("visible")]


@pytest.mark.points(3)
def test_lenet5_layers_and_61706_parameters(student):
    """LeNet5의 층 이름과 형상 (conv1, conv2, fc1, fc2, fc3), 파라미터 61,706개"""
    layers = ("conv1", "conv2", "fc1", "fc2", "fc3")  # a layer you add yourself is not checked
    shapes = {key: tuple(value.shape) for key, value in student.LeNet5().state_dict().items()
              if key.split(".")[0] in layers}
    assert_matches(shapes, {"conv1.weight": (6, 1, 5, 5), "conv1.bias": (6,), "conv2.weight": (16, 6, 5, 5),
                            "conv2.bias": (16,), "fc1.weight": (120, 400), "fc1.bias": (120,),
                            "fc2.weight": (84, 120), "fc2.bias": (84,), "fc3.weight": (10, 84), "fc3.bias": (10,)},
                   name="LeNet5().state_dict()의 키와 형상")
    total = sum(torch.Size(shape).numel() for shape in shapes.values())
    assert_matches(total, 61706, name="LeNet5의 파라미터 수")


@pytest.mark.points(3)
def test_lenet5_output_shape(student):
    """LeNet5(num_classes=4)(2장의 28x28 흑백 이미지) -> (2, 4)"""
    out = student.LeNet5(num_classes=4)(torch.zeros(2, 1, 28, 28))
    assert isinstance(out, torch.Tensor), f"forward는 텐서를 반환해야 합니다 (받은 값: {out!r})"
    assert_matches(tuple(out.shape), (2, 4), name="출력 형상")
