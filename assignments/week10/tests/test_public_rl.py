"""공개 테스트: 할인된 보상, Q-러닝 한 번, 엡실론 탐욕, 가치 반복 (손으로 계산할 수 있는 작은 예)."""
import pytest
import torch

try:
    from deepgrade.grading.compare import assert_matches
except ImportError:  # plain pytest or Colab, without deepgrade: the same helper, shipped with the tests
    from deepgrade_compare import assert_matches

pytestmark = [pytest.mark.problem("rl"), pytest.mark.visibility("visible")]


@pytest.mark.points(2)
def test_discounted_returns_small(student):
    """보상 [1, 1, 1], gamma 0.5 -> [1.75, 1.5, 1.0] (같은 형상의 텐서)"""
    got = student.discounted_returns(torch.tensor([1.0, 1.0, 1.0]), 0.5)
    assert_matches(got, torch.tensor([1.75, 1.5, 1.0]), name="discounted_returns([1, 1, 1], 0.5)")


@pytest.mark.points(2)
def test_q_learning_update_small(student):
    """Q[0, 1] = 0, 보상 1, 다음 상태의 최댓값 2, alpha 0.5, gamma 0.9 -> 1.4; 끝난 단계는 보상만"""
    Q = torch.tensor([[0.0, 0.0], [2.0, -1.0]], dtype=torch.float64)
    Q = student.q_learning_update(Q, 0, 1, 1.0, 1, False, 0.5, 0.9)
    assert_matches(Q, torch.tensor([[0.0, 1.4], [2.0, -1.0]], dtype=torch.float64), name="갱신한 Q")
    Q = student.q_learning_update(Q, 1, 0, 0.0, 0, True, 0.5, 0.9)
    assert_matches(Q, torch.tensor([[0.0, 1.4], [1.0, -1.0]], dtype=torch.float64), name="done=True로 갱신한 Q")


@pytest.mark.points(2)
def test_epsilon_zero_is_greedy_with_the_lowest_index(student):
    """epsilon = 0이면 가장 큰 Q의 행동 (같으면 가장 작은 번호), 파이썬 int"""
    generator = torch.Generator().manual_seed(0)
    assert_matches(student.epsilon_greedy(torch.tensor([0.1, 0.7, 0.3]), 0.0, generator), 1, name="[0.1, 0.7, 0.3]")
    assert_matches(student.epsilon_greedy(torch.tensor([0.5, 0.2, 0.5]), 0.0, generator), 0, name="[0.5, 0.2, 0.5]")


@pytest.mark.points(3)
def test_value_iteration_two_states(student):
    """상태 2개: 상태 0의 행동 1은 보상 1을 받고 상태 1로; 상태 1은 제자리, 보상 0 (gamma 0.5, 두 번 반복)"""
    P = torch.zeros(2, 2, 2, dtype=torch.float64)
    P[0, 0, 0] = P[0, 1, 1] = P[1, 0, 1] = P[1, 1, 1] = 1.0
    R = torch.tensor([[0.0, 1.0], [0.0, 0.0]], dtype=torch.float64)
    V, policy = student.value_iteration(P, R, 0.5, 2)
    assert_matches(V, torch.tensor([1.0, 0.0], dtype=torch.float64), name="V")
    assert_matches(policy, torch.tensor([1, 0]), name="policy (상태 1은 두 행동이 같아 0)", exact_dtype=True)
