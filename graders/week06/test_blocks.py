"""Hidden graders for problem `blocks` (40 points; the public tests add 10 -> 50).

Random channel counts and input sizes from the seed (odd and non-square sizes):
- Inception: each branch's layer shapes, and outputs with grader weights loaded into the six
  convolutions by name (concatenation order, ReLU after every convolution, 'same' padding).
- Residual: the main path's layers (no conv bias), a shortcut with parameters only when the
  shape changes, outputs with grader weights (random running statistics) in eval mode, and in
  train mode the outputs and the running statistics the batch statistics leave behind.
Weights go into each named part separately: an extra module of the student's is never penalised.
"""
import pytest
import torch

from deepgrade.grading import models
from deepgrade.grading.compare import assert_matches

pytestmark = pytest.mark.problem("blocks")

INCEPTION_CONVS = ("p1_1", "p2_1", "p2_2", "p3_1", "p3_2", "p4_2")
RESIDUAL_PARTS = ("conv1", "bn1", "conv2", "bn2")


def _ints(seed, low, high, count):
    return [int(v) for v in torch.randint(low, high, (count,), generator=seed)]


def _inception_args(seed):
    in_channels, c1, c4 = _ints(seed, 2, 6, 3)
    c2 = tuple(_ints(seed, 1, 5, 2))
    c3 = tuple(_ints(seed, 1, 4, 2))
    return in_channels, c1, c2, c3, c4


def _call(args):
    return f"Inception{args}"


@pytest.mark.points(6)
def test_inception_branch_layers_random(student, reference, seed):
    """Inception: 무작위 채널 수에서 여섯 합성곱(p1_1 ... p4_2)의 형상이 과제 설명과 같음"""
    for _ in range(2):
        args = _inception_args(seed)
        block, want_block = student.Inception(*args), reference.Inception(*args)
        for conv in INCEPTION_CONVS:
            assert_matches(dict(models.layout(block, into=conv, name=_call(args))), dict(models.layout(want_block, into=conv)),
                           name=f"{_call(args)}.{conv}의 가중치 형상")


@pytest.mark.points(12)
def test_inception_outputs_with_grader_weights(student, reference, seed):
    """Inception: 채점용 가중치를 불러오면 출력이 기준 구현과 같음 (갈래 순서, 모든 합성곱 뒤 ReLU, 크기 유지)"""
    for _ in range(2):
        args = _inception_args(seed)
        block, want_block = student.Inception(*args), reference.Inception(*args)
        for conv in INCEPTION_CONVS:
            weights = models.random_weights(want_block, seed, into=conv)
            models.load_weights(block, weights, into=conv, name=_call(args))
            getattr(want_block, conv).load_state_dict(weights)
        height, width = _ints(seed, 3, 9, 2)
        x = torch.randn(2, args[0], height, width, generator=seed)
        assert_matches(block(x), want_block(x), name=f"{_call(args)}(x)", rtol=1e-4, atol=1e-5)


def _residual_configs(seed):
    """(c, c, 1): no shortcut; (c, d, 1), (c, c, 2), (c, d, 2): a projection."""
    c, d = _ints(seed, 2, 5, 1)[0], _ints(seed, 5, 8, 1)[0]
    return [(c, c, 1), (c, d, 1), (c, c, 2), (c, d, 2)]


def _needs_shortcut(config):
    in_channels, out_channels, stride = config
    return stride != 1 or in_channels != out_channels


def _residual_call(config):
    return f"Residual({config[0]}, {config[1]}, stride={config[2]})"


@pytest.mark.points(6)
def test_residual_layers_and_a_shortcut_only_when_needed(student, reference, seed):
    """Residual: conv1, bn1, conv2, bn2의 형상 (합성곱 편향 없음), 모양이 바뀔 때만 파라미터가 있는 지름길"""
    for config in _residual_configs(seed):
        call = _residual_call(config)
        block, want_block = student.Residual(*config), reference.Residual(*config)
        for part in RESIDUAL_PARTS:
            assert_matches(dict(models.layout(block, into=part, name=call)), dict(models.layout(want_block, into=part)),
                           name=f"{call}.{part}의 state_dict 키와 형상")
        if _needs_shortcut(config):
            assert_matches(dict(models.layout(block, into="shortcut", name=call)),
                           dict(models.layout(want_block, into="shortcut")), name=f"{call}.shortcut의 state_dict 키와 형상")
        else:
            extra = [key for key in models.layout(block, name=call) if key.startswith("shortcut.")]
            assert not extra, (f"{call}은 모양이 그대로이므로 지름길에 파라미터가 없어야 합니다 "
                               f"(받은 키: {', '.join(extra)}; x를 그대로 더하세요)")


def _loaded_residual(student, reference, seed, config):
    call = _residual_call(config)
    block, want_block = student.Residual(*config), reference.Residual(*config)
    parts = RESIDUAL_PARTS + (("shortcut",) if _needs_shortcut(config) else ())
    for part in parts:
        weights = models.random_weights(want_block, seed, into=part)
        models.load_weights(block, weights, into=part, name=call)
        getattr(want_block, part).load_state_dict(weights)
    height, width = _ints(seed, 4, 10, 2)
    return block, want_block, call, parts, torch.randn(3, config[0], height, width, generator=seed)


@pytest.mark.points(10)
def test_residual_outputs_in_eval_mode(student, reference, seed):
    """Residual: 채점용 가중치와 통계를 불러오면 평가 모드의 출력이 기준 구현과 같음 (stride의 위치, 지름길 포함)"""
    configs = _residual_configs(seed)
    for config in (configs[0], configs[1], configs[3]):
        block, want_block, call, _, x = _loaded_residual(student, reference, seed, config)
        models.set_training(block, False)
        want_block.eval()
        assert_matches(block(x), want_block(x), name=f"평가 모드의 {call}(x)", rtol=1e-4, atol=1e-5)


@pytest.mark.points(6)
def test_residual_train_mode_uses_batch_statistics(student, reference, seed):
    """Residual: 학습 모드에서는 배치 통계로 정규화하고, running_mean/var가 기준 구현과 같게 갱신됨"""
    block, want_block, call, parts, x = _loaded_residual(student, reference, seed, _residual_configs(seed)[3])
    models.set_training(block, True)
    want_block.train()
    assert_matches(block(x), want_block(x), name=f"학습 모드의 {call}(x)", rtol=1e-4, atol=1e-5)
    for part in parts:
        assert_matches(models.state_dict(block, into=part), getattr(want_block, part).state_dict(),
                       name=f"한 번 순전파한 뒤 {call}.{part}의 state_dict", rtol=1e-4, atol=1e-6)
