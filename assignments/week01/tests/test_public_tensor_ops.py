"""공개 테스트: 텐서 다루기 (슬라이드 예제)."""
import pytest
import torch

try:
    from deepgrade.grading.compare import assert_matches
except ImportError:  # plain pytest or Colab, without deepgrade: the same helper, shipped with the tests
    from deepgrade_compare import assert_matches

pytestmark = [pytest.mark.problem("tensor_ops"), pytest.mark.visibility("visible")]


def slide_matrix():
    return torch.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]])


@pytest.mark.points(1)
def test_describe(student):
    """4x3 행렬: (2, (4, 3))"""
    assert_matches(student.describe(slide_matrix()), (2, (4, 3)), name="describe(4x3 행렬)")


@pytest.mark.points(1)
def test_top_right(student):
    """슬라이싱 t[0:2, 1:]: 앞의 두 행, 두 번째 열부터 -> [[2, 3], [5, 6]]"""
    assert_matches(student.top_right(slide_matrix()), torch.tensor([[2, 3], [5, 6]]), name="top_right(t)")


@pytest.mark.points(1)
def test_matrix_product(student):
    """(2x3 행렬) @ (3x2 행렬)은 2x2 행렬 (요소별 곱 *이 아니라 행렬 곱)"""
    a = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    b = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    assert_matches(student.matrix_product(a, b), torch.tensor([[4.0, 5.0], [10.0, 11.0]]),
                   name="matrix_product(2x3 행렬, 3x2 행렬)")


@pytest.mark.points(1)
def test_means(student):
    """정수 행렬의 평균: 6.5, [5.5, 6.5, 7.5], [2, 5, 8, 11]"""
    assert_matches(student.means(slide_matrix()),
                   (torch.tensor(6.5), torch.tensor([5.5, 6.5, 7.5]), torch.tensor([2.0, 5.0, 8.0, 11.0])),
                   name="means(정수 행렬)")


@pytest.mark.points(1)
def test_max_along_dim0(student):
    """열마다 최대값 t.max(dim=0): 값 [10, 11, 12], 인덱스 [3, 3, 3]"""
    assert_matches(student.max_along(slide_matrix(), 0), (torch.tensor([10, 11, 12]), torch.tensor([3, 3, 3])),
                   name="max_along(t, 0)")


@pytest.mark.points(1)
def test_to_pairs(student):
    """view(-1, 2)로 두 개씩 짝짓기: [[0], [1], [2], [3]] -> [[0, 1], [2, 3]]"""
    assert_matches(student.to_pairs(torch.tensor([[0], [1], [2], [3]])), torch.tensor([[0, 1], [2, 3]]),
                   name="to_pairs(t)")


@pytest.mark.points(1)
def test_concat(student):
    """torch.cat([x, y], dim=0)과 dim=1"""
    x, y = torch.tensor([[1, 2], [3, 4]]), torch.tensor([[5, 6], [7, 8]])
    assert_matches(student.concat(x, y, 0), torch.tensor([[1, 2], [3, 4], [5, 6], [7, 8]]), name="concat(x, y, 0)")
    assert_matches(student.concat(x, y, 1), torch.tensor([[1, 2, 5, 6], [3, 4, 7, 8]]), name="concat(x, y, 1)")


@pytest.mark.points(1)
def test_stack(student):
    """torch.stack으로 벡터 세 개 쌓기 -> [[1, 4], [2, 5], [3, 6]]"""
    x, y, z = torch.tensor([1, 4]), torch.tensor([2, 5]), torch.tensor([3, 6])
    assert_matches(student.stack([x, y, z], 0), torch.tensor([[1, 4], [2, 5], [3, 6]]), name="stack([x, y, z], 0)")


@pytest.mark.points(1)
def test_double_inplace_values(student):
    """double_inplace로 [1, 2, 3]을 2배로 -> [2, 4, 6]"""
    assert_matches(student.double_inplace(torch.tensor([1, 2, 3])), torch.tensor([2, 4, 6]), name="double_inplace(t)")


@pytest.mark.points(1)
def test_get_device(student):
    """GPU가 있으면 cuda, 없으면 cpu"""
    want = "cuda" if torch.cuda.is_available() else "cpu"
    got = student.get_device()
    assert isinstance(got, torch.device), f"torch.device를 반환해야 합니다 (받은 값: {got!r})"
    assert_matches(got.type, want, name="get_device()의 장치 종류")
