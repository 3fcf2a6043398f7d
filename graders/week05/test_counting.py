"""Hidden graders for problem `counting` (18 points; the public tests add 7 -> 25).

- count_parameters: random library models built where the student's code runs, with frozen
  parameters, batch-norm buffers and a layer used twice (counted once); the expected count is
  nn.Module's own ``named_parameters`` (``models.parameter_count``).
- alexnet_parameter_count: torchvision's ``alexnet(weights=None, num_classes=n)`` built here on
  the meta device, for the default and random numbers of classes (a constant cannot pass).
- receptive_field: random (kernel, stride) lists, and n stacked 3x3 convolutions = 2n + 1.
"""
import pytest
import torch
import torchvision
from torch import nn

from deepgrade.grading import models
from deepgrade.grading.compare import assert_matches

pytestmark = pytest.mark.problem("counting")


def _ints(seed, low, high, count):
    return [int(v) for v in torch.randint(low, high, (count,), generator=seed)]


def _random_model(near, seed):
    """Conv2d -> BatchNorm2d -> ReLU -> Flatten -> Linear -> ReLU -> the same Linear again
    (shared parameters) -> Linear, built where ``near`` lives; the convolution frozen."""
    channels, filters, kernel, width, classes = _ints(seed, 2, 7, 5)
    side = 8
    flat = filters * (side - kernel + 1) ** 2
    conv = models.new(near, nn.Conv2d, channels, filters, kernel)
    shared = models.new(near, nn.Linear, width, width)
    model = models.new(near, nn.Sequential, conv, models.new(near, nn.BatchNorm2d, filters), models.new(near, nn.ReLU),
                       models.new(near, nn.Flatten), models.new(near, nn.Linear, flat, width), models.new(near, nn.ReLU),
                       shared, models.new(near, nn.ReLU), shared, models.new(near, nn.Linear, width, classes))
    conv.requires_grad_(False)
    return model


@pytest.mark.points(6)
def test_count_parameters_random_models(student, seed):
    """count_parameters: 무작위 모델에서 얼린 파라미터는 세고, 버퍼는 세지 않고, 함께 쓰는 층은 한 번만 셈"""
    for _ in range(2):
        model = _random_model(student.count_parameters, seed)
        want = models.parameter_count(model)
        assert_matches(student.count_parameters(model), want, name="count_parameters(model)")


@pytest.mark.points(6)
def test_alexnet_parameter_count_for_other_class_counts(student, seed):
    """alexnet_parameter_count: 기본값과 여러 num_classes에서 torchvision AlexNet의 파라미터 수"""
    for classes in (1000, _ints(seed, 2, 500, 1)[0], _ints(seed, 500, 5000, 1)[0]):
        with torch.device("meta"):
            want = sum(p.numel() for p in torchvision.models.alexnet(weights=None, num_classes=classes).parameters())
        got = student.alexnet_parameter_count() if classes == 1000 else student.alexnet_parameter_count(classes)
        assert_matches(got, want, name=f"alexnet_parameter_count({'' if classes == 1000 else classes})")


@pytest.mark.points(6)
def test_receptive_field_random_layers(student, reference, seed):
    """receptive_field: 무작위 (kernel, stride) 목록에서 기준 구현과 같고, 3x3 합성곱 n개는 2n + 1"""
    for _ in range(4):
        count = _ints(seed, 1, 7, 1)[0]
        layers = [(k, s) for k, s in zip(_ints(seed, 1, 8, count), _ints(seed, 1, 4, count))]
        assert_matches(student.receptive_field(layers), reference.receptive_field(layers),
                       name=f"receptive_field({layers})")
    stacked = _ints(seed, 2, 9, 1)[0]
    assert_matches(student.receptive_field([(3, 1)] * stacked), 2 * stacked + 1,
                   name=f"3x3 합성곱 {stacked}개의 receptive_field")
