"""Hidden graders for problem `attention` (53 points; the public tests add 12 -> 65).

- scaled_dot_product_attention: outputs and weights against the formula (the reference, on the
  trusted side) in float64 by relative error, on seeded shapes with Tq != Tk and d != dv, with
  and without masks (causal, padding, random; never a fully blocked row), 3-d and 4-d; its
  gradient with respect to q (a backward pass where the student's code runs) against autograd.
  Every value check runs under the forbidden-call watch (``F.scaled_dot_product_attention``).
- MultiHeadAttention: grader weights loaded into q_proj, k_proj, v_proj, o_proj one by one,
  against the reference (self- and cross-attention), and with masks against
  ``nn.MultiheadAttention`` holding the same weights packed (per-head weights); both under the
  watch for ``nn.MultiheadAttention``'s own path (a forbidden call inside the student's own
  scaled_dot_product_attention costs that function's tests only).
- positional_encoding, causal_mask, padding_mask: exact values, shapes and dtypes.
"""
import pytest
import torch
from torch import nn

from deepgrade.grading import models
from deepgrade.grading.compare import assert_matches, assert_relative_error
from deepgrade.grading.forbidden import ATTENTION, MULTIHEAD_ATTENTION, watched
from deepgrade.sandbox import remote

pytestmark = pytest.mark.problem("attention")

PROJECTIONS = ("q_proj", "k_proj", "v_proj", "o_proj")
ATTENTION_NAMES = ("scaled_dot_product_attention",)


def _ints(seed, low, high, count):
    return [int(v) for v in torch.randint(low, high, (count,), generator=seed)]


def _qkv(seed, batch, tq, tk, d, dv):
    q = torch.randn(*batch, tq, d, generator=seed, dtype=torch.float64)
    k = torch.randn(*batch, tk, d, generator=seed, dtype=torch.float64)
    v = torch.randn(*batch, tk, dv, generator=seed, dtype=torch.float64)
    return q, k, v


def _random_mask(seed, shape):
    """A random boolean mask that leaves column 0 open: no query row is fully blocked."""
    mask = torch.rand(shape, generator=seed) < 0.4
    mask[..., 0] = False
    return mask


def _lengths(seed, n, t):
    return torch.randint(1, t + 1, (n,), generator=seed)


def _sdpa(student):
    return watched(student.scaled_dot_product_attention, ATTENTION, static=ATTENTION_NAMES)


def _check_sdpa(call, reference, q, k, v, mask, name):
    got = call(q, k, v) if mask is None else call(q, k, v, mask)
    want_out, want_weights = reference.scaled_dot_product_attention(q, k, v, mask)
    assert isinstance(got, (tuple, list)) and len(got) == 2, f"{name}: 튜플 (out, weights)를 반환해야 합니다"
    assert_relative_error(got[1], want_weights, name=f"{name}의 weights")
    assert_relative_error(got[0], want_out, name=f"{name}의 out")


@pytest.mark.points(7)
def test_sdpa_without_mask(student, reference, seed):
    """scaled_dot_product_attention: 마스크 없이 무작위 q, k, v (Tq ≠ Tk, d ≠ dv)에서 out과 weights가 식과 같음"""
    call = _sdpa(student)
    n, tq, tk, d = _ints(seed, 2, 6, 4)
    q, k, v = _qkv(seed, (n,), tq, tk + 1, d, d + 1)
    _check_sdpa(call, reference, q, k, v, None, "마스크 없는 어텐션")
    q, k, v = _qkv(seed, (2, 3), tq + 1, tk, d + 2, d)
    _check_sdpa(call, reference, q, k, v, None, "4차원 (N, 헤드, T, d) 어텐션")


