"""2주차 과제 1: 역전파(Back Propagation)를 직접 구현하기.

세미나 슬라이드 'MLP, 인공신경망, Back Propagation'의 계산을 함수로 완성합니다.
`raise NotImplementedError()`가 있는 TODO 자리를 채우세요.

공통 규칙 (채점도 이 규칙대로 합니다):
- 모든 입력과 출력은 torch 텐서입니다. 받은 텐서를 제자리(in-place)에서 바꾸지 마세요.
- 역전파 함수(`*_backward`, `softmax_cross_entropy`의 기울기)에서는 autograd를 쓰면 안 됩니다:
  `loss.backward()`, `torch.autograd.grad` 등을 코드에서 쓰면 그 테스트는 실패합니다
  (채점은 실제 호출을 봅니다. 주석에 적는 것은 괜찮습니다). 미분 공식을 직접 코드로 옮기세요.
  mlp.py의 MLP, train_epoch에서는 autograd(loss.backward())를 써야 합니다.
- 채점은 float64 텐서로 하고, autograd가 계산한 기울기와 상대 오차로 비교합니다.
- 함수 이름과 매개변수 순서는 바꾸지 마세요.
"""
import torch


def sigmoid(x):
    """시그모이드 1 / (1 + exp(-x))를 원소마다 계산해 x와 같은 형상의 텐서로 반환합니다."""
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def sigmoid_backward(dout, x):
    """시그모이드의 역전파: dL/dx를 반환합니다.

    - dout: 시그모이드 출력에 대한 기울기 dL/dy (x와 같은 형상)
    - x: 순전파의 **입력** (시그모이드를 적용하기 전의 값입니다. 출력이 아닙니다)
    y = sigmoid(x)일 때 dy/dx = y * (1 - y)이므로 dL/dx = dout * y * (1 - y)입니다.
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def relu(x):
    """ReLU max(0, x)를 원소마다 계산해 반환합니다 (x는 바꾸지 않습니다)."""
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def relu_backward(dout, x):
    """ReLU의 역전파: dL/dx를 반환합니다.

    - dout: ReLU 출력에 대한 기울기, x: 순전파의 **입력**.
    - x > 0인 원소는 기울기를 그대로 통과시키고, 나머지(x <= 0, **x == 0 포함**)는 0입니다.
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def linear_forward(x, W, b):
    """완전연결층의 순전파: (out, cache)를 반환합니다.

    - x: (N, D) 입력, W: (D, M) 가중치, b: (M,) 편향
    - out = x @ W + b, 형상 (N, M)
    - cache는 역전파에 쓸 값들의 튜플 **(x, W, b)** 입니다 (이 순서 그대로).
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def linear_backward(dout, cache):
    """완전연결층의 역전파: (dx, dW, db)를 반환합니다.

    - dout: (N, M) 출력에 대한 기울기, cache: linear_forward가 만든 (x, W, b)
    - dx: (N, D), dW: (D, M), db: (M,) — 각각 x, W, b와 같은 형상입니다.
    - 배치의 모든 샘플에 대한 기울기를 **더합니다** (평균이 아닙니다; 평균은 손실에서 이미 나눴습니다).
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def softmax_cross_entropy(scores, y):
    """소프트맥스 + 교차 엔트로피 손실과 그 기울기: (loss, dscores)를 반환합니다.

    - scores: (N, C) 클래스 점수(로짓), y: (N,) 정답 클래스 번호 (0 ~ C-1, 정수 텐서)
    - loss: 배치 **평균** 손실, **0차원 텐서** (loss.item()으로 숫자를 얻을 수 있습니다)
    - dscores: (N, C), dloss/dscores = (softmax(scores) - 정답 원-핫) / N
    - 점수가 아주 커도(예: 1000) nan이 나오지 않도록, 각 행에서 최댓값을 빼고 exp를 계산하세요.
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()
