import pytest
import torch


@pytest.mark.points(2)
def test_add(student, reference):
    """add(2, 3) is 5"""
    expected = reference.add(2, 3)
    assert student.add(2, 3) == expected


@pytest.mark.points(3)
def test_mul(student, reference, seed):
    """mul of two random tensors"""
    x, y = torch.randn(3, generator=seed), torch.randn(3, generator=seed)
    torch.testing.assert_close(student.mul(x, y), reference.mul(x, y))


@pytest.mark.points(1)
def test_mul_allclose(student, seed):
    """mul(x, 2) is close to 2x"""
    x = torch.randn(3, generator=seed)
    assert torch.allclose(student.mul(x, 2.0), x * 2)
