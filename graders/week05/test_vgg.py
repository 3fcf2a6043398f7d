"""Hidden graders for problem `vgg` (28 points; the public tests add 7 -> 35).

Random configurations drawn from the seed (so layouts cannot be copied from the public tests):
- vgg_block: state_dict layout, and outputs with grader weights on sizes that do not halve
  evenly (the pooling's floor).
- make_vgg: the layouts of ``features`` and ``classifier`` (the parameter counts follow),
  outputs with grader weights in eval mode, and dropout acting in train mode only (the
  output depends on the mode). Weights are loaded into ``features`` and ``classifier`` one
  by one: an extra module of the student's elsewhere is never penalised.
"""
import pytest
import torch

from deepgrade.grading import models
from deepgrade.grading.compare import assert_matches

pytestmark = pytest.mark.problem("vgg")

PARTS = ("features", "classifier")


def _ints(seed, low, high, count):
    return [int(v) for v in torch.randint(low, high, (count,), generator=seed)]


def _architecture(seed):
    """A random small VGG: 1-3 blocks of 1-2 convolutions, 2-6 channels, and an image size the
    blocks halve evenly."""
    blocks = _ints(seed, 1, 4, 1)[0]
    arch = [(n, c) for n, c in zip(_ints(seed, 1, 3, blocks), _ints(seed, 2, 7, blocks))]
    return arch, 2 ** blocks * _ints(seed, 2, 4, 1)[0], _ints(seed, 2, 9, 1)[0]


@pytest.mark.points(8)
def test_vgg_block_random_configurations(student, reference, seed):
    """vgg_block: 무작위 채널과 합성곱 수에서 층 구성과, 채점용 가중치를 불러온 출력이 기준 구현과 같음"""
    for _ in range(2):
        in_channels, out_channels = _ints(seed, 1, 6, 2)
        num_convs = _ints(seed, 1, 4, 1)[0]
        call = f"vgg_block({in_channels}, {out_channels}, {num_convs})"
        block, want_block = student.vgg_block(in_channels, out_channels, num_convs), \
            reference.vgg_block(in_channels, out_channels, num_convs)
        assert_matches(dict(models.layout(block, name=call)), dict(models.layout(want_block)),
                       name=f"{call}의 state_dict 키와 형상")
        weights = models.random_weights(want_block, seed)
        models.load_weights(block, weights, name=call)
        want_block.load_state_dict(weights)
        height, width = _ints(seed, 5, 12, 2)
        x = torch.rand(2, in_channels, height, width, generator=seed)
        assert_matches(block(x), want_block(x), name=f"{call}(x)", rtol=1e-4, atol=1e-5)


@pytest.mark.points(8)
def test_make_vgg_layout_for_random_architectures(student, reference, seed):
    """make_vgg: 무작위 conv_arch에서 features와 classifier의 층 구성(파라미터 수)이 과제 설명과 같음"""
    for _ in range(2):
        arch, size, classes = _architecture(seed)
        call = f"make_vgg({arch}, {classes}, {size})"
        model, want_model = student.make_vgg(arch, classes, size), reference.make_vgg(arch, classes, size)
        for part in PARTS:
            assert_matches(dict(models.layout(model, into=part, name=call)), dict(models.layout(want_model, into=part)),
                           name=f"{call}.{part}의 state_dict 키와 형상")
        assert_matches(models.parameter_count(model), models.parameter_count(want_model), name=f"{call}의 파라미터 수")


def _loaded_twins(student, reference, seed):
    arch, size, classes = _architecture(seed)
    call = f"make_vgg({arch}, {classes}, {size})"
    model, want_model = student.make_vgg(arch, classes, size), reference.make_vgg(arch, classes, size)
    for part in PARTS:
        weights = models.random_weights(want_model, seed, into=part)
        models.load_weights(model, weights, into=part, name=call)
        getattr(want_model, part).load_state_dict(weights)
    return model, want_model, call, torch.rand(3, 1, size, size, generator=seed)


@pytest.mark.points(8)
def test_make_vgg_outputs_with_grader_weights(student, reference, seed):
    """make_vgg: 채점용 가중치를 불러오면 평가 모드의 출력이 기준 구현과 같음"""
    for _ in range(2):
        model, want_model, call, x = _loaded_twins(student, reference, seed)
        models.set_training(model, False)
        want_model.eval()
        assert_matches(model(x), want_model(x), name=f"평가 모드의 {call}(x)", rtol=1e-4, atol=1e-5)


@pytest.mark.points(4)
def test_make_vgg_dropout_only_while_training(student, reference, seed):
    """make_vgg: 드롭아웃 때문에 학습 모드에서는 출력이 매번 달라지고, 평가 모드에서는 같음"""
    model, want_model, call, x = _loaded_twins(student, reference, seed)
    models.set_training(model, True)
    first, second = model(x), model(x)
    assert isinstance(first, torch.Tensor) and isinstance(second, torch.Tensor), f"{call}(x)가 텐서를 반환해야 합니다"
    assert not torch.equal(first, second), (
        f"학습 모드(model.train())에서 {call}(x)를 두 번 불렀는데 출력이 같습니다: classifier에 Dropout(0.5)가 있어야 합니다")
    models.set_training(model, False)
    assert_matches(model(x), model(x), name=f"평가 모드에서 두 번 부른 {call}(x)")
