"""3주차 과제 1: 옵티마이저와 학습률 스케줄을 직접 구현하기.

세미나 슬라이드 '딥러닝 관련 학습 기법들'의 SGD+모멘텀, Adam, StepLR, 조기 종료를 함수로 완성합니다.
`raise NotImplementedError()`가 있는 TODO 자리를 채우세요.

옵티마이저 함수의 공통 규칙 (채점은 torch.optim과 한 단계씩 비교합니다):
- w: 파라미터 텐서, dw: 그 기울기 (w와 같은 형상). w는 바꾸지 말고 새 텐서 next_w를 반환하세요.
- config: 설정과 상태를 담은 딕셔너리. 없는 키는 기본값으로 채우고, 바뀐 상태를 담아
  (next_w, config)로 반환합니다. 받은 config를 고쳐서 돌려줘도, 새 딕셔너리를 돌려줘도 됩니다.
  채점은 **반환된 config**를 다음 단계에 그대로 넘깁니다.
- config["learning_rate"]는 단계마다 바뀔 수 있습니다 (스케줄러처럼): 매번 config에서 읽으세요.
"""
import torch


def sgd_momentum(w, dw, config):
    """모멘텀 SGD 한 단계 (torch.optim.SGD(lr, momentum)와 같음; dampening 0, nesterov 아님).

    config 키와 기본값:
    - "learning_rate": 1e-2
    - "momentum": 0.9
    - "velocity": torch의 momentum_buffer와 같은 뜻입니다. 없거나 None이면 첫 단계입니다.
    갱신 규칙:
    - 첫 단계: velocity = dw
    - 그다음: velocity = momentum * velocity + dw
    - next_w = w - learning_rate * velocity
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def adam(w, dw, config):
    """Adam 한 단계 (torch.optim.Adam과 같음; weight_decay 0, amsgrad 아님).

    config 키와 기본값:
    - "learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8
    - "m": 1차 모멘트 (없으면 w와 같은 형상의 0), "v": 2차 모멘트 (없으면 0)
    - "t": 지금까지 한 단계 수 (없으면 0). **계산하기 전에 1을 더합니다** (첫 단계는 t = 1).
    갱신 규칙:
    - m = beta1 * m + (1 - beta1) * dw
    - v = beta2 * v + (1 - beta2) * dw * dw
    - m_hat = m / (1 - beta1 ** t), v_hat = v / (1 - beta2 ** t)
    - next_w = w - learning_rate * m_hat / (sqrt(v_hat) + epsilon)
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def step_lr(epoch, base_lr, step_size, gamma):
    """StepLR 학습률: step_size 에폭마다 학습률에 gamma를 곱합니다. float를 반환합니다.

    - epoch는 **0부터** 셉니다 (첫 에폭이 0). torch.optim.lr_scheduler.StepLR을 epoch번
      step()한 뒤의 학습률과 같습니다.
    - 학습률 = base_lr * gamma ** (epoch // step_size)
    예: step_lr(0, 0.1, 2, 0.5) = 0.1, step_lr(2, 0.1, 2, 0.5) = 0.05, step_lr(5, 0.1, 2, 0.5) = 0.025
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def early_stop_epoch(val_losses, patience):
    """조기 종료(early stopping)로 학습을 멈추는 에폭의 번호를 int로 반환합니다.

    - val_losses[i]: i번째 에폭(**0부터**)이 끝난 뒤의 검증 손실 (float의 리스트)
    - 지금까지의 가장 낮은 손실보다 **엄격하게 작을 때만** 개선입니다 (같으면 개선이 아닙니다).
      첫 에폭(0번)은 늘 개선입니다.
    - 개선되지 않은 에폭이 **연속으로 patience번**이 되면, 바로 그 에폭에서 멈춥니다: 그 번호를 반환합니다.
    - 끝까지 멈추지 않으면 마지막 에폭의 번호 len(val_losses) - 1을 반환합니다.
    예: early_stop_epoch([1.0, 0.8, 0.9, 0.85, 0.95], 2) = 3
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()
