"""Week 9: careless and adversarial submissions score exactly what they earn, test by test."""
from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.slow

ENCODING = ["position = torch.arange(max_len, dtype=torch.float64).unsqueeze(1)",
            "rates = 10000.0 ** (torch.arange(0, d_model, 2, dtype=torch.float64) {divide} d_model)",
            "encoding = torch.zeros(max_len, d_model, dtype=torch.float64)",
            "encoding[:, 0::2] = torch.sin(position / rates)", "encoding[:, 1::2] = torch.cos(position / rates)",
            "return encoding.float()"]
MASK_TOKENS = ["{draws}",
               "special = torch.isin(ids, torch.tensor(list(special_ids), dtype=ids.dtype))",
               "selected = (chosen < p) & ~special",
               "labels = torch.where(selected, ids, torch.full_like(ids, -100))",
               "inputs = {inputs}",
               "inputs[selected & (action < 0.8)] = mask_id",
               "replace = selected & (action >= 0.8) & (action < 0.9)",
               "inputs[replace] = random_ids[replace]",
               "return inputs, labels"]
DRAWS = ["chosen = torch.rand(ids.shape, generator=generator)", "action = torch.rand(ids.shape, generator=generator)",
         "random_ids = torch.randint(0, vocab_size, ids.shape, generator=generator)"]


def _mask_tokens(draws: list[str] = DRAWS, inputs: str = "ids.clone()") -> list[str]:
    lines: list[str] = []
    for line in MASK_TOKENS:
        lines += draws if line == "{draws}" else [line.replace("{inputs}", inputs)]
    return lines


def test_answers_copied_from_the_public_tests_earn_only_the_public_points(copied_public_answers: Any) -> None:
    assert copied_public_answers(9).points == 20


def test_the_fused_attention_inside_the_attention_fails_its_tests_by_name(
        grade: Any, submission: Any, points_of: Any, check_case: Any) -> None:
    files = submission(9, {"attention.py": {"scaled_dot_product_attention": [
        "scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])",
        "if mask is not None:", "    scores = scores.masked_fill(mask, float('-inf'))",
        "out = torch.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=None if mask is None else ~mask)",
        "return out, torch.softmax(scores, dim=-1)"]}})
    check_case(grade(9, files), points_of(9), {
        "test_sdpa_without_mask": ("`scaled_dot_product_attention` 안에서 "
                                   "torch.nn.functional.scaled_dot_product_attention을(를) 호출했습니다"),
        "test_sdpa_with_masks": "torch.nn.functional.scaled_dot_product_attention"})


def test_nn_multihead_attention_inside_multi_head_attention_fails_its_tests_by_name(
        grade: Any, submission: Any, points_of: Any, check_case: Any) -> None:
    files = submission(9, {"attention.py": {
        "MultiHeadAttention.__init__": [
            "super().__init__()", "self.n_heads = n_heads",
            "self.q_proj = nn.Linear(d_model, d_model)", "self.k_proj = nn.Linear(d_model, d_model)",
            "self.v_proj = nn.Linear(d_model, d_model)", "self.o_proj = nn.Linear(d_model, d_model)"],
        "MultiHeadAttention.forward": [
            "attention = nn.MultiheadAttention(query.shape[-1], self.n_heads, batch_first=True)",
            "with torch.no_grad():",
            "    attention.in_proj_weight.copy_(torch.cat([self.q_proj.weight, self.k_proj.weight, self.v_proj.weight]))",
            "    attention.in_proj_bias.copy_(torch.cat([self.q_proj.bias, self.k_proj.bias, self.v_proj.bias]))",
            "    attention.out_proj.load_state_dict(self.o_proj.state_dict())",
            "if mask is not None:",
            "    mask = mask.expand(query.shape[0], self.n_heads, query.shape[1], key.shape[1])",
            "    mask = mask.reshape(-1, query.shape[1], key.shape[1])",
            "return attention(query, key, value, attn_mask=mask, average_attn_weights=False)"]}})
    check_case(grade(9, files), points_of(9), {
        "test_mha_outputs_with_grader_weights": "torch.nn.functional.multi_head_attention_forward을(를) 호출했습니다",
        "test_mha_with_masks_matches_nn_multihead_attention": "torch.nn.functional.multi_head_attention_forward"})