@pytest.mark.points(8)
def test_sdpa_with_masks(student, reference, seed):
    """scaled_dot_product_attention: 마스크(True = 막힘)가 있을 때 out과 weights가 식과 같음 (여러 마스크 형상)"""
    call = _sdpa(student)
    n, t, d = _ints(seed, 2, 6, 3)
    t += 1
    q, k, v = _qkv(seed, (n,), t, t, d, d + 1)
    _check_sdpa(call, reference, q, k, v, reference.causal_mask(t), "causal 마스크 (T, T)")
    pad = reference.padding_mask(_lengths(seed, n, t), t)
    _check_sdpa(call, reference, q, k, v, pad[:, None, :], "패딩 마스크 (N, 1, Tk)")
    q, k, v = _qkv(seed, (n, 2), t - 1, t + 1, d, d)
    _check_sdpa(call, reference, q, k, v, _random_mask(seed, (n, 2, t - 1, t + 1)), "무작위 마스크 (N, H, Tq, Tk)")


@pytest.mark.points(6)
def test_sdpa_gradient_with_respect_to_q(student, reference, seed):
    """scaled_dot_product_attention: out의 q에 대한 기울기가 autograd와 같음 (미분 가능한 계산)"""
    n, tq, tk, d = _ints(seed, 2, 6, 4)
    q, k, v = _qkv(seed, (n,), tq, tk + 1, d, d)
    mask = _random_mask(seed, (n, tq, tk + 1))
    upstream = torch.randn(n, tq, d, generator=seed, dtype=torch.float64)
    near = student.scaled_dot_product_attention
    q_there = remote.put(near, q.clone().requires_grad_(True))
    result = remote.ref_call(near, q_there, k, v, mask)
    out = remote.ref_call(remote.attr(result, "__getitem__"), 0)
    remote.attr(out, "backward")(upstream)
    got = remote.fetch(remote.attr(q_there, "grad"))
    assert got is not None, "q의 기울기가 없습니다: out이 q에서 미분 가능하게 계산되어야 합니다 (detach, item, numpy 금지)"
    leaf = q.clone().requires_grad_(True)
    reference.scaled_dot_product_attention(leaf, k, v, mask)[0].backward(upstream)
    assert_relative_error(got, leaf.grad, name="q의 기울기")


def _mha_pair(student, reference, seed, d_model, heads):
    want = reference.MultiHeadAttention(d_model, heads)
    got = student.MultiHeadAttention(d_model, heads)
    weights = {layer: models.random_weights(want, seed, into=layer) for layer in PROJECTIONS}
    for layer in PROJECTIONS:
        models.load_weights(got, weights[layer], into=layer, name="MultiHeadAttention")
        getattr(want, layer).load_state_dict(weights[layer])
    return got, want, weights


def _model_size(seed):
    heads = _ints(seed, 2, 4, 1)[0]
    return heads * _ints(seed, 2, 5, 1)[0], heads


@pytest.mark.points(10)
def test_mha_outputs_with_grader_weights(student, reference, seed):
    """MultiHeadAttention: 채점용 가중치를 네 층에 불러오면 out과 헤드별 weights가 기준 구현과 같음 (self, cross)"""
    d_model, heads = _model_size(seed)
    model, want_model, _ = _mha_pair(student, reference, seed, d_model, heads)
    call = watched(model, MULTIHEAD_ATTENTION)
    n, tq, tk = _ints(seed, 2, 6, 3)
    x = torch.randn(n, tq, d_model, generator=seed)
    memory = torch.randn(n, tk + 1, d_model, generator=seed)
    for name, args in (("self-attention", (x, x, x)), ("cross-attention", (x, memory, memory))):
        with torch.no_grad():
            want = tuple(t.detach() for t in want_model(*args))
        assert_matches(call(*args), want, name=f"MultiHeadAttention({d_model}, {heads}) {name}", rtol=1e-4, atol=1e-5)


