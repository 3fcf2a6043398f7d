"""공개 테스트: 텐서 다루기 (슬라이드 예제)."""
import pytest
import torch

pytestmark = [pytest.mark.problem("tensor_ops"), pytest.mark.visibility("visible")]


def slide_matrix():
    return torch.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]])


@pytest.mark.points(1)
def test_describe(student):
    """4x3 행렬: (2, (4, 3))"""
    assert tuple(student.describe(slide_matrix())) == (2, (4, 3))


@pytest.mark.points(1)
def test_top_right(student):
    """t[0:2, 1:] -> [[2, 3], [5, 6]]"""
    assert student.top_right(slide_matrix()).tolist() == [[2, 3], [5, 6]]


@pytest.mark.points(1)
def test_means(student):
    """평균: 6.5, [5.5, 6.5, 7.5], [2, 5, 8, 11]"""
    total, by_column, by_row = student.means(slide_matrix())
    assert total.item() == 6.5
    assert by_column.tolist() == [5.5, 6.5, 7.5]
    assert by_row.tolist() == [2.0, 5.0, 8.0, 11.0]


@pytest.mark.points(1)
def test_max_along_dim0(student):
    """t.max(dim=0): values [10, 11, 12], indices [3, 3, 3]"""
    values, indices = student.max_along(slide_matrix(), 0)
    assert values.tolist() == [10, 11, 12]
    assert indices.tolist() == [3, 3, 3]


@pytest.mark.points(1)
def test_to_pairs(student):
    """[[0], [1], [2], [3]].view(-1, 2) -> [[0, 1], [2, 3]]"""
    assert student.to_pairs(torch.tensor([[0], [1], [2], [3]])).tolist() == [[0, 1], [2, 3]]


@pytest.mark.points(1)
def test_concat(student):
    """torch.cat([x, y], dim=0)과 dim=1"""
    x, y = torch.tensor([[1, 2], [3, 4]]), torch.tensor([[5, 6], [7, 8]])
    assert student.concat(x, y, 0).tolist() == [[1, 2], [3, 4], [5, 6], [7, 8]]
    assert student.concat(x, y, 1).tolist() == [[1, 2, 5, 6], [3, 4, 7, 8]]


@pytest.mark.points(1)
def test_stack(student):
    """torch.stack([x, y, z]) -> [[1, 4], [2, 5], [3, 6]]"""
    x, y, z = torch.tensor([1, 4]), torch.tensor([2, 5]), torch.tensor([3, 6])
    assert student.stack([x, y, z], 0).tolist() == [[1, 4], [2, 5], [3, 6]]


@pytest.mark.points(1)
def test_double_inplace_values(student):
    """double_inplace([1, 2, 3]) -> [2, 4, 6]"""
    assert student.double_inplace(torch.tensor([1, 2, 3])).tolist() == [2, 4, 6]


@pytest.mark.points(1)
def test_get_device(student):
    """GPU가 있으면 cuda, 없으면 cpu"""
    want = "cuda" if torch.cuda.is_available() else "cpu"
    assert student.get_device() == torch.device(want), f"이 컴퓨터에서는 torch.device('{want}')여야 합니다"
