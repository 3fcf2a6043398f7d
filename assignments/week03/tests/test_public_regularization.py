"""공개 테스트: 드롭아웃, 배치 정규화, 초기화, L2 규제 (작은 예)."""
import pytest
import torch
from torch import nn

pytestmark = [pytest.mark.problem("regularization"), pytest.mark.visibility("visible")]


@pytest.mark.points(2)
def test_dropout_eval_and_p_zero_keep_x(student):
    """평가 모드이거나 p = 0이면 x와 같은 값"""
    x = torch.arange(6.0).reshape(2, 3)
    assert torch.equal(student.dropout(x, 0.5, False, torch.Generator().manual_seed(0)), x)
    assert torch.equal(student.dropout(x, 0.0, True, torch.Generator().manual_seed(0)), x)


@pytest.mark.points(3)
def test_batchnorm_train_normalises_each_feature(student):
    """학습 모드, gamma = 1, beta = 0: 특성마다 평균 0, (편향) 분산 약 1"""
    x = torch.tensor([[1.0, 10.0], [3.0, 20.0], [5.0, 60.0]], dtype=torch.float64)
    ones, zeros = torch.ones(2, dtype=torch.float64), torch.zeros(2, dtype=torch.float64)
    out, bn_param = student.batchnorm_forward(x, ones, zeros, {"mode": "train"})
    torch.testing.assert_close(out.mean(dim=0), zeros, rtol=0, atol=1e-9)
    torch.testing.assert_close(out.var(dim=0, unbiased=False), ones, rtol=0, atol=1e-4)
    assert "running_mean" in bn_param and "running_var" in bn_param


@pytest.mark.points(2)
def test_init_linear_zero_bias(student, new):
    """init_linear: 같은 층을 반환하고, 편향은 0"""
    layer = new(nn.Linear, 20, 10)
    for scheme in ("he", "xavier"):
        returned = student.init_linear(layer, scheme)
        assert tuple(returned.weight.shape) == (10, 20)
        assert returned.bias.abs().sum().item() == 0


@pytest.mark.points(3)
def test_l2_penalty_counts_weights_and_biases(student, new):
    """가중치 6개, 편향 2개가 모두 1이면 l2_penalty = weight_decay / 2 * 8"""
    layer = new(nn.Linear, 3, 2)
    layer.load_state_dict({"weight": torch.ones(2, 3), "bias": torch.ones(2)})
    assert abs(student.l2_penalty(layer, 0.1).item() - 0.4) < 1e-6
