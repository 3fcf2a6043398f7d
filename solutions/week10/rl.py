"""10주차 과제 2: 강화학습의 기본 계산 (할인된 보상, Q-러닝, 엡실론 탐욕, 가치 반복).

`raise NotImplementedError()`가 있는 TODO 자리를 채우세요.
상태(state)와 행동(action)은 0부터 시작하는 번호입니다. 채점은 무작위로 만든 작은 문제에서
기준 구현과 비교합니다.
"""
import torch


def discounted_returns(rewards, gamma):
    """각 시점부터의 할인된 보상 합 G_t를 반환합니다.

    - rewards: (T,) 1차원 실수 텐서, rewards[t]는 t번째 단계의 보상. gamma: 0과 1 사이의 할인율
    - G_t = rewards[t] + gamma * rewards[t+1] + gamma**2 * rewards[t+2] + ...  (마지막: G_{T-1} = rewards[T-1])
      뒤에서부터 G_t = rewards[t] + gamma * G_{t+1}로 계산하면 쉽습니다.
    - 반환: rewards와 **같은 형상과 dtype의 텐서**. rewards는 바꾸지 않습니다.
    예: discounted_returns(torch.tensor([1.0, 1.0, 1.0]), 0.5) = tensor([1.75, 1.5, 1.0])
    """
    ### BEGIN SOLUTION
    returns = torch.zeros_like(rewards)
    running = 0.0
    for t in range(len(rewards) - 1, -1, -1):
        running = rewards[t] + gamma * running
        returns[t] = running
    return returns
    ### END SOLUTION


def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    """Q-러닝 한 번: Q[s, a]를 **제자리에서(in-place)** 갱신하고, 그 Q를 반환합니다.

    - Q: (상태 수, 행동 수) 실수 텐서, s, a, s_next: 정수, r: 보상(float), done: 에피소드가 끝났는지(bool)
    - 목표값 target = r                                  (done이 True: 다음 상태가 없음)
                     r + gamma * max(Q[s_next])          (done이 False)
    - Q[s, a] = Q[s, a] + alpha * (target - Q[s, a])     (다른 칸은 그대로)
    - 받은 Q 텐서 자체를 바꾸고 (새 텐서를 만들지 않습니다), 그 Q를 반환합니다.
    """
    ### BEGIN SOLUTION
    target = r if done else r + gamma * Q[s_next].max().item()
    Q[s, a] += alpha * (target - Q[s, a])
    return Q
    ### END SOLUTION


def epsilon_greedy(q_row, epsilon, generator):
    """엡실론 탐욕 정책으로 행동 하나를 골라 파이썬 **int**로 반환합니다.

    - q_row: (행동 수,) 한 상태의 Q 값들, epsilon: 0과 1 사이
    - 난수는 generator로 이 순서대로 뽑습니다:
        1. **언제나 먼저** u = torch.rand(1, generator=generator).item()
        2. u < epsilon이면 (탐험): torch.randint(0, 행동 수, (1,), generator=generator)의 값을 반환
           (모든 행동 중에서 고르므로 가장 좋은 행동이 나올 수도 있습니다)
        3. 아니면 (활용): 가장 큰 Q 값의 행동. 같은 값이 여럿이면 **가장 작은 번호** (torch.argmax 그대로)
    그래서 가장 좋은 행동의 확률은 1 - epsilon + epsilon / 행동 수, 다른 행동은 각각 epsilon / 행동 수입니다.
    """
    ### BEGIN SOLUTION
    u = torch.rand(1, generator=generator).item()
    if u < epsilon:
        return int(torch.randint(0, q_row.shape[0], (1,), generator=generator).item())
    return int(torch.argmax(q_row).item())
    ### END SOLUTION


def value_iteration(P, R, gamma, iters):
    """가치 반복(value iteration): 튜플 (V, policy)를 반환합니다.

    - P: (S, A, S) 전이 확률, P[s, a, s2] = 상태 s에서 행동 a를 하면 s2로 갈 확률 (마지막 축의 합은 1)
    - R: (S, A) 보상, R[s, a] = 상태 s에서 행동 a를 할 때의 기대 보상
    - V는 0에서 시작하고 (V = torch.zeros(S, dtype=R.dtype)), iters번 **동기식으로** 갱신합니다:
          Q = R + gamma * (P @ V)          # (S, A), 모든 상태를 이전 V로 한꺼번에
          V = Q의 각 행의 최댓값             # (S,)
    - 반복이 끝난 뒤, 마지막 V로 Q = R + gamma * (P @ V)를 한 번 더 계산해
      policy = 각 상태에서 Q가 가장 큰 행동 (같으면 가장 작은 번호), (S,) int64 텐서
    - 반환: V (S,) (R과 같은 dtype), policy (S,) int64
    """
    ### BEGIN SOLUTION
    V = torch.zeros(P.shape[0], dtype=R.dtype)
    for _ in range(iters):
        V = (R + gamma * (P @ V)).max(dim=1).values
    policy = (R + gamma * (P @ V)).argmax(dim=1)
    return V, policy
    ### END SOLUTION
