"""Hidden graders for problem `bert_mask` (27 points; the public tests add 8 -> 35).

- mask_tokens exactly as the reference for the same generator (the stub states the three
  draws, their order and their shape), on several shapes, p, special tokens.
- Its statistics on 10,000 tokens: the share of chosen tokens among non-special ones, and the
  80/10/10 split among them, within margins calibrated on the reference.
- ids left as they were (checked where the student's code runs), specials never chosen.
"""
import pytest
import torch

from deepgrade.grading.compare import assert_matches
from deepgrade.sandbox import remote

pytestmark = pytest.mark.problem("bert_mask")


def _subseed(seed):
    return int(torch.randint(0, 2**31 - 1, (1,), generator=seed))


def _case(seed):
    """ids over a vocabulary whose first four ids are special; a sentence starts with [CLS]=1."""
    vocab = int(torch.randint(20, 60, (1,), generator=seed))
    n, t = (int(v) for v in torch.randint(2, 9, (2,), generator=seed))
    ids = torch.randint(4, vocab, (n, t), generator=seed)
    ids[:, 0] = 1
    ids[0, -1] = 0  # [PAD]
    return vocab, ids


@pytest.mark.points(13)
def test_mask_tokens_exact_for_a_generator(student, reference, seed):
    """mask_tokens: 같은 generator이면 과제 설명의 세 난수 호출대로 기준 구현과 똑같은 (inputs, labels)"""
    for p in (0.15, 0.5, float(torch.rand(1, generator=seed))):
        vocab, ids = _case(seed)
        number, specials, mask_id = _subseed(seed), [0, 1, 2], 3
        got = student.mask_tokens(ids, vocab, mask_id, specials, torch.Generator().manual_seed(number), p=p)
        want = reference.mask_tokens(ids, vocab, mask_id, specials, torch.Generator().manual_seed(number), p=p)
        assert_matches(got, want, name=f"mask_tokens(ids {tuple(ids.shape)}, p={p:.3g})", exact_dtype=True)


@pytest.mark.points(9)
@pytest.mark.threshold("chosen_error", at_most=0.03, margin=0.01, label="고른 비율과 p의 차이")
@pytest.mark.threshold("masked_error", at_most=0.08, margin=0.03, label="고른 토큰 중 [MASK] 비율과 0.8의 차이")
@pytest.mark.threshold("kept_error", at_most=0.05, margin=0.02, label="고른 토큰 중 그대로인 비율과 0.1의 차이")
def test_mask_tokens_statistics_on_ten_thousand_tokens(student, seed, metric):
    """mask_tokens: 토큰 1만 개에서 약 p만큼 고르고, 고른 것의 약 80%는 [MASK], 약 10%는 그대로"""
    vocab, mask_id, specials = 1000, 3, [0, 1, 2]
    ids = torch.randint(4, vocab, (100, 100), generator=seed)
    ids[:, 0] = 1
    p = 0.1 + 0.2 * float(torch.rand(1, generator=seed))
    inputs, labels = student.mask_tokens(ids, vocab, mask_id, specials, torch.Generator().manual_seed(_subseed(seed)),
                                         p=p)
    assert isinstance(labels, torch.Tensor) and tuple(labels.shape) == (100, 100), "labels는 ids와 같은 형상이어야 합니다"
    assert isinstance(inputs, torch.Tensor) and tuple(inputs.shape) == (100, 100), "inputs는 ids와 같은 형상이어야 합니다"
    chosen = labels != -100
    assert_matches(labels[chosen], ids[chosen], name="고른 위치의 labels (원래 토큰)")
    assert not chosen[:, 0].any(), "특수 토큰([CLS])을 골랐습니다: 특수 토큰은 고르지 않습니다"
    assert_matches(inputs[~chosen], ids[~chosen], name="고르지 않은 위치의 inputs (그대로여야 합니다)")
    count = int(chosen.sum())
    assert count > 0, "토큰을 하나도 고르지 않았습니다"
    metric(abs(count / chosen[:, 1:].numel() - p), "chosen_error")
    metric(abs((inputs[chosen] == mask_id).double().mean().item() - 0.8), "masked_error")
    metric(abs((inputs[chosen] == ids[chosen]).double().mean().item() - 0.1 - 0.1 / vocab), "kept_error")


@pytest.mark.points(5)
def test_mask_tokens_leaves_ids_and_specials_alone(student, seed):
    """mask_tokens: 받은 ids를 바꾸지 않고, p = 1이어도 특수 토큰은 고르지 않음"""
    vocab, ids = _case(seed)
    near = student.mask_tokens
    ids_there = remote.put(near, ids.clone())
    inputs, labels = near(ids_there, vocab, 3, [0, 1, 2], torch.Generator().manual_seed(_subseed(seed)), p=1.0)
    assert_matches(remote.fetch(ids_there), ids, name="mask_tokens를 부른 뒤의 ids (바뀌면 안 됩니다)")
    special = (ids == 0) | (ids == 1)
    want_labels = torch.where(special, torch.full_like(ids, -100), ids)
    assert_matches(labels, want_labels, name="p = 1일 때의 labels (특수 토큰만 -100)")
    assert_matches(inputs[special], ids[special], name="특수 토큰 위치의 inputs (그대로여야 합니다)")
