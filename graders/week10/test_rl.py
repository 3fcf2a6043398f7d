"""Hidden graders for problem `rl` (36 points; the public tests add 9 -> 45).

Random small problems drawn from the seed, against the reference on the trusted side:
discounted returns (float64, relative error), Q-learning updates (in place, the same tensor
returned), epsilon-greedy exactly for a generator (the stub states the draws; the generator
lives where the student's code runs, so it advances across calls) and its action frequencies
over 4,000 draws within 5 percentage points, value iteration on random MDPs (values by
relative error, the policy wherever the best action is clear).
"""
import pytest
import torch

from deepgrade.grading.compare import assert_matches, assert_relative_error
from deepgrade.sandbox import remote

pytestmark = pytest.mark.problem("rl")


def _ints(seed, low, high, count):
    return [int(v) for v in torch.randint(low, high, (count,), generator=seed)]


def _uniform(seed, low, high):
    return low + (high - low) * float(torch.rand(1, generator=seed, dtype=torch.float64))


def _subseed(seed):
    return int(torch.randint(0, 2**31 - 1, (1,), generator=seed))


@pytest.mark.points(6)
def test_discounted_returns_random(student, reference, seed):
    """discounted_returns: 무작위 보상과 할인율에서 G_t가 기준 구현과 같음 (길이 1 포함, 같은 dtype)"""
    for length in (1, *_ints(seed, 2, 20, 2)):
        rewards = torch.randn(length, generator=seed, dtype=torch.float64)
        gamma = _uniform(seed, 0.5, 0.99)
        got = student.discounted_returns(rewards, gamma)
        assert_matches(got, reference.discounted_returns(rewards, gamma), name=f"discounted_returns (T = {length})",
                       exact_dtype=True)


def _q_case(seed):
    states, actions = _ints(seed, 3, 7, 2)
    return torch.randn(states, actions, generator=seed, dtype=torch.float64), states, actions


def _updated(near, Q, args):
    """Q after one update, whether the student's function returned it or only changed it in place
    (both are checked on their own in the next test)."""
    Q_there = remote.put(near, Q)
    returned = near(Q_there, *args)
    return returned if isinstance(returned, torch.Tensor) else remote.fetch(Q_there)


@pytest.mark.points(7)
def test_q_learning_update_values(student, reference, seed):
    """q_learning_update: 연속된 무작위 갱신(끝난 단계 포함)에서 Q가 기준 구현과 같음"""
    Q, states, actions = _q_case(seed)
    want = Q.clone()
    alpha, gamma = _uniform(seed, 0.1, 0.9), _uniform(seed, 0.5, 0.99)
    for step in range(6):
        s, s_next = _ints(seed, 0, states, 2)
        a = _ints(seed, 0, actions, 1)[0]
        r, done = _uniform(seed, -1, 1), step % 3 == 2
        Q = _updated(student.q_learning_update, Q, (s, a, r, s_next, done, alpha, gamma))
        want = reference.q_learning_update(want, s, a, r, s_next, done, alpha, gamma)
        assert_relative_error(Q, want, name=f"{step + 1}번째 갱신(done={done}) 뒤의 Q")


@pytest.mark.points(3)
def test_q_learning_update_in_place_and_returned(student, seed):
    """q_learning_update: 받은 Q 텐서를 그 자리에서 바꾸고, 그 Q를 반환함"""
    Q, states, actions = _q_case(seed)
    near = student.q_learning_update
    Q_there = remote.put(near, Q.clone())
    returned = remote.ref_call(near, Q_there, 0, 1, 0.5, 1, False, 0.5, 0.9)
    want = Q.clone()
    want[0, 1] += 0.5 * (0.5 + 0.9 * Q[1].max() - Q[0, 1])
    assert_matches(remote.fetch(Q_there), want, name="q_learning_update를 부른 뒤 받은 Q (제자리에서 바뀌어야 합니다)")
    assert remote.same(returned, Q_there), "q_learning_update는 받은 Q 텐서 자체를 반환해야 합니다 (새 텐서가 아니라)"


def _q_row(seed, actions):
    row = torch.randn(actions, generator=seed, dtype=torch.float64)
    return row


