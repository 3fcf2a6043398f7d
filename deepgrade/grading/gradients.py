"""Numeric gradients for graders: a centred-difference spot check that gives a failure message
a concrete number (curriculum rule 3).

Gradients themselves are compared with autograd on the trusted side in float64
(``compare.assert_relative_error``); this module supplies the "by another route" value at
the element that differs most, and the inputs that keep such checks meaningful.
"""
from __future__ import annotations

from typing import Any, Callable

import torch


def numeric_partial(f: Callable[[torch.Tensor], Any], x: torch.Tensor, index: tuple[int, ...], *,
                    upstream: torch.Tensor | None = None, eps: float = 1e-6) -> float:
    """d/dx[index] of ``sum(f(x) * upstream)`` (or of scalar ``f(x)``) by centred differences.

    ``f`` is trusted code (the reference); ``x`` is not changed.
    """
    def value(shifted: torch.Tensor) -> float:
        out = f(shifted)
        out = out[0] if isinstance(out, tuple) else out
        out = torch.as_tensor(out, dtype=torch.float64)
        return float((out * upstream).sum() if upstream is not None else out.sum())

    plus, minus = x.detach().clone().double(), x.detach().clone().double()
    plus[index] += eps
    minus[index] -= eps
    return (value(plus) - value(minus)) / (2 * eps)


def spot_check(f: Callable[[torch.Tensor], Any], x: torch.Tensor, *, upstream: torch.Tensor | None = None,
               eps: float = 1e-6) -> Callable[[tuple[int, ...]], float]:
    """``index -> numeric partial derivative``, for ``assert_relative_error(..., spot=...)``."""
    return lambda index: numeric_partial(f, x, index, upstream=upstream, eps=eps)


def away_from_zero(x: torch.Tensor, gap: float = 1e-3) -> torch.Tensor:
    """``x`` with every element at least ``gap`` away from 0 (ReLU's kink), sign kept."""
    sign = torch.where(x >= 0, 1.0, -1.0).to(x.dtype)
    return sign * (x.abs() + gap)
