"""The graders' comparison helper: kind before shape before value, with messages that say which."""
from __future__ import annotations

import math

import pytest
import torch

from deepgrade.grading.compare import assert_matches, relative_error


def _message(got, want, **options) -> str:
    with pytest.raises(AssertionError) as caught:
        assert_matches(got, want, **options)
    return str(caught.value)


def test_empty_tensor_is_not_a_number():
    # pytest.approx(2.5) == torch.empty(0) is vacuously true; here it is the kind stage that fails
    assert "숫자 하나를 반환해야" in _message(torch.empty(0), 2.5)
    assert "숫자 하나를 반환해야" in _message(torch.empty(0), torch.tensor(2.5))


def test_numbers_accept_python_numbers_and_0dim_tensors():
    assert_matches(torch.tensor(2.5), 2.5)
    assert_matches(2.5, torch.tensor(2.5, dtype=torch.float64))
    assert_matches(3, 3)
    assert_matches(2, 2.0)  # a float result may be written as an integer


def test_integer_result_wants_an_int():
    assert "정수(int)" in _message(21.0, 21)
    assert "정수(int)" in _message(20.3125, 21)
    assert "20 (기대값 21)" in _message(20, 21)
    assert "숫자 하나를 반환해야" in _message(True, 1)  # a bool is not a count


def test_tensor_stages_shape_then_family_then_values():
    want = torch.arange(6.0).reshape(2, 3)
    assert "텐서를 반환해야" in _message([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]], want)
    assert "형상(shape)이 (2, 3)" in _message(want.T, want)
    assert "실수 텐서여야" in _message(want.long(), want)
    wrong = want.clone()
    wrong[1, 2] = 7.0
    message = _message(wrong, want)
    assert "6개 중 1개 원소가 다름" in message and "(1, 2)" in message
    assert_matches(want.double(), want)  # same family, another width
    assert "torch.float32" in _message(want.double(), want, exact_dtype=True)


def test_nan_is_a_mismatch():
    assert "값이 다릅니다" in _message(torch.tensor([float("nan")]), torch.tensor([1.0]))


def test_containers_are_compared_element_by_element():
    want = (torch.zeros(2), {"a": 1, "b": [2, 3]})
    assert_matches([torch.zeros(2), {"a": 1, "b": (2, 3)}], want)
    assert "반환값[1]['b'][1]" in _message((torch.zeros(2), {"a": 1, "b": [2, 4]}), want)
    assert "빠진 키: ['b']" in _message((torch.zeros(2), {"a": 1}), want)
    assert "길이가 2" in _message((torch.zeros(2),), want)
    assert "튜플" in _message([1, 2], (1, 2), sequence_type=True)


def test_plain_values_compare_by_type_and_equality():
    assert_matches("cpu", "cpu")
    assert "None이어야" in _message(0, None)
    assert "True이어야" in _message(1, True)


def test_relative_error():
    a = torch.tensor([1.0, 2.0], dtype=torch.float64)
    assert relative_error(a, a) == 0.0
    assert relative_error(torch.zeros(3), torch.zeros(3)) == 0.0
    assert math.isclose(relative_error(a, -a), 1.0)
    assert relative_error(torch.zeros(1), torch.ones(1) * 1e-3) == 1.0
