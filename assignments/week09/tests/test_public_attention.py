"""공개 테스트: 어텐션, 마스크, 위치 인코딩, 멀티헤드 어텐션 (손으로 계산할 수 있는 작은 예)."""
import math

import pytest
import torch

try:
    from deepgrade.grading.compare import assert_matches
except ImportError:  # plain pytest or Colab, without deepgrade: the same helper, shipped with the tests
    from deepgrade_compare import assert_matches

pytestmark = [pytest.mark.problem("attention"), pytest.mark.visibility("visible")]


@pytest.mark.points(2)
def test_sdpa_scales_by_the_square_root_of_d(student):
    """어텐션 한 번: 점수 q·k / sqrt(d), softmax, 가중합 (d = 2, key 2개)"""
    q = torch.tensor([[[2.0, 0.0]]], dtype=torch.float64)
    k = torch.tensor([[[1.0, 0.0], [0.0, 1.0]]], dtype=torch.float64)
    v = torch.tensor([[[10.0], [20.0]]], dtype=torch.float64)
    first = 1 / (1 + math.exp(-2 / math.sqrt(2)))  # softmax([2/sqrt(2), 0])[0]
    weights = torch.tensor([[[first, 1 - first]]], dtype=torch.float64)
    assert_matches(student.scaled_dot_product_attention(q, k, v), (weights @ v, weights),
                   name="scaled_dot_product_attention(q, k, v)")


@pytest.mark.points(3)
def test_sdpa_true_in_the_mask_means_blocked(student):
    """마스크에서 True는 '막힘': 막힌 key의 가중치는 0"""
    q = torch.zeros(1, 2, 3, dtype=torch.float64)
    k = torch.randn(1, 2, 3, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    v = torch.tensor([[[1.0, 2.0], [3.0, 4.0]]], dtype=torch.float64)
    mask = torch.tensor([[False, True], [False, False]])
    out, weights = student.scaled_dot_product_attention(q, k, v, mask)
    assert_matches(weights, torch.tensor([[[1.0, 0.0], [0.5, 0.5]]], dtype=torch.float64), name="weights")
    assert_matches(out, torch.tensor([[[1.0, 2.0], [2.0, 3.0]]], dtype=torch.float64), name="out")


@pytest.mark.points(2)
def test_causal_and_padding_masks(student):
    """causal_mask(3)는 대각선 위만 True, padding_mask([2, 4], 4)는 길이 뒤만 True"""
    assert_matches(student.causal_mask(3), torch.tensor([[False, True, True], [False, False, True],
                                                         [False, False, False]]), name="causal_mask(3)")
    assert_matches(student.padding_mask(torch.tensor([2, 4]), 4),
                   torch.tensor([[False, False, True, True], [False, False, False, False]]),
                   name="padding_mask(torch.tensor([2, 4]), 4)")


@pytest.mark.points(2)
def test_positional_encoding_small(student):
    """positional_encoding(2, 4): 0행 [0, 1, 0, 1], 1행 [sin 1, cos 1, sin 0.01, cos 0.01] (float32)"""
    want = torch.tensor([[0.0, 1.0, 0.0, 1.0], [math.sin(1), math.cos(1), math.sin(0.01), math.cos(0.01)]])
    assert_matches(student.positional_encoding(2, 4), want, name="positional_encoding(2, 4)", exact_dtype=True)


@pytest.mark.points(3)
def test_multi_head_attention_shapes(student):
    """MultiHeadAttention(8, 2): 네 층 (8, 8), out (N, Tq, 8), 헤드별 weights (N, 2, Tq, Tk)"""
    model = student.MultiHeadAttention(8, 2)
    for name in ("q_proj", "k_proj", "v_proj", "o_proj"):
        layer = getattr(model, name)
        assert tuple(layer.weight.shape) == (8, 8), f"{name}는 nn.Linear(8, 8)이어야 합니다"
    query, memory = torch.randn(3, 4, 8), torch.randn(3, 5, 8)
    out, weights = model(query, memory, memory)
    assert tuple(out.shape) == (3, 4, 8), f"out의 형상 {tuple(out.shape)} (기대값 (3, 4, 8))"
    assert tuple(weights.shape) == (3, 2, 4, 5), f"weights의 형상 {tuple(weights.shape)} (기대값 (3, 2, 4, 5): 헤드별)"
    assert_matches(weights.sum(dim=-1), torch.ones(3, 2, 4), name="weights의 각 행의 합", rtol=1e-5, atol=1e-5)
