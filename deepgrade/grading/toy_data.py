"""Small classification data sets drawn from a grader's seed (nothing is stored or downloaded).

Each returns ``(X, y)``: float32 points ``(n, 2)`` and int64 labels ``(n,)``, balanced between
the classes, in a random order. Same generator state, same points.
"""
from __future__ import annotations

import math

import torch


def _shuffled(X: torch.Tensor, y: torch.Tensor, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    order = torch.randperm(len(y), generator=generator)
    return X[order].contiguous(), y[order].contiguous()


def xor_points(n: int, generator: torch.Generator, *, gap: float = 0.1) -> tuple[torch.Tensor, torch.Tensor]:
    """Points in the four quadrants of [-1, 1]²; label 1 where x·y < 0 (XOR of the signs).

    Every coordinate is at least ``gap`` from 0, so the classes are separable.
    """
    magnitude = gap + (1 - gap) * torch.rand(n, 2, generator=generator)
    signs = torch.randint(0, 2, (n, 2), generator=generator) * 2 - 1
    X = magnitude * signs
    y = (signs[:, 0] != signs[:, 1]).long()
    return _shuffled(X.float(), y, generator)


def two_moons(n: int, generator: torch.Generator, *, noise: float = 0.1) -> tuple[torch.Tensor, torch.Tensor]:
    """Two interleaving half circles (label 0: the upper one), with Gaussian ``noise``."""
    half = n // 2
    counts = (half, n - half)
    parts, labels = [], []
    for label, count in enumerate(counts):
        t = torch.rand(count, generator=generator) * math.pi
        if label == 0:
            points = torch.stack([torch.cos(t), torch.sin(t)], dim=1)
        else:
            points = torch.stack([1 - torch.cos(t), 0.5 - torch.sin(t)], dim=1)
        parts.append(points + noise * torch.randn(count, 2, generator=generator))
        labels.append(torch.full((count,), label, dtype=torch.long))
    return _shuffled(torch.cat(parts).float(), torch.cat(labels), generator)
