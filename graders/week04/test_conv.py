"""Hidden graders for problem `conv` (40 points; the public tests add 10 -> 50).

The naive operations are compared with ``F.conv2d``/``F.max_pool2d`` on seeded random
float64 inputs by relative error, with shapes that tell conventions apart: N, C, F >= 2,
non-square kernels, stride != kernel, sizes that do not divide evenly. Every call runs
under the forbidden-call watch (built-in convolution/pooling and stride tricks), with the
static name check beside it. Max-pool inputs are continuous random values: no ties.
"""
import pytest
import torch
import torch.nn.functional as F

from deepgrade.grading.compare import assert_matches, assert_relative_error
from deepgrade.grading.forbidden import CONVOLUTION, POOLING, watched

pytestmark = pytest.mark.problem("conv")

CONV_NAMES = ("conv2d", "conv1d", "convolution", "unfold", "as_strided", "Conv2d")
POOL_NAMES = ("max_pool2d", "MaxPool2d", "unfold", "as_strided", "adaptive_max_pool2d")


def _ints(seed, low, high, count):
    return [int(v) for v in torch.randint(low, high, (count,), generator=seed)]


def _conv(student):
    return watched(student.conv2d_naive, CONVOLUTION, static=CONV_NAMES)


def _pool(student):
    return watched(student.maxpool2d_naive, POOLING, static=POOL_NAMES)


@pytest.mark.points(5)
def test_conv_output_size_random(student, seed):
    """conv_output_size: 무작위 크기, 커널, stride, padding에서 정수 출력 크기 (나누어떨어지지 않는 경우 포함)"""
    cases = []
    for _ in range(8):
        kernel, stride, padding = _ints(seed, 1, 6, 1)[0], _ints(seed, 1, 4, 1)[0], _ints(seed, 0, 3, 1)[0]
        size = kernel + _ints(seed, 0, 30, 1)[0]
        cases.append((size, kernel, stride, padding))
    cases.append((10, 3, 4, 0))  # (10 - 3) / 4 = 1.75: rounds down
    for size, kernel, stride, padding in cases:
        want = (size + 2 * padding - kernel) // stride + 1
        assert_matches(student.conv_output_size(size, kernel, stride, padding), want,
                       name=f"conv_output_size({size}, {kernel}, {stride}, {padding})")


def _conv_inputs(seed, kh, kw):
    n, c, f = _ints(seed, 2, 4, 3)
    h, w = _ints(seed, kh + 2, kh + 7, 1)[0], _ints(seed, kw + 2, kw + 7, 1)[0]
    x = torch.randn(n, c, h, w, generator=seed, dtype=torch.float64)
    weight = torch.randn(f, c, kh, kw, generator=seed, dtype=torch.float64)
    bias = torch.randn(f, generator=seed, dtype=torch.float64)
    return x, weight, bias


@pytest.mark.points(8)
def test_conv2d_naive_matches_conv2d(student, seed):
    """conv2d_naive: stride 1, padding 0에서 F.conv2d와 같은 값 (여러 채널과 필터, 내장 합성곱 금지)"""
    conv = _conv(student)
    for kh, kw in ((3, 3), (2, 2)):
        x, weight, bias = _conv_inputs(seed, kh, kw)
        assert_relative_error(conv(x, weight, bias), F.conv2d(x, weight, bias), name="conv2d_naive(x, w, b)")


@pytest.mark.points(12)
def test_conv2d_naive_stride_padding_and_rectangular_kernels(student, seed):
    """conv2d_naive: stride, padding, 직사각형 커널, 나누어떨어지지 않는 크기에서 F.conv2d와 같은 값"""
    conv = _conv(student)
    for kh, kw, stride, padding in ((3, 2, 2, 1), (2, 3, 3, 2), (3, 3, 2, 0)):
        x, weight, bias = _conv_inputs(seed, kh, kw)
        want = F.conv2d(x, weight, bias, stride=stride, padding=padding)
        assert_relative_error(conv(x, weight, bias, stride=stride, padding=padding), want,
                              name=f"conv2d_naive(x, w, b, stride={stride}, padding={padding})")


def _pool_input(seed, kernel):
    n, c = _ints(seed, 2, 4, 2)
    h, w = _ints(seed, kernel + 1, kernel + 8, 2)
    return torch.randn(n, c, h, w, generator=seed, dtype=torch.float64)


@pytest.mark.points(6)
def test_maxpool2d_naive_kernel_equals_stride(student, seed):
    """maxpool2d_naive: kernel = stride에서 F.max_pool2d와 같은 값 (내장 풀링 금지)"""
    pool = _pool(student)
    for kernel in (2, 3):
        x = _pool_input(seed, kernel)
        assert_relative_error(pool(x, kernel, kernel), F.max_pool2d(x, kernel, kernel),
                              name=f"maxpool2d_naive(x, {kernel}, {kernel})")


@pytest.mark.points(9)
def test_maxpool2d_naive_stride_differs_from_kernel(student, seed):
    """maxpool2d_naive: 창이 겹치거나(stride < kernel) 건너뛸 때(stride > kernel)도 F.max_pool2d와 같은 값"""
    pool = _pool(student)
    for kernel, stride in ((3, 1), (2, 3), (3, 2)):
        x = _pool_input(seed, kernel)
        assert_relative_error(pool(x, kernel, stride), F.max_pool2d(x, kernel, stride),
                              name=f"maxpool2d_naive(x, {kernel}, {stride})")
