"""2주차 과제 2: 2층 신경망(MLP)을 직접 학습시키고, nn.Module로 다시 만들기.

앞부분은 backprop.py의 함수로 2층 신경망을 손으로 학습시키고(경사 하강법),
뒷부분은 같은 일을 PyTorch의 nn.Module, optimizer, DataLoader로 합니다.
`raise NotImplementedError()`가 있는 TODO 자리를 채우세요.
"""
import math

import torch
from torch import nn

from backprop import linear_backward, linear_forward, relu, relu_backward, softmax_cross_entropy


class TwoLayerNet:
    """입력 -> Linear -> ReLU -> Linear -> 점수(로짓)인 2층 신경망 (autograd 없이).

    params 딕셔너리에 가중치를 담습니다 (키: "W1", "b1", "W2", "b2").
    - W1: (in_dim, hidden_dim), b1: (hidden_dim,), W2: (hidden_dim, out_dim), b2: (out_dim,)
    - 초기화 (이 순서, 이 식 그대로. 난수는 **generator로만** 뽑습니다):
        1. W1 = torch.randn(in_dim, hidden_dim, generator=generator) * math.sqrt(2 / in_dim)
        2. W2 = torch.randn(hidden_dim, out_dim, generator=generator) * math.sqrt(2 / hidden_dim)
        3. b1, b2 = 0으로 채운 텐서 (torch.zeros)
      자료형은 기본값(float32)입니다. generator가 None이면 torch의 기본 난수를 씁니다.
    """

    def __init__(self, in_dim, hidden_dim, out_dim, generator=None):
        # TODO: 여기에 코드를 작성하세요
        raise NotImplementedError()

    def loss(self, X, y):
        """(loss, grads)를 반환합니다.

        - X: (N, in_dim), y: (N,) 정답 클래스 번호
        - 순전파: linear_forward -> relu -> linear_forward -> softmax_cross_entropy
        - loss: softmax_cross_entropy가 준 배치 평균 손실 (0차원 텐서)
        - grads: params와 같은 키("W1", "b1", "W2", "b2")에 각 기울기를 담은 딕셔너리
        - backprop.py의 함수를 쓰세요 (autograd 금지). self.params는 바꾸지 않습니다.
        """
        # TODO: 여기에 코드를 작성하세요
        raise NotImplementedError()


def train_manual(X, y, hidden_dim, lr, steps, generator):
    """TwoLayerNet을 전체 배치 경사 하강법(plain SGD)으로 steps번 학습시킵니다: (params, losses).

    - 입력 차원은 X.shape[1], 클래스 수는 int(y.max()) + 1 입니다.
    - 신경망은 TwoLayerNet(입력 차원, hidden_dim, 클래스 수, generator)로 만듭니다.
    - 한 단계: 전체 X, y로 net.loss를 계산하고, 모든 파라미터를 p = p - lr * grad로 갱신합니다.
    - losses: 각 단계에서 **갱신하기 전에** 계산한 손실을 float로 담은 리스트 (길이 steps)
    - params: 학습이 끝난 net.params 딕셔너리
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


class MLP(nn.Module):
    """nn.Module로 만든 다층 퍼셉트론.

    - 모든 층은 self.layers = nn.Sequential(...) 하나에 이 순서로 담습니다:
      Linear(in_dim, h1), ReLU(), Linear(h1, h2), ReLU(), ..., Linear(마지막 h, out_dim)
      (hidden_dims = [h1, h2, ...]; 비어 있으면 Linear(in_dim, out_dim) 하나뿐입니다.
       마지막 Linear 뒤에는 활성화 함수가 없습니다: 출력은 로짓입니다.)
    - 채점은 self.layers에 정해진 가중치를 불러온 뒤 출력을 비교합니다. 그래서 Sequential 안의
      순서와 구성(키 이름 "0.weight", "0.bias", "2.weight", ...)이 위와 같아야 합니다.
    - forward(x): x (N, in_dim) -> (N, out_dim)
    """

    def __init__(self, in_dim, hidden_dims, out_dim):
        super().__init__()
        # TODO: 여기에 코드를 작성하세요
        raise NotImplementedError()

    def forward(self, x):
        # TODO: 여기에 코드를 작성하세요
        raise NotImplementedError()


def train_epoch(model, loader, optimizer, loss_fn):
    """한 에폭 학습하고, 그 에폭의 평균 손실을 float로 반환합니다.

    - 먼저 model.train()을 부릅니다.
    - 미니배치 (xb, yb)마다: optimizer.zero_grad() -> 순전파 -> loss_fn(출력, yb)
      -> loss.backward() -> optimizer.step()
    - 반환값은 **샘플당 평균**입니다: (배치 손실 x 배치 크기)의 합 / 전체 샘플 수.
      (마지막 배치는 더 작을 수 있으니, 배치 손실들의 단순 평균과는 다릅니다.)
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def evaluate(model, loader):
    """정확도(맞힌 샘플 수 / 전체 샘플 수)를 0과 1 사이의 float로 반환합니다.

    - model.eval()로 평가 모드로 바꾸고, torch.no_grad() 안에서 계산합니다.
    - 예측은 출력(로짓)에서 가장 큰 값의 클래스(argmax)입니다.
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()