def _packed(weights, d_model, heads):
    """``nn.MultiheadAttention`` holding the four projections' weights (q, k, v packed)."""
    mha = nn.MultiheadAttention(d_model, heads, batch_first=True)
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.cat([weights[p]["weight"] for p in PROJECTIONS[:3]]))
        mha.in_proj_bias.copy_(torch.cat([weights[p]["bias"] for p in PROJECTIONS[:3]]))
        mha.out_proj.weight.copy_(weights["o_proj"]["weight"])
        mha.out_proj.bias.copy_(weights["o_proj"]["bias"])
    return mha.eval()


@pytest.mark.points(8)
def test_mha_with_masks_matches_nn_multihead_attention(student, reference, seed):
    """MultiHeadAttention: causal, 패딩 마스크가 있을 때 같은 가중치의 nn.MultiheadAttention과 같은 결과"""
    d_model, heads = _model_size(seed)
    model, _, weights = _mha_pair(student, reference, seed, d_model, heads)
    mha = _packed(weights, d_model, heads)
    call = watched(model, MULTIHEAD_ATTENTION)
    n, t = _ints(seed, 2, 5, 2)
    t += 2
    x = torch.randn(n, t, d_model, generator=seed)
    causal = torch.ones(t, t, dtype=torch.bool).triu(1)
    pad = torch.arange(t)[None, :] >= _lengths(seed, n, t)[:, None]
    with torch.no_grad():
        want = mha(x, x, x, attn_mask=causal, key_padding_mask=pad, average_attn_weights=False)
    got = call(x, x, x, causal | pad[:, None, None, :])
    assert_matches(got, tuple(want), name="causal + 패딩 마스크의 self-attention", rtol=1e-4, atol=1e-5)
    memory = torch.randn(n, t + 1, d_model, generator=seed)
    pad = torch.arange(t + 1)[None, :] >= _lengths(seed, n, t + 1)[:, None]
    with torch.no_grad():
        want = mha(x, memory, memory, key_padding_mask=pad, average_attn_weights=False)
    got = call(x, memory, memory, pad[:, None, None, :])
    assert_matches(got, tuple(want), name="패딩 마스크의 cross-attention", rtol=1e-4, atol=1e-5)


def _encoding(max_len, d_model):
    position = torch.arange(max_len, dtype=torch.float64)[:, None]
    angle = position / 10000.0 ** (torch.arange(0, d_model, 2, dtype=torch.float64) / d_model)
    return torch.stack([angle.sin(), angle.cos()], dim=2).reshape(max_len, d_model).float()


@pytest.mark.points(6)
def test_positional_encoding_values(student, seed):
    """positional_encoding: 여러 (max_len, d_model)에서 짝수 열 sin, 홀수 열 cos의 float32 값"""
    for _ in range(3):
        max_len, half = _ints(seed, 5, 60, 1)[0], _ints(seed, 2, 17, 1)[0]
        got = student.positional_encoding(max_len, 2 * half)
        assert_matches(got, _encoding(max_len, 2 * half), name=f"positional_encoding({max_len}, {2 * half})",
                       exact_dtype=True, rtol=0, atol=1e-4)


@pytest.mark.points(3)
def test_causal_mask_values(student, seed):
    """causal_mask: 여러 T에서 (T, T) bool, j > i인 곳만 True"""
    for t in (1, *_ints(seed, 2, 12, 2)):
        want = torch.ones(t, t, dtype=torch.bool).triu(1)
        assert_matches(student.causal_mask(t), want, name=f"causal_mask({t})", exact_dtype=True)


@pytest.mark.points(5)
def test_padding_mask_values(student, seed):
    """padding_mask: 무작위 길이에서 (N, T) bool, 길이 이후의 위치만 True (길이 = T인 문장 포함)"""
    for _ in range(3):
        n, t = _ints(seed, 2, 7, 1)[0], _ints(seed, 3, 10, 1)[0]
        lengths = _lengths(seed, n, t)
        lengths[0] = t
        want = torch.arange(t)[None, :] >= lengths[:, None]
        assert_matches(student.padding_mask(lengths, t), want, name=f"padding_mask(lengths={lengths.tolist()}, {t})",
                       exact_dtype=True)
