"""Hidden graders for problem `backprop` (36 points; the public tests add 9 -> 45).

Everything in float64 on seeded random shapes (D != M, N >= 2). Forward passes are compared
with torch's own functions, backward passes with autograd run here on the trusted side, by
relative error; a failure names the worst element and its centred-difference value. Each
backward call runs under the forbidden-call watch (no autograd inside), with the static
name check beside it. ReLU inputs are kept away from 0 (its kink).
"""
import pytest
import torch
import torch.nn.functional as F

from deepgrade.grading.compare import assert_matches, assert_relative_error
from deepgrade.grading.forbidden import AUTOGRAD, watched
from deepgrade.grading.gradients import away_from_zero, spot_check

pytestmark = pytest.mark.problem("backprop")

AUTOGRAD_NAMES = ("backward", "autograd")


def _dims(seed, count, low=2, high=7):
    return [int(v) for v in torch.randint(low, high, (count,), generator=seed)]


def _randn(seed, *shape, scale=1.0):
    return torch.randn(*shape, generator=seed, dtype=torch.float64) * scale


def _autograd(f, inputs, upstream):
    """Gradients of sum(f(*inputs) * upstream) with respect to each input (trusted side)."""
    leaves = [x.detach().clone().requires_grad_(True) for x in inputs]
    (f(*leaves) * upstream).sum().backward()
    return [leaf.grad for leaf in leaves]


def _no_autograd(student, name):
    return watched(getattr(student, name), AUTOGRAD, static=AUTOGRAD_NAMES)


@pytest.mark.points(3)
def test_sigmoid_random(student, seed):
    """sigmoid: 여러 형상의 무작위 텐서에서 torch.sigmoid와 같은 값"""
    for dims in (1, 2, 3):
        x = _randn(seed, *_dims(seed, dims), scale=4.0)
        assert_relative_error(student.sigmoid(x), torch.sigmoid(x), name="sigmoid(x)")


@pytest.mark.points(5)
def test_sigmoid_backward_matches_autograd(student, seed):
    """sigmoid_backward: autograd와 같은 기울기 (autograd 사용 금지)"""
    backward = _no_autograd(student, "sigmoid_backward")
    for dims in (1, 2, 3):
        shape = _dims(seed, dims)
        x, dout = _randn(seed, *shape, scale=3.0), _randn(seed, *shape)
        (want,) = _autograd(torch.sigmoid, [x], dout)
        assert_relative_error(backward(dout, x), want, name="dx", spot=spot_check(torch.sigmoid, x, upstream=dout))


@pytest.mark.points(3)
def test_relu_random(student, seed):
    """relu: 음수는 0, 양수는 그대로, 형상 유지"""
    for dims in (1, 2, 3):
        x = _randn(seed, *_dims(seed, dims))
        assert_relative_error(student.relu(x), torch.relu(x), name="relu(x)")


@pytest.mark.points(4)
def test_relu_backward_matches_autograd(student, seed):
    """relu_backward: autograd와 같은 기울기 (autograd 사용 금지)"""
    backward = _no_autograd(student, "relu_backward")
    for dims in (1, 2, 3):
        shape = _dims(seed, dims)
        x, dout = away_from_zero(_randn(seed, *shape)), _randn(seed, *shape)
        (want,) = _autograd(torch.relu, [x], dout)
        assert_relative_error(backward(dout, x), want, name="dx", spot=spot_check(torch.relu, x, upstream=dout))


@pytest.mark.points(4)
def test_linear_forward_random(student, seed):
    """linear_forward: x @ W + b와 cache (x, W, b), D != M"""
    for _ in range(2):
        n, d, m = _dims(seed, 3, 2, 9)
        m = m if m != d else d + 1
        x, W, b = _randn(seed, n, d), _randn(seed, d, m), _randn(seed, m)
        out, cache = student.linear_forward(x, W, b)
        assert_relative_error(out, x @ W + b, name="out")
        assert_matches(tuple(cache), (x, W, b), name="cache", rtol=0, atol=0)


@pytest.mark.points(7)
def test_linear_backward_matches_autograd(student, seed):
    """linear_backward: dx, dW, db가 autograd와 같음 (배치 합, autograd 사용 금지)"""
    backward = _no_autograd(student, "linear_backward")
    for _ in range(2):
        n, d, m = _dims(seed, 3, 2, 9)
        m = m if m != d else d + 1
        x, W, b, dout = _randn(seed, n, d), _randn(seed, d, m), _randn(seed, m), _randn(seed, n, m)
        want = _autograd(lambda x_, W_, b_: x_ @ W_ + b_, [x, W, b], dout)
        got = backward(dout, (x, W, b))
        assert isinstance(got, (tuple, list)) and len(got) == 3, "(dx, dW, db) 세 개를 튜플로 반환하세요"
        for name, value, expected in zip(("dx", "dW", "db"), got, want):
            assert_relative_error(value, expected, name=name)


def _labels(seed, n, c):
    return torch.randint(0, c, (n,), generator=seed)


@pytest.mark.points(4)
def test_softmax_cross_entropy_loss(student, seed):
    """softmax_cross_entropy: 손실이 F.cross_entropy(배치 평균)와 같음"""
    for _ in range(2):
        n, c = _dims(seed, 2, 2, 9)
        c = max(c, 3)
        scores, y = _randn(seed, n, c, scale=2.0), _labels(seed, n, c)
        loss, _ = student.softmax_cross_entropy(scores, y)
        assert_relative_error(loss, F.cross_entropy(scores, y), name="loss")


@pytest.mark.points(4)
def test_softmax_cross_entropy_gradient(student, seed):
    """softmax_cross_entropy: dscores가 autograd와 같음 (autograd 사용 금지)"""
    compute = _no_autograd(student, "softmax_cross_entropy")
    for _ in range(2):
        n, c = _dims(seed, 2, 2, 9)
        c = max(c, 3)
        scores, y = _randn(seed, n, c, scale=2.0), _labels(seed, n, c)
        (want,) = _autograd(lambda s: F.cross_entropy(s, y), [scores], torch.tensor(1.0, dtype=torch.float64))
        _, dscores = compute(scores, y)
        assert_relative_error(dscores, want, name="dscores",
                              spot=spot_check(lambda s: F.cross_entropy(s, y), scores))


@pytest.mark.points(2)
def test_softmax_cross_entropy_large_scores(student, seed):
    """softmax_cross_entropy: 아주 큰 점수에서도 nan 없이 정확함"""
    n, c = 4, 5
    scores, y = _randn(seed, n, c, scale=1.0) * 800, _labels(seed, n, c)
    loss, dscores = student.softmax_cross_entropy(scores, y)
    assert_relative_error(loss, F.cross_entropy(scores, y), name="loss")
    (want,) = _autograd(lambda s: F.cross_entropy(s, y), [scores], torch.tensor(1.0, dtype=torch.float64))
    assert_relative_error(dscores, want, name="dscores")
