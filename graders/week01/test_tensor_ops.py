"""Hidden graders for problem `tensor_ops` (36 points; the public tests add 9 -> 45).

Every function is compared with the reference solution on seeded random inputs:
shape, dtype and values (``torch.testing.assert_close``, which checks all three).
"""
import pytest
import torch

from deepgrade.sandbox import remote

pytestmark = pytest.mark.problem("tensor_ops")


def _shape(seed: torch.Generator, dims: int, low: int = 2, high: int = 6) -> tuple[int, ...]:
    return tuple(torch.randint(low, high, (dims,), generator=seed).tolist())


def _ints(seed: torch.Generator, *shape: int) -> torch.Tensor:
    return torch.randint(-20, 20, shape, generator=seed)


def _floats(seed: torch.Generator, *shape: int) -> torch.Tensor:
    return torch.randn(*shape, generator=seed)


def _same(got, want) -> None:
    """Equal structure, and tensors equal in shape, dtype and value."""
    if isinstance(want, torch.Tensor):
        assert isinstance(got, torch.Tensor), f"텐서를 반환해야 합니다 (받은 값: {type(got).__name__})"
        torch.testing.assert_close(got, want)
    elif isinstance(want, dict):
        assert isinstance(got, dict), f"딕셔너리를 반환해야 합니다 (받은 값: {type(got).__name__})"
        assert set(got) == set(want), f"키가 다릅니다: {sorted(got)} (기대: {sorted(want)})"
        for key in want:
            _same(got[key], want[key])
    elif isinstance(want, (tuple, list)):
        assert isinstance(got, (tuple, list)) and len(got) == len(want), (
            f"길이 {len(want)}의 튜플을 반환해야 합니다 (받은 값: {got!r})")
        for g, w in zip(got, want):
            _same(g, w)
    else:
        assert got == want, f"{got!r} (기대값 {want!r})"


@pytest.mark.points(2)
def test_describe_random(student, reference, seed):
    """describe(t): 임의 차원·형상의 텐서에서 (dim, shape)"""
    for dims in (1, 2, 3, 4):
        t = _floats(seed, *_shape(seed, dims))
        got = student.describe(t)
        assert tuple(got[1]) == tuple(t.shape) and got[0] == t.dim(), f"describe = {got!r}, 기대값 {reference.describe(t)!r}"
        assert isinstance(got[1], tuple), "형상은 tuple(t.shape)로 반환하세요"


@pytest.mark.points(2)
def test_top_right_random(student, reference, seed):
    """top_right(t) == t[0:2, 1:] on random matrices"""
    for _ in range(3):
        t = _ints(seed, *_shape(seed, 2, 3, 7))
        _same(student.top_right(t), reference.top_right(t))


@pytest.mark.points(2)
def test_elementwise_random(student, reference, seed):
    """elementwise(a, b): add/sub/mul/div, including broadcasting"""
    rows, cols = _shape(seed, 2)
    a = _floats(seed, rows, cols)
    b = _floats(seed, rows, cols).abs() + 0.5
    _same(student.elementwise(a, b), reference.elementwise(a, b))
    row = _floats(seed, cols).abs() + 0.5  # broadcast over the rows
    _same(student.elementwise(a, row), reference.elementwise(a, row))


@pytest.mark.points(2)
def test_matrix_product_random(student, reference, seed):
    """matrix_product(a, b) is the matrix product, not the element-wise one"""
    n, k, m = _shape(seed, 3)
    a, b = _floats(seed, n, k), _floats(seed, k, m)
    _same(student.matrix_product(a, b), reference.matrix_product(a, b))
    square_a, square_b = _floats(seed, k, k), _floats(seed, k, k)
    _same(student.matrix_product(square_a, square_b), reference.matrix_product(square_a, square_b))


@pytest.mark.points(2)
def test_dot_random(student, reference, seed):
    """dot(u, v) on random vectors, float and int"""
    n = _shape(seed, 1, 3, 9)[0]
    u, v = _floats(seed, n), _floats(seed, n)
    _same(student.dot(u, v), reference.dot(u, v))
    ui, vi = _ints(seed, n), _ints(seed, n)
    _same(student.dot(ui, vi), reference.dot(ui, vi))


@pytest.mark.points(3)
def test_means_random_and_int_input(student, reference, seed):
    """means(t): the three means on a float copy; int input works and is left unchanged"""
    t = _floats(seed, *_shape(seed, 2))
    _same(student.means(t), reference.means(t))
    ints = _ints(seed, *_shape(seed, 2))
    original = ints.clone()
    _same(student.means(ints), reference.means(ints))
    cube = _floats(seed, *_shape(seed, 3))
    _same(student.means(cube), reference.means(cube))
    torch.testing.assert_close(ints, original)