@pytest.mark.points(6)
def test_epsilon_greedy_exact_for_a_generator(student, reference, seed):
    """epsilon_greedy: 같은 generator로 여러 번 부르면 과제 설명의 난수 호출대로 기준 구현과 같은 행동들 (int)"""
    near = student.epsilon_greedy
    for epsilon in (0.3, _uniform(seed, 0.05, 0.95)):
        actions = _ints(seed, 2, 7, 1)[0]
        number = _subseed(seed)
        generator_there = remote.put(near, torch.Generator().manual_seed(number))
        generator_here = torch.Generator().manual_seed(number)
        rows = [_q_row(seed, actions) for _ in range(30)]
        rows[0][:] = 1.0  # a tie between every action: the lowest index when greedy
        got = [near(row, epsilon, generator_there) for row in rows]
        want = [reference.epsilon_greedy(row, epsilon, generator_here) for row in rows]
        assert_matches(got, want, name=f"epsilon={epsilon:.3g}로 30번 고른 행동들")


@pytest.mark.points(6)
@pytest.mark.time_limit(30)
@pytest.mark.threshold("frequency_error", at_most=0.05, margin=0.02, label="행동 빈도와 기대 확률의 가장 큰 차이")
def test_epsilon_greedy_frequencies_over_4000_draws(student, seed, metric):
    """epsilon_greedy: 4,000번 고르면 각 행동의 빈도가 기대 확률과 5%p 안에서 같음"""
    actions = _ints(seed, 3, 6, 1)[0]
    epsilon = _uniform(seed, 0.2, 0.6)
    row = _q_row(seed, actions)
    near = student.epsilon_greedy
    generator = remote.put(near, torch.Generator().manual_seed(_subseed(seed)))
    row_there = remote.put(near, row)  # sent once: 4,000 calls then carry only references
    counts = [0] * actions
    for _ in range(4000):
        action = near(row_there, epsilon, generator)
        if isinstance(action, torch.Tensor) and action.dim() == 0 and not action.is_floating_point():
            action = int(action)  # a 0-d integer tensor counts as the number it holds, as in assert_matches
        assert isinstance(action, int) and not isinstance(action, bool) and 0 <= action < actions, (
            f"epsilon_greedy는 0 이상 {actions} 미만의 int를 반환해야 합니다 (받은 값: {action!r})")
        counts[action] += 1
    best = int(row.argmax())
    expected = [epsilon / actions + (1 - epsilon if a == best else 0.0) for a in range(actions)]
    metric(max(abs(count / 4000 - p) for count, p in zip(counts, expected)))


def _mdp(seed):
    states, actions = _ints(seed, 3, 7, 2)
    P = torch.rand(states, actions, states, generator=seed, dtype=torch.float64) ** 3
    P = P / P.sum(dim=2, keepdim=True)
    R = torch.randn(states, actions, generator=seed, dtype=torch.float64)
    return P, R


@pytest.mark.points(8)
def test_value_iteration_random_mdps(student, reference, seed):
    """value_iteration: 무작위 MDP에서 V가 기준 구현과 같고, 가장 좋은 행동이 분명한 상태에서 policy가 같음"""
    for _ in range(3):
        P, R = _mdp(seed)
        gamma, iters = _uniform(seed, 0.5, 0.95), _ints(seed, 1, 40, 1)[0]
        got = student.value_iteration(P, R, gamma, iters)
        want_V, want_policy = reference.value_iteration(P, R, gamma, iters)
        assert isinstance(got, (tuple, list)) and len(got) == 2, "value_iteration은 (V, policy)를 반환해야 합니다"
        assert_relative_error(got[0], want_V, name=f"{iters}번 반복한 V")
        Q = R + gamma * (P @ want_V)
        top = Q.topk(2, dim=1).values
        clear = (top[:, 0] - top[:, 1]) > 1e-9
        assert isinstance(got[1], torch.Tensor) and tuple(got[1].shape) == tuple(want_policy.shape), (
            f"policy는 형상 {tuple(want_policy.shape)}의 텐서여야 합니다")
        assert_matches(got[1][clear], want_policy[clear], name="policy (가장 좋은 행동이 분명한 상태)", exact_dtype=True)
