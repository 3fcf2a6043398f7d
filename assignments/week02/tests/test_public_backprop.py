"""공개 테스트: 역전파 함수 (손으로 계산할 수 있는 작은 예)."""
import math

import pytest
import torch

pytestmark = [pytest.mark.problem("backprop"), pytest.mark.visibility("visible")]


@pytest.mark.points(1)
def test_sigmoid_values(student):
    """시그모이드 값: sigmoid([0, 2]) = [0.5, 0.8808]"""
    got = student.sigmoid(torch.tensor([0.0, 2.0], dtype=torch.float64))
    torch.testing.assert_close(got, torch.tensor([0.5, 1 / (1 + math.exp(-2))], dtype=torch.float64))


@pytest.mark.points(2)
def test_sigmoid_backward_takes_the_forward_input(student):
    """sigmoid_backward(dout=1, x=0) = 0.25: x는 시그모이드를 적용하기 전의 입력"""
    got = student.sigmoid_backward(torch.tensor([1.0, 1.0], dtype=torch.float64),
                                   torch.tensor([0.0, 2.0], dtype=torch.float64))
    s = 1 / (1 + math.exp(-2))
    torch.testing.assert_close(got, torch.tensor([0.25, s * (1 - s)], dtype=torch.float64))


@pytest.mark.points(2)
def test_relu_backward_at_zero(student):
    """relu_backward: x > 0인 곳만 통과, x = 0에서는 0"""
    x = torch.tensor([-1.0, 0.0, 2.0])
    got = student.relu_backward(torch.tensor([5.0, 5.0, 5.0]), x)
    assert got.tolist() == [0.0, 0.0, 5.0]
    assert student.relu(x).tolist() == [0.0, 0.0, 2.0]


@pytest.mark.points(2)
def test_linear_forward_small(student):
    """완전연결층 순전파: x @ W + b, cache = (x, W, b)"""
    x = torch.tensor([[1.0, 2.0, 3.0], [0.0, 1.0, 0.0]])
    W = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    b = torch.tensor([10.0, 20.0])
    out, cache = student.linear_forward(x, W, b)
    assert out.tolist() == [[14.0, 25.0], [10.0, 21.0]]
    assert len(cache) == 3 and all(torch.equal(c, e) for c, e in zip(cache, (x, W, b)))


@pytest.mark.points(2)
def test_softmax_cross_entropy_uniform_scores(student):
    """점수가 모두 같으면 loss = log(C), dscores = (1/C - 원-핫) / N"""
    loss, dscores = student.softmax_cross_entropy(torch.zeros(2, 4, dtype=torch.float64), torch.tensor([0, 3]))
    assert abs(float(loss) - math.log(4)) < 1e-9
    want = torch.full((2, 4), 0.25, dtype=torch.float64)
    want[0, 0] -= 1
    want[1, 3] -= 1
    torch.testing.assert_close(dscores, want / 2)
