"""Hidden graders for problem `cells` (40 points; the public tests add 10 -> 50).

Each cell is compared with torch's own cell (``nn.RNNCell``, ``nn.GRUCell``, ``nn.LSTMCell``)
holding the same weights, in float64, by relative error, on seeded random shapes that tell
conventions apart (D != H, N >= 2, weights in torch's (G*H, D) layout), with and without
biases. Every call runs under the forbidden-call watch (torch's cells and recurrent layers),
with the static name check beside it; the watch covers these three functions only.
"""
import pytest
import torch
from torch import nn

from deepgrade.grading.compare import assert_relative_error
from deepgrade.grading.forbidden import RECURRENT, watched

pytestmark = pytest.mark.problem("cells")

# Names a call to torch's cells leaves in the function's own code (its own names never).
CELL_NAMES = ("RNNCell", "GRUCell", "LSTMCell", "rnn_tanh_cell", "rnn_relu_cell", "_VF", "RNNBase")
GATES = {"rnn": 1, "gru": 3, "lstm": 4}
TORCH_CELLS = {"rnn": nn.RNNCell, "gru": nn.GRUCell, "lstm": nn.LSTMCell}


def _sizes(seed):
    """N, D, H with D != H (so a transposed weight cannot pass by accident)."""
    n, d, h = (int(v) for v in torch.randint(2, 7, (3,), generator=seed))
    return n, d, h if h != d else d + 1


def _case(seed, kind, bias):
    """Inputs and weights in torch's layout, and torch's cell holding the same weights."""
    n, d, h = _sizes(seed)
    rows = GATES[kind] * h
    x = torch.randn(n, d, generator=seed, dtype=torch.float64)
    state = torch.randn(n, h, generator=seed, dtype=torch.float64) * 0.8
    weights = [torch.randn(rows, d, generator=seed, dtype=torch.float64) * 0.6,
               torch.randn(rows, h, generator=seed, dtype=torch.float64) * 0.6]
    if bias:
        weights += [torch.randn(rows, generator=seed, dtype=torch.float64) * 0.5 for _ in range(2)]
    else:
        weights += [None, None]
    cell = TORCH_CELLS[kind](d, h, bias=bias, dtype=torch.float64)
    with torch.no_grad():
        cell.weight_ih.copy_(weights[0])
        cell.weight_hh.copy_(weights[1])
        if bias:
            cell.bias_ih.copy_(weights[2])
            cell.bias_hh.copy_(weights[3])
    return x, state, weights, cell


def _check_simple(student, seed, kind, bias):
    call = watched(getattr(student, f"{kind}_cell"), RECURRENT, static=CELL_NAMES)
    for _ in range(2):
        x, h, weights, cell = _case(seed, kind, bias)
        with torch.no_grad():
            want = cell(x, h)
        assert_relative_error(call(x, h, *weights), want, name=f"{kind}_cell(x, h, ...)의 h'")


def _check_lstm(student, seed, bias):
    call = watched(student.lstm_cell, RECURRENT, static=CELL_NAMES)
    for _ in range(2):
        x, h, weights, cell = _case(seed, "lstm", bias)
        c = torch.randn(h.shape, generator=seed, dtype=torch.float64)
        with torch.no_grad():
            want_h, want_c = cell(x, (h, c))
        got = call(x, (h, c), *weights)
        assert isinstance(got, (tuple, list)) and len(got) == 2, "lstm_cell은 튜플 (h', c')를 반환해야 합니다"
        assert_relative_error(got[0], want_h, name="lstm_cell의 h'")
        assert_relative_error(got[1], want_c, name="lstm_cell의 c'")


@pytest.mark.points(8)
def test_rnn_cell_matches_rnncell(student, seed):
    """rnn_cell: 무작위 형상과 가중치에서 nn.RNNCell과 같은 h' (torch의 셀 사용 금지)"""
    _check_simple(student, seed, "rnn", bias=True)


@pytest.mark.points(4)
def test_rnn_cell_without_bias(student, seed):
    """rnn_cell: 편향이 None일 때 nn.RNNCell(bias=False)와 같은 h'"""
    _check_simple(student, seed, "rnn", bias=False)


@pytest.mark.points(10)
def test_gru_cell_matches_grucell(student, seed):
    """gru_cell: 무작위 형상과 가중치에서 nn.GRUCell과 같은 h' (게이트 순서 r, z, n과 후보 식, torch의 셀 사용 금지)"""
    _check_simple(student, seed, "gru", bias=True)


@pytest.mark.points(4)
def test_gru_cell_without_bias(student, seed):
    """gru_cell: 편향이 None일 때 nn.GRUCell(bias=False)와 같은 h'"""
    _check_simple(student, seed, "gru", bias=False)


@pytest.mark.points(10)
def test_lstm_cell_matches_lstmcell(student, seed):
    """lstm_cell: 무작위 형상과 가중치에서 nn.LSTMCell과 같은 (h', c') (게이트 순서 i, f, g, o, torch의 셀 사용 금지)"""
    _check_lstm(student, seed, bias=True)


@pytest.mark.points(4)
def test_lstm_cell_without_bias(student, seed):
    """lstm_cell: 편향이 None일 때 nn.LSTMCell(bias=False)와 같은 (h', c')"""
    _check_lstm(student, seed, bias=False)
