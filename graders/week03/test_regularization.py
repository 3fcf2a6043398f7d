"""Hidden graders for problem `regularization` (40 points; the public tests add 10 -> 50).

- dropout: exactly the reference's output for the same generator (the stub states the
  random call), plus its statistical properties on a large input (calibrated margins).
- batchnorm_forward: against ``nn.BatchNorm1d`` in float64 over several train steps, then
  eval, passing each returned bn_param to the next call.
- init_linear: the weight statistics of a large layer (normal vs uniform told apart by the
  share of large weights), biases zero.
- l2_penalty: its value, and its gradient (a backward pass where the model lives).
"""
import math

import pytest
import torch
from torch import nn

from deepgrade.grading import models
from deepgrade.grading.compare import assert_matches, assert_relative_error
from deepgrade.sandbox import remote

pytestmark = pytest.mark.problem("regularization")


def _subseed(seed):
    return int(torch.randint(0, 2**31 - 1, (1,), generator=seed))


@pytest.mark.points(8)
def test_dropout_exact_for_a_generator(student, reference, seed):
    """dropout: 같은 generator이면 과제 설명의 난수 호출 그대로 기준 구현과 같은 결과 (float32, float64)"""
    for dtype, p in ((torch.float32, 0.2), (torch.float64, 0.5), (torch.float32, 0.8)):
        shape = tuple(int(v) for v in torch.randint(2, 9, (2,), generator=seed))
        x = torch.randn(*shape, generator=seed).to(dtype)
        number = _subseed(seed)
        got = student.dropout(x, p, True, torch.Generator().manual_seed(number))
        want = reference.dropout(x, p, True, torch.Generator().manual_seed(number))
        assert_matches(got, want, name=f"dropout(x, p={p}, train=True)", exact_dtype=True)


@pytest.mark.points(6)
@pytest.mark.threshold("zeroed_share_error", at_most=0.02, margin=0.01, label="0이 된 비율과 p의 차이")
@pytest.mark.threshold("mean_error", at_most=0.05, margin=0.03, label="출력 평균과 입력 평균(1)의 차이")
def test_dropout_statistics_and_edge_cases(student, seed, metric):
    """dropout: 큰 입력에서 0이 되는 비율은 p, 평균은 그대로; 평가 모드와 p = 0은 x 그대로, p = 1은 모두 0"""
    p = 0.3 + 0.4 * float(torch.rand(1, generator=seed))
    x = torch.ones(200, 500)
    out = student.dropout(x, p, True, torch.Generator().manual_seed(_subseed(seed)))
    assert isinstance(out, torch.Tensor) and tuple(out.shape) == (200, 500), "x와 같은 형상의 텐서를 반환해야 합니다"
    kept = out[out != 0]
    assert_matches(kept[:10], torch.full((min(10, len(kept)),), 1 / (1 - p)), name="남은 원소 (x / (1 - p))",
                   rtol=1e-5, atol=1e-6)
    metric(abs((out == 0).float().mean().item() - p), "zeroed_share_error")
    metric(abs(out.mean().item() - 1.0), "mean_error")
    small = torch.randn(3, 4, generator=seed)
    generator = torch.Generator().manual_seed(1)
    assert_matches(student.dropout(small, p, False, generator), small, name="평가 모드의 dropout", rtol=0, atol=0)
    assert_matches(student.dropout(small, 0.0, True, generator), small, name="p = 0인 dropout", rtol=0, atol=0)
    assert_matches(student.dropout(small, 1.0, True, generator), torch.zeros(3, 4), name="p = 1인 dropout",
                   rtol=0, atol=0)


def _batchnorm_case(seed, momentum):
    d = int(torch.randint(2, 7, (1,), generator=seed))
    gamma = torch.randn(d, generator=seed, dtype=torch.float64)
    beta = torch.randn(d, generator=seed, dtype=torch.float64)
    layer = nn.BatchNorm1d(d, momentum=momentum).double()
    with torch.no_grad():
        layer.weight.copy_(gamma)
        layer.bias.copy_(beta)
    return d, gamma, beta, layer


def _batch(seed, n, d):
    return torch.randn(n, d, generator=seed, dtype=torch.float64) * 3 + 1


@pytest.mark.points(8)
def test_batchnorm_train_step_matches_batchnorm1d(student, seed):
    """batchnorm_forward: 학습 모드 한 번의 출력과 실행 통계가 nn.BatchNorm1d와 같음 (기본 eps, momentum)"""
    d, gamma, beta, layer = _batchnorm_case(seed, 0.1)
    x = _batch(seed, 6, d)
    out, bn_param = student.batchnorm_forward(x, gamma, beta, {"mode": "train"})
    assert_relative_error(out, layer(x).detach(), name="out")
    assert isinstance(bn_param, dict), "bn_param 딕셔너리를 반환해야 합니다"
    assert_relative_error(bn_param.get("running_mean"), layer.running_mean, name="bn_param['running_mean']")
    assert_relative_error(bn_param.get("running_var"), layer.running_var, name="bn_param['running_var'] (불편 분산)")


