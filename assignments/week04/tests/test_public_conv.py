"""공개 테스트: 출력 크기, 합성곱, 최대 풀링 (손으로 계산할 수 있는 작은 예)."""
import pytest
import torch

pytestmark = [pytest.mark.problem("conv"), pytest.mark.visibility("visible")]


@pytest.mark.points(2)
def test_conv_output_size_examples(student):
    """conv_output_size(28, 3, 1, 1) = 28, (7, 3, 2, 0) = 3, (8, 3, 2, 0) = 3 (버림)"""
    assert student.conv_output_size(28, 3, 1, 1) == 28
    assert student.conv_output_size(7, 3, 2, 0) == 3
    got = student.conv_output_size(8, 3, 2, 0)
    assert got == 3 and isinstance(got, int), f"int 3이어야 합니다 (받은 값: {got!r})"


@pytest.mark.points(3)
def test_conv2d_naive_sums_each_window(student):
    """3x3 입력, 2x2 커널(모두 1), 편향 10: 각 2x2 창의 합 + 10"""
    x = torch.arange(9.0).reshape(1, 1, 3, 3)
    out = student.conv2d_naive(x, torch.ones(1, 1, 2, 2), torch.tensor([10.0]))
    assert out.tolist() == [[[[18.0, 22.0], [30.0, 34.0]]]]


@pytest.mark.points(2)
def test_conv2d_naive_stride_and_padding(student):
    """padding=1, stride=2: 0으로 둘러싼 뒤 두 칸씩 건너뜀"""
    x = torch.arange(9.0).reshape(1, 1, 3, 3)
    out = student.conv2d_naive(x, torch.ones(1, 1, 2, 2), torch.tensor([0.0]), stride=2, padding=1)
    assert out.tolist() == [[[[0.0, 3.0], [9.0, 24.0]]]]


@pytest.mark.points(3)
def test_maxpool2d_naive_2x2(student):
    """4x4 입력, kernel 2, stride 2: 각 2x2 칸의 최댓값"""
    x = torch.tensor([[1.0, 2.0, 5.0, 0.0], [3.0, 4.0, 1.0, 1.0],
                      [0.0, 0.0, 7.0, 8.0], [9.0, 0.0, 6.0, 2.0]]).reshape(1, 1, 4, 4)
    assert student.maxpool2d_naive(x, 2, 2).tolist() == [[[[4.0, 5.0], [9.0, 8.0]]]]
