"""Week 8: careless and adversarial submissions score exactly what they earn, test by test."""
from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.slow

GRU = ["i_r, i_z, i_n = F.linear(x, W_ih, b_ih).chunk(3, dim=1)",
       "h_r, h_z, h_n = F.linear(h, W_hh, b_hh).chunk(3, dim=1)",
       "r = torch.sigmoid(i_r + h_r)", "z = torch.sigmoid(i_z + h_z)", "{candidate}", "{result}"]
TORCH_GRU = "n = torch.tanh(i_n + r * h_n)"
# The textbook's candidate: the reset gate applied to h before W_hn.
TEXTBOOK_GRU = ["W_hn = W_hh.chunk(3, dim=0)[2]", "b_hn = 0 if b_hh is None else b_hh.chunk(3)[2]",
                "n = torch.tanh(i_n + (r * h) @ W_hn.T + b_hn)"]
CHAR_RNN = ["chars = sorted(set(text))", "index = {char: number for number, char in enumerate(chars)}",
            "ids = torch.tensor([index[char] for char in text])", "inputs, targets = ids[:-1].unsqueeze(0), ids[1:]",
            "torch.manual_seed(int(torch.randint(0, 2**31 - 1, (1,), generator=generator)))",
            "model = Decoder(len(chars), 16, 64)", "optimizer = torch.optim.SGD(model.parameters(), lr=0.5, momentum=0.9)",
            "for _ in range(steps):", "    {zero_grad}", "    logits, _ = model(inputs, None)",
            "    loss = F.cross_entropy(logits[0], targets)", "    loss.backward()", "    optimizer.step()",
            "with torch.no_grad():", "    logits, _ = model(inputs, None)",
            "return ''.join(chars[number] for number in logits[0].argmax(dim=1).tolist())"]


def _gru(candidate: list[str], result: str = "return (1 - z) * n + z * h") -> list[str]:
    return [line for template in GRU for line in (candidate if template == "{candidate}" else
                                                   [template.format(result=result)])]


def test_answers_copied_from_the_public_tests_earn_only_the_public_points(copied_public_answers: Any) -> None:
    assert copied_public_answers(8).points == 20


def test_torchs_own_cells_inside_the_cell_functions_fail_those_tests_by_name(
        grade: Any, submission: Any, points_of: Any, check_case: Any) -> None:
    files = submission(8, {"cells.py": {
        "rnn_cell": ["return torch.rnn_tanh_cell(x, h, W_ih, W_hh, b_ih, b_hh)"],
        "gru_cell": ["return torch.gru_cell(x, h, W_ih, W_hh, b_ih, b_hh)"],
        "lstm_cell": ["cell = torch.nn.LSTMCell(x.shape[1], W_hh.shape[1], bias=b_ih is not None, dtype=x.dtype)",
                      "with torch.no_grad():", "    cell.weight_ih.copy_(W_ih)", "    cell.weight_hh.copy_(W_hh)",
                      "    if b_ih is not None:", "        cell.bias_ih.copy_(b_ih)", "        cell.bias_hh.copy_(b_hh)",
                      "    return cell(x, state)"],
    }})
    check_case(grade(8, files), points_of(8), {
        "test_rnn_cell_matches_rnncell": "`rnn_cell` 안에서 torch.rnn_tanh_cell을(를) 호출했습니다",
        "test_rnn_cell_without_bias": "torch.rnn_tanh_cell",
        "test_gru_cell_matches_grucell": "`gru_cell` 안에서 torch.gru_cell을(를) 호출했습니다",
        "test_gru_cell_without_bias": "torch.gru_cell",
        "test_lstm_cell_matches_lstmcell": "`lstm_cell` 안에서 torch.lstm_cell을(를) 호출했습니다",
        "test_lstm_cell_without_bias": "torch.lstm_cell"})