@pytest.mark.points(10)
def test_batchnorm_several_steps_then_eval(student, seed):
    """batchnorm_forward: 여러 번의 학습 단계(momentum 지정) 뒤 평가 모드까지 nn.BatchNorm1d와 같음"""
    momentum = 0.05 + 0.5 * float(torch.rand(1, generator=seed))
    d, gamma, beta, layer = _batchnorm_case(seed, momentum)
    bn_param = {"mode": "train", "momentum": momentum, "eps": 1e-3}
    layer.eps = 1e-3
    for step, n in enumerate((5, 8, 3), start=1):
        x = _batch(seed, n, d)
        out, bn_param = student.batchnorm_forward(x, gamma, beta, bn_param)
        assert_relative_error(out, layer(x).detach(), name=f"{step}번째 학습 단계의 out")
    for key, want in (("running_mean", layer.running_mean), ("running_var", layer.running_var)):
        assert_relative_error(bn_param.get(key), want, name=f"학습 3단계 뒤의 bn_param['{key}']")
    layer.eval()
    bn_param["mode"] = "eval"
    x = _batch(seed, 4, d)
    out, bn_param = student.batchnorm_forward(x, gamma, beta, bn_param)
    assert_relative_error(out, layer(x).detach(), name="평가 모드의 out")
    assert_relative_error(bn_param.get("running_mean"), layer.running_mean,
                          name="평가 뒤의 bn_param['running_mean'] (바뀌면 안 됩니다)")


@pytest.mark.points(5)
@pytest.mark.threshold("std_error", at_most=0.03, margin=0.02, label="가중치 표준편차의 상대 오차")
def test_init_linear_statistics_on_a_large_layer(student, metric):
    """init_linear: 큰 층에서 he는 정규분포 N(0, 2/fan_in), xavier는 균등분포 U(-a, a), 편향은 0"""
    errors = []
    for scheme, fan_in, fan_out in (("he", 800, 300), ("xavier", 500, 700)):
        layer = models.new(student.init_linear, nn.Linear, fan_in, fan_out)
        student.init_linear(layer, scheme)
        state = models.state_dict(layer, name=f"init_linear(layer, '{scheme}')")
        weight, bias = state["weight"].double(), state["bias"]
        assert bias.abs().max().item() == 0, f"'{scheme}': 편향(bias)이 0이 아닙니다"
        if scheme == "he":
            std = math.sqrt(2 / fan_in)
            large = (weight.abs() > math.sqrt(3) * std).double().mean().item()
            assert large > 0.05, f"'he': 정규분포가 아닙니다 (균등분포처럼 보입니다: 큰 값의 비율 {large:.3f})"
        else:
            bound = math.sqrt(6 / (fan_in + fan_out))
            std = bound / math.sqrt(3)
            assert weight.abs().max().item() <= bound, f"'xavier': 가중치가 ±{bound:.4f} 밖에 있습니다 (균등분포 U(-a, a))"
        assert abs(weight.mean().item()) < 0.1 * std, f"'{scheme}': 가중치의 평균이 0에서 멉니다"
        errors.append(abs(weight.std().item() / std - 1))
    metric(max(errors))


@pytest.mark.points(3)
def test_l2_penalty_value_and_gradient(student, seed):
    """l2_penalty: 모든 파라미터의 제곱합 x weight_decay / 2, 그 기울기는 weight_decay x 파라미터"""
    weight_decay = 0.01 + float(torch.rand(1, generator=seed))
    near = student.l2_penalty
    model = models.new(near, nn.Sequential, models.new(near, nn.Linear, 4, 3), models.new(near, nn.Tanh),
                       models.new(near, nn.Linear, 3, 2))
    state = models.state_dict(model)
    want = weight_decay / 2 * sum((value.double() ** 2).sum() for value in state.values())
    penalty = models.call_kept(near, model, weight_decay)
    value = remote.fetch(penalty)
    assert_relative_error(value, want, name="l2_penalty(model, weight_decay)", limit=1e-6)
    assert isinstance(value, torch.Tensor) and value.requires_grad, (
        "l2_penalty는 미분 가능한 0차원 텐서를 반환해야 합니다 (.item()이나 detach를 쓰지 마세요)")
    penalty.backward()
    grads = models.gradients(model)
    for name, value in state.items():
        assert grads.get(name) is not None, f"`{name}`의 기울기가 없습니다 (l2_penalty가 미분 가능해야 합니다)"
        assert_relative_error(grads[name], weight_decay * value, name=f"{name}의 기울기", limit=1e-6)
