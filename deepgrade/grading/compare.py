"""Comparing a student's value with the expected one, in stages: kind, then shape and dtype
family, then values. A stage that fails stops the comparison with a Korean message a
beginner can act on, so a value of the wrong kind is never compared by value
(``pytest.approx`` against an empty tensor is vacuously true: points for nothing).

Kinds: a *number* is a Python ``int``/``float`` (not ``bool``) or a 0-dim tensor; a *tensor*
has at least one dimension; containers (tuple/list, dict) are compared element by element.
Graders call these on the trusted side with values already fetched from the sandbox; a
``Handle`` (a remote object that is not plain data) is reported by its type name.

This file also ships to students unchanged, as ``deepgrade_compare.py`` beside the public tests
and inside the notebook's self-check helper, so the public tests compare values the same way
without deepgrade installed: it needs only torch (deepgrade's Handle when it is there).
"""
from __future__ import annotations

import math
from typing import Any

import torch

try:
    from deepgrade.sandbox import Handle
except ImportError:  # the copy shipped to students: no sandbox, so no remote objects either
    class Handle:  # type: ignore[no-redef]
        """Never instantiated: without deepgrade every value is a real one."""

# What a beginner reads for each dtype family.
_FAMILY_KO = {"bool": "불리언", "int": "정수", "float": "실수", "complex": "복소수"}


def dtype_family(dtype: torch.dtype) -> str:
    """'bool' | 'int' | 'float' | 'complex'."""
    if dtype == torch.bool:
        return "bool"
    if dtype.is_complex:
        return "complex"
    if dtype.is_floating_point:
        return "float"
    return "int"


def describe(value: Any) -> str:
    """A short, safe description of a value's kind for a message: ``텐서 (shape (0,), torch.float32)``."""
    if isinstance(value, Handle):
        from deepgrade.sandbox import remote
        try:
            return f"{remote.type_name(value)} 객체"
        except Exception:
            return "원격 객체"
    if isinstance(value, torch.Tensor):
        return f"텐서 (shape {tuple(value.shape)}, {value.dtype})"
    if value is None:
        return "None"
    return f"{type(value).__name__} 값 {_short(value)}"