@pytest.mark.parametrize("case, file, changes, failing", [
    ("// for / in the encoding's exponent", "attention.py",
     {"positional_encoding": [line.replace("{divide}", "//") for line in ENCODING]},
     {"test_positional_encoding_small": "", "test_positional_encoding_values": "positional_encoding("}),
    ("True in the mask read as 'may attend' (F.scaled_dot_product_attention's sense)", "attention.py",
     {"scaled_dot_product_attention": [
         "scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])",
         "if mask is not None:", "    scores = scores.masked_fill(~mask, float('-inf'))",
         "weights = torch.softmax(scores, dim=-1)", "return weights @ v, weights"]},
     {"test_sdpa_true_in_the_mask_means_blocked": "", "test_sdpa_with_masks": "weights",
      "test_sdpa_gradient_with_respect_to_q": "", "test_mha_with_masks_matches_nn_multihead_attention": ""}),
    ("a missing return in causal_mask", "attention.py",
     {"causal_mask": ["torch.ones(T, T, dtype=torch.bool).triu(diagonal=1)"]},
     {"test_causal_and_padding_masks": "", "test_causal_mask_values": "받은 값: None"}),
    ("weights averaged over the heads", "attention.py", {"MultiHeadAttention.forward": [
        "n, tq, d_model = query.shape",
        "q = self.q_proj(query).view(n, tq, self.n_heads, self.d_head).transpose(1, 2)",
        "k = self.k_proj(key).view(n, key.shape[1], self.n_heads, self.d_head).transpose(1, 2)",
        "v = self.v_proj(value).view(n, value.shape[1], self.n_heads, self.d_head).transpose(1, 2)",
        "out, weights = scaled_dot_product_attention(q, k, v, mask)",
        "return self.o_proj(out.transpose(1, 2).reshape(n, tq, d_model)), weights.mean(dim=1)"]},
     {"test_multi_head_attention_shapes": "헤드별", "test_mha_outputs_with_grader_weights": "형상(shape)",
      "test_mha_with_masks_matches_nn_multihead_attention": "형상(shape)"}),
    ("the three draws in another order", "bert_mask.py",
     {"mask_tokens": _mask_tokens(draws=[DRAWS[0], DRAWS[2], DRAWS[1]])},
     {"test_mask_tokens_exact_for_a_generator": "mask_tokens(ids"}),
    ("ids changed in place", "bert_mask.py", {"mask_tokens": _mask_tokens(inputs="ids")},
     {"test_mask_tokens_leaves_ids_and_specials_alone": "바뀌면 안 됩니다"}),
    ("weights of the student's own initialisation (an extra layer, another order)", "attention.py", {
        "MultiHeadAttention.__init__": [
            "super().__init__()", "self.dropout = nn.Dropout(0.0)", "self.extra = nn.Linear(3, 3)  # never used",
            "self.n_heads, self.d_head = n_heads, d_model // n_heads",
            "self.o_proj = nn.Linear(d_model, d_model)", "self.v_proj = nn.Linear(d_model, d_model)",
            "self.k_proj = nn.Linear(d_model, d_model)", "self.q_proj = nn.Linear(d_model, d_model)"]},
     {}),
])
def test_careless_submission_loses_exactly_its_tests(case: str, file: str, changes: dict[str, list[str]],
                                                     failing: dict[str, str], grade: Any, submission: Any,
                                                     points_of: Any, check_case: Any) -> None:
    check_case(grade(9, submission(9, {file: changes})), points_of(9), failing)


def test_torchs_spelling_multihead_attention_is_graded_with_a_note(spelled_in_another_case: Any) -> None:
    spelled_in_another_case(9, "attention.py", "MultiHeadAttention", "MultiheadAttention")


def test_a_leftover_print_in_the_middle_costs_only_the_names_after_it(
        grade: Any, submission: Any, reference_sources: Any, points_of: Any, check_case: Any) -> None:
    attention = reference_sources(9)["attention.py"]
    cut = attention.index("\n\nclass MultiHeadAttention")
    text = attention[:cut] + "\n\n\nprint(scaled_dot_product_attention(q, k, v))" + attention[cut:]
    line = text[:text.index("print(scaled_dot_product_attention")].count("\n") + 1
    stopped = f"{line}번째 줄에서 멈춰서"
    check_case(grade(9, submission(9, {"attention.py": text})), points_of(9), {name: stopped for name in (
        "test_causal_and_padding_masks", "test_positional_encoding_small", "test_multi_head_attention_shapes",
        "test_mha_outputs_with_grader_weights", "test_mha_with_masks_matches_nn_multihead_attention",
        "test_positional_encoding_values", "test_causal_mask_values", "test_padding_mask_values")})