@pytest.mark.parametrize("case, file, changes, failing", [
    ("the textbook's GRU candidate (reset gate before W_hn)", "cells.py", {"gru_cell": _gru(TEXTBOOK_GRU)},
     {"test_gru_cell_candidate_as_torch_computes_it": "", "test_gru_cell_matches_grucell": "gru_cell(x, h, ...)의 h'",
      "test_gru_cell_without_bias": "gru_cell(x, h, ...)의 h'"}),
    ("a missing return in gru_cell", "cells.py", {"gru_cell": _gru([TORCH_GRU], result="(1 - z) * n + z * h")},
     {"test_gru_cell_candidate_as_torch_computes_it": "", "test_gru_cell_gate_order": "",
      "test_gru_cell_matches_grucell": "텐서를 반환해야 합니다 (받은 값: None)",
      "test_gru_cell_without_bias": "받은 값: None"}),
    ("lstm_cell returns (c, h)", "cells.py", {"lstm_cell": [
        "h, c = state", "gates = F.linear(x, W_ih, b_ih) + F.linear(h, W_hh, b_hh)", "i, f, g, o = gates.chunk(4, dim=1)",
        "c_next = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)",
        "return c_next, torch.sigmoid(o) * torch.tanh(c_next)"]},
     {"test_lstm_cell_returns_h_then_c": "", "test_lstm_cell_matches_lstmcell": "lstm_cell의 h'",
      "test_lstm_cell_without_bias": "lstm_cell의 h'"}),
    ("a training loop without zero_grad: gradients pile up, SGD with momentum learns nothing", "seq2seq.py",
     {"train_char_rnn": [line.replace("{zero_grad}", "pass") for line in CHAR_RNN]},
     {"test_train_char_rnn_learns_hihello": "'ihello'이어야 합니다",
      "test_train_char_rnn_memorises_random_strings": "다음 글자를 맞힌 비율"}),
    ("weights of the student's own initialisation (extra layers first, another order)", "seq2seq.py", {
        "Encoder.__init__": ["super().__init__()", "self.extra = nn.Linear(4, 4)  # never used; shifts the random stream",
                             "self.gru = nn.GRU(emb_dim, hidden_dim, batch_first=True)",
                             "self.embedding = nn.Embedding(vocab_size, emb_dim)"],
        "Decoder.__init__": ["super().__init__()", "self.dropout = nn.Dropout(0.0)",
                             "self.out = nn.Linear(hidden_dim, vocab_size)",
                             "self.gru = nn.GRU(emb_dim, hidden_dim, batch_first=True)",
                             "self.embedding = nn.Embedding(vocab_size, emb_dim)"]},
     {}),
])
def test_careless_submission_loses_exactly_its_tests(case: str, file: str, changes: dict[str, list[str]],
                                                     failing: dict[str, str], grade: Any, submission: Any,
                                                     points_of: Any, check_case: Any) -> None:
    check_case(grade(8, submission(8, {file: changes})), points_of(8), failing)


def test_a_leftover_print_in_the_middle_costs_only_the_functions_after_it(
        grade: Any, submission: Any, reference_sources: Any, points_of: Any, check_case: Any) -> None:
    cells = reference_sources(8)["cells.py"]
    cut = cells.index("\n\ndef gru_cell")
    files = submission(8, {"cells.py": cells[:cut] + "\n\n\nprint(rnn_cell(x, h, W_ih, W_hh, b_ih, b_hh))" + cells[cut:]})
    line = files["cells.py"][:files["cells.py"].index("print(rnn_cell")].count("\n") + 1
    stopped = f"{line}번째 줄에서 멈춰서"
    check_case(grade(8, files), points_of(8), {name: stopped for name in (
        "test_gru_cell_candidate_as_torch_computes_it", "test_gru_cell_gate_order", "test_lstm_cell_returns_h_then_c",
        "test_gru_cell_matches_grucell", "test_gru_cell_without_bias", "test_lstm_cell_matches_lstmcell",
        "test_lstm_cell_without_bias")})


def test_a_leftover_training_call_at_the_end_costs_nothing(
        grade: Any, submission: Any, reference_sources: Any, points_of: Any, check_case: Any) -> None:
    seq2seq = reference_sources(8)["seq2seq.py"]
    files = submission(8, {"seq2seq.py": seq2seq + '\n\nprint(train_char_rnn("hihello", 200, torch.Generator()))\n'})
    result = grade(8, files)
    check_case(result, points_of(8), {})