def _short(value: Any, cap: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= cap else text[:cap] + "…"


def relative_error(a: Any, b: Any) -> float:
    """``max|a−b| / max(|a|+|b|)`` over all elements (0.0 when both are all zeros).

    The scale-free error of the course's gradient and layer checks: well below 1e-7 in
    float64 for a correct implementation, around 1 for a wrong one.
    """
    a = torch.as_tensor(a, dtype=torch.float64)
    b = torch.as_tensor(b, dtype=torch.float64)
    diff = (a - b).abs().max().item() if a.numel() else 0.0
    scale = (a.abs() + b.abs()).max().item() if a.numel() else 0.0
    if scale == 0.0:
        return 0.0 if diff == 0.0 else math.inf
    return diff / scale


def _is_number(value: Any) -> bool:
    if isinstance(value, torch.Tensor):
        return value.dim() == 0
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _as_scalar(value: Any) -> float | int | complex:
    return value.item() if isinstance(value, torch.Tensor) else value


def assert_matches(got: Any, want: Any, *, name: str = "반환값", rtol: float | None = None,
                   atol: float | None = None, exact_dtype: bool = False,
                   sequence_type: bool = False) -> None:
    """Fail (``AssertionError`` with a Korean, staged message) unless ``got`` matches ``want``.

    - ``want`` a number: ``got`` must be a number; an ``int`` wants an integer (``21``, not
      ``21.0`` or ``20.3``), a ``float`` accepts either. Values with ``rtol``/``atol``
      (default: torch's for float64, i.e. 1e-7 / 1e-7; exact for integers).
    - ``want`` a tensor: ``got`` must be a tensor of the same shape and dtype family
      (``exact_dtype``: the same dtype), then values as ``torch.testing.assert_close``
      (default tolerances of ``want``'s dtype).
    - tuples/lists: same length (``sequence_type``: and the same type), element by element;
      dicts: the same keys, value by value; anything else: ``==``.
    """
    if isinstance(want, bool) or want is None or isinstance(want, (str, bytes)):
        assert not isinstance(got, Handle) and type(got) is type(want) and got == want, (
            f"{name}: {_short(want)}이어야 합니다 (받은 값: {describe(got)})")
        return
    if _is_number(want):
        _match_number(got, want, name, rtol, atol)
        return
    if isinstance(want, torch.Tensor):
        _match_tensor(got, want, name, rtol, atol, exact_dtype)
        return
    if isinstance(want, (tuple, list)):
        kind = "튜플" if isinstance(want, tuple) else "리스트"
        ok_type = type(got) is type(want) if sequence_type else isinstance(got, (tuple, list))
        assert ok_type, f"{name}: 길이 {len(want)}의 {kind}를 반환해야 합니다 (받은 값: {describe(got)})"
        assert len(got) == len(want), f"{name}: 길이가 {len(want)}이어야 합니다 (받은 길이: {len(got)})"
        for index, (g, w) in enumerate(zip(got, want)):
            assert_matches(g, w, name=f"{name}[{index}]", rtol=rtol, atol=atol, exact_dtype=exact_dtype,
                           sequence_type=sequence_type)
        return
    if isinstance(want, dict):
        assert isinstance(got, dict), f"{name}: 딕셔너리를 반환해야 합니다 (받은 값: {describe(got)})"
        missing = [k for k in want if k not in got]
        extra = [k for k in got if k not in want]
        assert not missing and not extra, (
            f"{name}: 키가 다릅니다" + (f"; 빠진 키: {missing}" if missing else "")
            + (f"; 필요 없는 키: {extra}" if extra else ""))
        for key in want:
            assert_matches(got[key], want[key], name=f"{name}[{key!r}]", rtol=rtol, atol=atol,
                           exact_dtype=exact_dtype, sequence_type=sequence_type)
        return
    assert got == want, f"{name}: {_short(got)} (기대값 {_short(want)})"


def _match_number(got: Any, want: Any, name: str, rtol: float | None, atol: float | None) -> None:
    assert _is_number(got), f"{name}: 숫자 하나를 반환해야 합니다 (받은 값: {describe(got)})"
    want_value, got_value = _as_scalar(want), _as_scalar(got)
    want_int = isinstance(want_value, int) and not isinstance(want_value, bool)
    if want_int:
        assert isinstance(got_value, int) and not isinstance(got_value, bool), (
            f"{name}: 정수(int)를 반환해야 합니다 (받은 값: {describe(got)})")
        assert got_value == want_value, f"{name}: {got_value} (기대값 {want_value})"
        return
    assert not isinstance(got_value, bool), f"{name}: 숫자를 반환해야 합니다 (받은 값: {describe(got)})"
    if isinstance(want_value, complex) or isinstance(got_value, complex):
        close = abs(complex(got_value) - complex(want_value)) <= (atol or 1e-7) + (rtol or 1e-7) * abs(want_value)
    else:
        close = math.isclose(float(got_value), float(want_value), rel_tol=1e-7 if rtol is None else rtol,
                             abs_tol=1e-7 if atol is None else atol)
    assert close, f"{name}: {got_value!r} (기대값 {want_value!r})"


def _match_tensor(got: Any, want: torch.Tensor, name: str, rtol: float | None, atol: float | None,
                  exact_dtype: bool) -> None:
    assert isinstance(got, torch.Tensor), f"{name}: 텐서를 반환해야 합니다 (받은 값: {describe(got)})"
    assert tuple(got.shape) == tuple(want.shape), (
        f"{name}: 텐서의 형상(shape)이 {tuple(want.shape)}이어야 합니다 (받은 형상: {tuple(got.shape)})")
    if exact_dtype:
        assert got.dtype == want.dtype, f"{name}: 자료형(dtype)이 {want.dtype}이어야 합니다 (받은 자료형: {got.dtype})"
    else:
        got_family, want_family = dtype_family(got.dtype), dtype_family(want.dtype)
        assert got_family == want_family, (
            f"{name}: {_FAMILY_KO[want_family]} 텐서여야 합니다 (받은 자료형: {got.dtype})")
    got_cpu, want_cpu = got.detach().cpu(), want.detach().cpu()
    if got_cpu.dtype != want_cpu.dtype:
        got_cpu = got_cpu.to(want_cpu.dtype)
    if want_cpu.numel() == 0:
        return
    try:
        torch.testing.assert_close(got_cpu, want_cpu, rtol=rtol, atol=atol,
                                   check_dtype=False, check_device=False, msg=lambda _: "")
    except AssertionError:
        raise AssertionError(f"{name}: 값이 다릅니다 ({_value_difference(got_cpu, want_cpu, rtol, atol)})") from None


def _value_difference(got: torch.Tensor, want: torch.Tensor, rtol: float | None, atol: float | None) -> str:
    """Where and by how much two same-shaped tensors differ, for the message."""
    if dtype_family(want.dtype) in ("bool", "int"):
        mismatch = got != want
    else:
        default_rtol, default_atol = {torch.float16: (1e-3, 1e-5), torch.bfloat16: (1.6e-2, 1e-5),
                                      torch.float32: (1.3e-6, 1e-5)}.get(want.dtype, (1e-7, 1e-7))
        tolerance = (default_atol if atol is None else atol) + (default_rtol if rtol is None else rtol) * want.abs()
        mismatch = ~((got - want).abs() <= tolerance)  # NaN compares False: a mismatch
    count = int(mismatch.sum().item())
    first = tuple(int(i) for i in mismatch.nonzero()[0].tolist()) if count else ()
    where = f"위치 {first}: {got[first].item()!r}, 기대값 {want[first].item()!r}" if count else ""
    return f"{want.numel()}개 중 {count}개 원소가 다름; {where}" if count else "허용 오차를 벗어남"


def assert_relative_error(got: Any, want: torch.Tensor, *, name: str = "반환값", limit: float = 1e-7,
                          spot: Any = None) -> float:
    """Fail unless ``got`` is a tensor of ``want``'s shape and float family whose
    ``relative_error`` against ``want`` is at most ``limit``; returns that error.

    For gradients and layer math in float64 (curriculum rule 3): a correct answer is near
    1e-12, a wrong one near 1. The message names the element that differs most, with both
    values, and, when ``spot`` is given (``spot(index) -> float``, e.g. a centred-difference
    numeric gradient at that element), the number it should be by another route.
    """
    if want.dim() == 0:  # a scalar (a loss): a number, as a 0-dim tensor or a Python float
        assert _is_number(got), f"{name}: 숫자 하나를 반환해야 합니다 (받은 값: {describe(got)})"
        got = torch.as_tensor(_as_scalar(got), dtype=torch.float64)
    else:
        _match_tensor_kind(got, want, name)
    got_values = got.detach().cpu().to(torch.float64)
    want_values = want.detach().cpu().to(torch.float64)
    error = relative_error(got_values, want_values)
    if not error <= limit:  # NaN is never within the limit
        difference = (got_values - want_values).abs()
        difference = torch.where(torch.isnan(difference), torch.full_like(difference, math.inf), difference)
        index = tuple(int(i) for i in torch.unravel_index(difference.argmax(), difference.shape)) if want.dim() else ()
        where = f"{name}[{', '.join(map(str, index))}]" if index else name
        detail = f"{where} = {got_values[index].item():.6g}, 기대값 {want_values[index].item():.6g}"
        if spot is not None:
            detail += f" (수치 미분으로 구한 값 {float(spot(index)):.6g})"
        raise AssertionError(f"{name}: 값이 다릅니다 (상대 오차 {error:.2e}, 허용 {limit:.0e}; {detail})")
    return error


def _match_tensor_kind(got: Any, want: torch.Tensor, name: str) -> None:
    """The kind and shape stages of a tensor comparison, and a floating-point result."""
    assert isinstance(got, torch.Tensor), f"{name}: 텐서를 반환해야 합니다 (받은 값: {describe(got)})"
    assert tuple(got.shape) == tuple(want.shape), (
        f"{name}: 텐서의 형상(shape)이 {tuple(want.shape)}이어야 합니다 (받은 형상: {tuple(got.shape)})")
    assert dtype_family(got.dtype) == "float", f"{name}: 실수 텐서여야 합니다 (받은 자료형: {got.dtype})"


def clear_argmax(scores: torch.Tensor, gap: float = 1e-4) -> torch.Tensor:
    """Rows of ``scores`` (N, C) whose two top scores differ by more than ``gap``: the rows
    where an argmax is a fair question (curriculum rule 5), as a boolean mask."""
    top2 = scores.detach().topk(2, dim=1).values
    return (top2[:, 0] - top2[:, 1]) > gap
