"""Hidden graders for problem `tensor_ops` (35 points; the public tests add 10 -> 45).

Every function is compared with the reference solution on seeded random inputs, in
stages (``assert_matches``: kind, then shape and dtype family, then values), so an empty
tensor never passes for a number. One function per test: one mistake costs that test.
Titles (the docstrings' first lines) are Korean and never show an input.
"""
import pytest
import torch

from deepgrade.grading.compare import assert_matches
from deepgrade.sandbox import remote

pytestmark = pytest.mark.problem("tensor_ops")


def _shape(seed: torch.Generator, dims: int, low: int = 2, high: int = 6) -> tuple[int, ...]:
    return tuple(torch.randint(low, high, (dims,), generator=seed).tolist())


def _ints(seed: torch.Generator, *shape: int) -> torch.Tensor:
    return torch.randint(-20, 20, shape, generator=seed)


def _floats(seed: torch.Generator, *shape: int) -> torch.Tensor:
    return torch.randn(*shape, generator=seed)


@pytest.mark.points(2)
def test_describe_random(student, reference, seed):
    """describe가 여러 차원의 무작위 텐서에서 (차원 수, 형상)을 반환하는지"""
    for dims in (1, 2, 3, 4):
        t = _floats(seed, *_shape(seed, dims))
        assert_matches(student.describe(t), reference.describe(t), name=f"{dims}차원 텐서의 describe(t)")


@pytest.mark.points(2)
def test_top_right_random(student, reference, seed):
    """top_right가 무작위 행렬에서 앞의 두 행, 두 번째 열부터를 잘라 내는지"""
    for _ in range(3):
        t = _ints(seed, *_shape(seed, 2, 3, 7))
        assert_matches(student.top_right(t), reference.top_right(t), name="top_right(t)")


@pytest.mark.points(2)
def test_elementwise_random(student, reference, seed):
    """elementwise가 요소별 사칙연산을 하는지 (브로드캐스팅 포함)"""
    rows, cols = _shape(seed, 2)
    a = _floats(seed, rows, cols)
    b = _floats(seed, rows, cols).abs() + 0.5
    assert_matches(student.elementwise(a, b), reference.elementwise(a, b), name="elementwise(a, b)")
    row = _floats(seed, cols).abs() + 0.5  # broadcast over the rows
    assert_matches(student.elementwise(a, row), reference.elementwise(a, row), name="elementwise(행렬, 행 벡터)")


@pytest.mark.points(1)
def test_matrix_product_random(student, reference, seed):
    """matrix_product가 요소별 곱이 아닌 행렬 곱을 하는지"""
    n, k, m = _shape(seed, 3)
    a, b = _floats(seed, n, k), _floats(seed, k, m)
    assert_matches(student.matrix_product(a, b), reference.matrix_product(a, b), name=f"({n}x{k} 행렬)과 ({k}x{m} 행렬)의 matrix_product")
    square_a, square_b = _floats(seed, k, k), _floats(seed, k, k)
    assert_matches(student.matrix_product(square_a, square_b), reference.matrix_product(square_a, square_b),
                   name="정사각 행렬의 matrix_product")


@pytest.mark.points(2)
def test_dot_random(student, reference, seed):
    """dot이 실수·정수 무작위 벡터의 내적을 구하는지"""
    n = _shape(seed, 1, 3, 9)[0]
    u, v = _floats(seed, n), _floats(seed, n)
    assert_matches(student.dot(u, v), reference.dot(u, v), name="실수 벡터의 dot(u, v)")
    ui, vi = _ints(seed, n), _ints(seed, n)
    assert_matches(student.dot(ui, vi), reference.dot(ui, vi), name="정수 벡터의 dot(u, v)")


@pytest.mark.points(3)
def test_means_random_and_int_input(student, reference, seed):
    """means가 세 가지 평균을 구하고, 정수 텐서도 받으며 입력을 바꾸지 않는지"""
    t = _floats(seed, *_shape(seed, 2))
    assert_matches(student.means(t), reference.means(t), name="실수 행렬의 means(t)")
    ints = _ints(seed, *_shape(seed, 2))
    original = ints.clone()
    assert_matches(student.means(ints), reference.means(ints), name="정수 행렬의 means(t)")
    cube = _floats(seed, *_shape(seed, 3))
    assert_matches(student.means(cube), reference.means(cube), name="3차원 텐서의 means(t)")
    assert torch.equal(ints, original), "means가 입력 텐서를 바꾸었습니다 (복사본을 만들어 계산하세요)"


@pytest.mark.points(2)
def test_sums_random(student, reference, seed):
    """sums가 세 가지 합계를 구하는지 (정수 텐서의 합은 정수)"""
    for t in (_floats(seed, *_shape(seed, 2)), _ints(seed, *_shape(seed, 2)), _ints(seed, *_shape(seed, 3))):
        assert_matches(student.sums(t), reference.sums(t), name=f"{t.dim()}차원 {t.dtype} 텐서의 sums(t)")


