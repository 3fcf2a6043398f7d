"""Korean explanations next to common PyTorch and Python error texts (issue 10, item 8)."""
from __future__ import annotations

import pytest
import torch

from deepgrade.grading.explanations import HINT_PREFIX, explain, with_explanation


def _error_text(action) -> str:
    try:
        action()
    except Exception as exc:  # noqa: BLE001 - the real text torch or Python gives
        return f"{type(exc).__name__}: {exc}"
    raise AssertionError("expected an error")


class _Calc:
    def __init__(self, first, second):
        self.first, self.second = first, second


def _close() -> None:
    torch.testing.assert_close(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.5]))


# The texts come from the installed torch and Python, so a changed wording fails here first.
@pytest.mark.parametrize("action, korean", [
    (lambda: torch.randn(2, 3) @ torch.randn(2, 3), "앞 행렬의 열 수와 뒤 행렬의 행 수"),
    (lambda: torch.randn(2, 3) * torch.randn(2, 2), "torch.matmul(또는 @)"),
    (lambda: torch.tensor([[1, 2], [3, 4]]).mean(), "t.float()로 실수 복사본"),
    (lambda: torch.tensor([1, 2]).mul_(1.5), "제자리(in-place) 연산"),
    (lambda: _Calc(), "인자 'first' and 'second'이(가) 빠졌습니다"),
    (lambda: _Calc(1, 2, 3), "self를"),
    (_close, "허용 오차보다 크게"),
    (lambda: torch.arange(6).view(4, 2), "원소 6개로는 형상 [4, 2]"),
    (lambda: torch.zeros(2, 2).sum(dim=3), "dim=3는 이 텐서에 없는 축"),
    (lambda: torch.cat([torch.zeros(2, 2), torch.zeros(3, 3)], dim=0), "dim=0"),
    (lambda: torch.dot(torch.zeros(2, 2), torch.zeros(2, 2)), "1차원 벡터"),
    (lambda: [1][2], "리스트의 범위"),
    (lambda: 1 / 0, "0으로 나누었습니다"),
])
def test_common_errors_get_a_korean_explanation(action, korean: str) -> None:
    text = _error_text(action)
    explained = with_explanation(text)
    assert explained.startswith(text)  # the original text stays, first
    assert HINT_PREFIX in explained and korean in explained, explained


def test_none_from_a_missing_return_is_explained() -> None:
    def build():
        pass

    text = _error_text(lambda: tuple(build()))  # noqa: B023
    assert "return을 빠뜨렸거나" in with_explanation(text)
    assert "return을 빠뜨렸거나" in with_explanation("build_datasets(): 텐서를 반환해야 합니다 (받은 값: None)")


def test_unknown_text_is_left_alone_and_explained_once() -> None:
    assert with_explanation("assert 6 == 5") == "assert 6 == 5"
    once = with_explanation("ZeroDivisionError: division by zero")
    assert with_explanation(once) == once
    assert len(explain("TypeError: 'NoneType' object has no attribute 'shape'")) == 1