@pytest.mark.points(2)
def test_sums_random(student, reference, seed):
    """sums(t): the three sums, dtype as torch gives it (int stays int)"""
    for t in (_floats(seed, *_shape(seed, 2)), _ints(seed, *_shape(seed, 2)), _ints(seed, *_shape(seed, 3))):
        _same(student.sums(t), reference.sums(t))


@pytest.mark.points(3)
def test_max_along_random(student, reference, seed):
    """max_along(t, dim): (values, indices) along dim 0, 1 and -1"""
    rows, cols = _shape(seed, 2)
    # distinct values: the index of the maximum is then unambiguous
    t = torch.randperm(rows * cols, generator=seed).view(rows, cols).float()
    for dim in (0, 1, -1):
        got = student.max_along(t, dim)
        _same(tuple(got), reference.max_along(t, dim))


@pytest.mark.points(2)
def test_to_pairs_random(student, reference, seed):
    """to_pairs(t) == t.view(-1, 2)"""
    for shape in ((_shape(seed, 1, 1, 5)[0] * 2, 1), (2, _shape(seed, 1, 1, 4)[0], 3)):
        t = _ints(seed, *shape)
        _same(student.to_pairs(t), reference.to_pairs(t))


@pytest.mark.points(2)
def test_add_axis_random(student, reference, seed):
    """add_axis(t, dim): unsqueeze at positive and negative positions"""
    t = _ints(seed, *_shape(seed, 2))
    for dim in (0, 1, 2, -1):
        _same(student.add_axis(t, dim), reference.add_axis(t, dim))


@pytest.mark.points(2)
def test_drop_axes_random(student, reference, seed):
    """drop_axes(t): every size-1 axis removed"""
    n, m = _shape(seed, 2)
    for shape in ((n, 1), (1, n, 1, m), (1, 1, 1)):
        t = _ints(seed, *shape)
        _same(student.drop_axes(t), reference.drop_axes(t))


@pytest.mark.points(2)
def test_concat_random(student, reference, seed):
    """concat(x, y, dim) along dim 0 and 1"""
    rows, cols = _shape(seed, 2)
    x, y = _ints(seed, rows, cols), _ints(seed, rows, cols)
    for dim in (0, 1):
        _same(student.concat(x, y, dim), reference.concat(x, y, dim))


@pytest.mark.points(2)
def test_stack_random(student, reference, seed):
    """stack(tensors, dim): three random vectors along dim 0 and 1"""
    n = _shape(seed, 1)[0]
    tensors = [_ints(seed, n) for _ in range(3)]
    for dim in (0, 1):
        _same(student.stack(tensors, dim), reference.stack(tensors, dim))


@pytest.mark.points(2)
def test_cast_random(student, reference, seed):
    """cast(t, dtype) to float32, int32, int64 and from bool"""
    t = _floats(seed, *_shape(seed, 2)) * 10
    for dtype in (torch.float32, torch.int32, torch.int64, torch.float64):
        _same(student.cast(t, dtype), reference.cast(t, dtype))
    flags = _ints(seed, 5) > 0
    _same(student.cast(flags, torch.int64), reference.cast(flags, torch.int64))


@pytest.mark.points(3)
def test_double_inplace_keeps_identity(student, sandbox, seed):
    """double_inplace(t) doubles t in place and returns that same tensor"""
    original = _floats(seed, *_shape(seed, 2))
    remote_t = remote.put(sandbox, original.clone())
    returned = remote.ref_call(student.double_inplace, remote_t)
    torch.testing.assert_close(remote.fetch(remote_t), original * 2, msg="t 자체가 2배가 되지 않았습니다 (in-place)")
    assert remote.same(returned, remote_t), "새 텐서를 반환했습니다: 같은 텐서 t를 반환하세요"


@pytest.mark.points(1)
def test_like_random(student, reference, seed):
    """like(t): ones_like and zeros_like keep shape and dtype"""
    for t in (_ints(seed, *_shape(seed, 2)), _floats(seed, *_shape(seed, 3))):
        _same(student.like(t), reference.like(t))


@pytest.mark.points(2)
def test_get_device_matches_machine(student):
    """get_device() is cuda when this machine has a usable GPU, else cpu"""
    want = "cuda" if torch.cuda.is_available() else "cpu"
    got = student.get_device()
    assert isinstance(got, torch.device), f"torch.device를 반환해야 합니다 (받은 값: {got!r})"
    assert got.type == want, f"get_device() = {got}, 이 컴퓨터에서는 {want}여야 합니다"
