"""3주차 과제 2: 드롭아웃, 배치 정규화, 가중치 초기화, L2 규제를 직접 구현하기.

`raise NotImplementedError()`가 있는 TODO 자리를 채우세요.
채점은 같은 generator로 만든 결과, nn.BatchNorm1d, 통계적 성질과 비교합니다.
"""
import math

import torch
from torch import nn


def dropout(x, p, train, generator):
    """역 드롭아웃(inverted dropout): 학습 중에는 원소를 확률 p로 0으로 만들고 남은 값을 1/(1-p)배 합니다.

    - train이 False(평가)이면 x를 그대로 반환합니다 (p와 관계없이, 난수를 뽑지 않습니다).
    - train이 True이면 난수를 **정확히 이렇게 한 번** 뽑습니다:
          u = torch.rand(x.shape, generator=generator, dtype=x.dtype)
      u >= p인 원소를 남기고(u < p인 원소는 0), 남긴 원소는 x / (1 - p)입니다.
    - p = 0이면 x와 같은 값, p = 1이면 모든 원소가 0인 텐서 (0으로 나누지 마세요).
    """
    ### BEGIN SOLUTION
    if not train:
        return x
    if p >= 1:
        return torch.zeros_like(x)
    u = torch.rand(x.shape, generator=generator, dtype=x.dtype)
    return torch.where(u >= p, x / (1 - p), torch.zeros_like(x))
    ### END SOLUTION


def batchnorm_forward(x, gamma, beta, bn_param):
    """1차원 배치 정규화 (nn.BatchNorm1d와 같음): (out, bn_param)을 반환합니다.

    - x: (N, D), gamma, beta: (D,)
    - bn_param 키:
      - "mode": "train" 또는 "eval" (필수)
      - "eps": 기본값 1e-5, "momentum": 기본값 0.1
      - "running_mean", "running_var": 없으면 각각 0과 1로 채운 (D,) 텐서로 시작합니다 (x와 같은 dtype).
    - "train": 배치 평균 mean과 **편향 분산** var (N으로 나눔)로 정규화합니다:
          out = gamma * (x - mean) / sqrt(var + eps) + beta
      그리고 실행 통계를 torch와 같은 방식으로 갱신합니다 (분산은 **불편 분산**, N - 1로 나눔):
          running_mean = (1 - momentum) * running_mean + momentum * mean
          running_var = (1 - momentum) * running_var + momentum * var_unbiased
    - "eval": 실행 통계로 정규화하고, 실행 통계는 바꾸지 않습니다.
    - 바뀐 bn_param을 반환합니다 (받은 딕셔너리를 고쳐도, 새로 만들어도 됩니다). 채점은 반환된
      bn_param을 다음 호출에 넘깁니다.
    """
    ### BEGIN SOLUTION
    eps = bn_param.setdefault("eps", 1e-5)
    momentum = bn_param.setdefault("momentum", 0.1)
    d = x.shape[1]
    if bn_param.get("running_mean") is None:
        bn_param["running_mean"] = torch.zeros(d, dtype=x.dtype)
    if bn_param.get("running_var") is None:
        bn_param["running_var"] = torch.ones(d, dtype=x.dtype)
    if bn_param["mode"] == "train":
        mean = x.mean(dim=0)
        var = x.var(dim=0, unbiased=False)
        n = x.shape[0]
        bn_param["running_mean"] = (1 - momentum) * bn_param["running_mean"] + momentum * mean
        bn_param["running_var"] = (1 - momentum) * bn_param["running_var"] + momentum * var * n / (n - 1)
    else:
        mean, var = bn_param["running_mean"], bn_param["running_var"]
    out = gamma * (x - mean) / torch.sqrt(var + eps) + beta
    return out, bn_param
    ### END SOLUTION


def init_linear(layer, scheme):
    """nn.Linear 층의 가중치를 초기화하고 그 층을 반환합니다 (층을 그 자리에서 바꿉니다).

    fan_in = layer.in_features, fan_out = layer.out_features 일 때:
    - scheme == "he": 가중치 ~ 정규분포 N(0, std²), std = sqrt(2 / fan_in)
    - scheme == "xavier": 가중치 ~ 균등분포 U(-a, a), a = sqrt(6 / (fan_in + fan_out))
    - 두 경우 모두 편향(bias)은 0으로 채웁니다.
    난수는 torch의 기본 난수 생성기를 씁니다 (nn.init의 함수를 써도 됩니다).
    """
    ### BEGIN SOLUTION
    fan_in, fan_out = layer.in_features, layer.out_features
    with torch.no_grad():
        if scheme == "he":
            layer.weight.normal_(0.0, math.sqrt(2 / fan_in))
        elif scheme == "xavier":
            bound = math.sqrt(6 / (fan_in + fan_out))
            layer.weight.uniform_(-bound, bound)
        else:
            raise ValueError(f"unknown scheme {scheme!r}")
        layer.bias.zero_()
    return layer
    ### END SOLUTION


def l2_penalty(model, weight_decay):
    """L2 규제 항: weight_decay / 2 * (모델의 **모든 파라미터(편향 포함)** 의 제곱합).

    - 0차원 텐서를 반환합니다. 손실에 더해 loss.backward()를 부를 수 있도록 미분 가능해야 합니다
      (파라미터를 detach하거나 .item()으로 바꾸지 마세요).
    - 이 항의 기울기는 weight_decay * 파라미터로, torch.optim.SGD(weight_decay=...)와 같습니다.
    """
    ### BEGIN SOLUTION
    total = sum((p ** 2).sum() for p in model.parameters())
    return weight_decay / 2 * total
    ### END SOLUTION