@pytest.mark.points(3)
def test_max_along_random(student, reference, seed):
    """max_along이 여러 방향에서 최대값과 그 인덱스를 반환하는지"""
    rows, cols = _shape(seed, 2)
    # distinct values: the index of the maximum is then unambiguous
    t = torch.randperm(rows * cols, generator=seed).view(rows, cols).float()
    for dim in (0, 1, -1):
        assert_matches(student.max_along(t, dim), reference.max_along(t, dim), name=f"max_along(t, {dim})")


@pytest.mark.points(2)
def test_to_pairs_random(student, reference, seed):
    """to_pairs가 view로 두 개씩 짝지은 형상을 만드는지"""
    for shape in ((_shape(seed, 1, 1, 5)[0] * 2, 1), (2, _shape(seed, 1, 1, 4)[0], 3)):
        t = _ints(seed, *shape)
        assert_matches(student.to_pairs(t), reference.to_pairs(t), name=f"형상 {tuple(shape)} 텐서의 to_pairs(t)")


@pytest.mark.points(2)
def test_add_axis_random(student, reference, seed):
    """add_axis가 양수·음수 위치에 크기 1인 축을 추가하는지"""
    t = _ints(seed, *_shape(seed, 2))
    for dim in (0, 1, 2, -1):
        assert_matches(student.add_axis(t, dim), reference.add_axis(t, dim), name=f"add_axis(t, {dim})")


@pytest.mark.points(2)
def test_drop_axes_random(student, reference, seed):
    """drop_axes가 크기 1인 축을 모두 없애는지"""
    n, m = _shape(seed, 2)
    for shape in ((n, 1), (1, n, 1, m), (1, 1, 1)):
        t = _ints(seed, *shape)
        assert_matches(student.drop_axes(t), reference.drop_axes(t), name=f"형상 {tuple(shape)} 텐서의 drop_axes(t)")


@pytest.mark.points(2)
def test_concat_random(student, reference, seed):
    """concat이 두 방향으로 텐서를 이어 붙이는지"""
    rows, cols = _shape(seed, 2)
    x, y = _ints(seed, rows, cols), _ints(seed, rows, cols)
    for dim in (0, 1):
        assert_matches(student.concat(x, y, dim), reference.concat(x, y, dim), name=f"concat(x, y, {dim})")


@pytest.mark.points(2)
def test_stack_random(student, reference, seed):
    """stack이 텐서 여러 개를 새 축으로 쌓는지"""
    n = _shape(seed, 1)[0]
    tensors = [_ints(seed, n) for _ in range(3)]
    for dim in (0, 1):
        assert_matches(student.stack(tensors, dim), reference.stack(tensors, dim), name=f"stack(tensors, {dim})")


@pytest.mark.points(2)
def test_cast_random(student, reference, seed):
    """cast가 여러 dtype으로 정확히 바꾸는지 (불리언 포함)"""
    t = _floats(seed, *_shape(seed, 2)) * 10
    for dtype in (torch.float32, torch.int32, torch.int64, torch.float64):
        assert_matches(student.cast(t, dtype), reference.cast(t, dtype), name=f"cast(t, {dtype})", exact_dtype=True)
    flags = _ints(seed, 5) > 0
    assert_matches(student.cast(flags, torch.int64), reference.cast(flags, torch.int64), name="불리언 텐서의 cast(t, torch.int64)",
                   exact_dtype=True)


@pytest.mark.points(3)
def test_double_inplace_keeps_identity(student, sandbox, seed):
    """double_inplace가 받은 텐서 자체를 2배로 만들고 그 텐서를 반환하는지"""
    original = _floats(seed, *_shape(seed, 2))
    remote_t = remote.put(sandbox, original.clone())
    returned = remote.ref_call(student.double_inplace, remote_t)
    assert_matches(remote.fetch(remote_t), original * 2, name="double_inplace(t)를 부른 뒤의 t (in-place로 2배가 되어야 함)")
    assert remote.same(returned, remote_t), "새 텐서를 반환했습니다: 같은 텐서 t를 반환하세요"


@pytest.mark.points(1)
def test_like_random(student, reference, seed):
    """like가 같은 형상·dtype의 1 텐서와 0 텐서를 만드는지"""
    for t in (_ints(seed, *_shape(seed, 2)), _floats(seed, *_shape(seed, 3))):
        assert_matches(student.like(t), reference.like(t), name=f"{t.dtype} 텐서의 like(t)", exact_dtype=True)


@pytest.mark.points(2)
def test_get_device_matches_machine(student):
    """get_device가 채점 컴퓨터에 맞는 장치(cuda 또는 cpu)를 반환하는지"""
    want = "cuda" if torch.cuda.is_available() else "cpu"
    got = student.get_device()
    assert isinstance(got, torch.device), f"torch.device를 반환해야 합니다 (받은 값: {got!r})"
    assert_matches(got.type, want, name="get_device()의 장치 종류 (torch.device(...).type)")
