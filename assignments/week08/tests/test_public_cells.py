"""공개 테스트: RNN, GRU, LSTM 셀 (손으로 계산할 수 있는 작은 예)."""
import math

import pytest
import torch

try:
    from deepgrade.grading.compare import assert_matches
except ImportError:  # plain pytest or Colab, without deepgrade: the same helper, shipped with the tests
    from deepgrade_compare import assert_matches

pytestmark = [pytest.mark.problem("cells"), pytest.mark.visibility("visible")]


def sigmoid(value):
    return 1 / (1 + math.exp(-value))


@pytest.mark.points(2)
def test_rnn_cell_identity_weights(student):
    """rnn_cell: W_ih, W_hh가 단위 행렬이고 편향이 0이면 h' = tanh(x + h)"""
    x = torch.tensor([[0.5, -1.0]], dtype=torch.float64)
    h = torch.tensor([[0.25, 0.5]], dtype=torch.float64)
    eye, zero = torch.eye(2, dtype=torch.float64), torch.zeros(2, dtype=torch.float64)
    assert_matches(student.rnn_cell(x, h, eye, eye, zero, zero), torch.tanh(x + h), name="rnn_cell(x, h, I, I, 0, 0)")


@pytest.mark.points(1)
def test_rnn_cell_transposes_the_weights(student):
    """rnn_cell: W_ih는 (H, D) 형상 (D = 3, H = 2): x @ W_ih.T"""
    x = torch.tensor([[1.0, 2.0, 3.0]], dtype=torch.float64)
    W_ih = torch.tensor([[1.0, 0.0, 0.0], [0.0, 0.0, 0.1]], dtype=torch.float64)
    W_hh = torch.zeros(2, 2, dtype=torch.float64)
    got = student.rnn_cell(x, torch.zeros(1, 2, dtype=torch.float64), W_ih, W_hh, None, None)
    assert_matches(got, torch.tanh(torch.tensor([[1.0, 0.3]], dtype=torch.float64)), name="rnn_cell (편향 None)")


@pytest.mark.points(3)
def test_gru_cell_candidate_as_torch_computes_it(student):
    """gru_cell: 후보 n = tanh(i_n + r * (W_hn h + b_hn)), h' = (1 - z) * n + z * h (D = H = 1)"""
    x = torch.tensor([[1.0]], dtype=torch.float64)
    h = torch.tensor([[0.5]], dtype=torch.float64)
    W_ih = torch.zeros(3, 1, dtype=torch.float64)
    W_hh = torch.zeros(3, 1, dtype=torch.float64)
    b_ih = torch.zeros(3, dtype=torch.float64)
    b_hh = torch.tensor([0.0, 0.0, 2.0], dtype=torch.float64)  # (r, z, n): only b_hn
    r = z = 0.5  # sigmoid(0)
    n = math.tanh(r * 2.0)
    want = torch.tensor([[(1 - z) * n + z * 0.5]], dtype=torch.float64)
    assert_matches(student.gru_cell(x, h, W_ih, W_hh, b_ih, b_hh), want, name="gru_cell(...)의 h'")


@pytest.mark.points(1)
def test_gru_cell_gate_order(student):
    """gru_cell: 게이트 순서 (r, z, n): z의 편향만 크면 h' ≈ h"""
    h = torch.tensor([[0.3, -0.7]], dtype=torch.float64)
    b_ih = torch.tensor([0.0, 0.0, 30.0, 30.0, 0.0, 0.0], dtype=torch.float64)
    got = student.gru_cell(torch.ones(1, 2, dtype=torch.float64), h, torch.zeros(6, 2, dtype=torch.float64),
                           torch.zeros(6, 2, dtype=torch.float64), b_ih, None)
    assert_matches(got, h, name="z = 1일 때 gru_cell의 h'", rtol=1e-6, atol=1e-6)


@pytest.mark.points(3)
def test_lstm_cell_returns_h_then_c(student):
    """lstm_cell: 가중치가 모두 0이면 i = f = o = 0.5, g = 0: c' = 0.5 c, h' = 0.5 tanh(c'), (h', c') 순서"""
    x = torch.tensor([[1.0, 2.0]], dtype=torch.float64)
    h = torch.tensor([[0.1, 0.2, 0.3]], dtype=torch.float64)
    c = torch.tensor([[1.0, -2.0, 4.0]], dtype=torch.float64)
    zeros = torch.zeros(12, dtype=torch.float64)
    got = student.lstm_cell(x, (h, c), torch.zeros(12, 2, dtype=torch.float64), torch.zeros(12, 3, dtype=torch.float64),
                            zeros, zeros)
    c_next = 0.5 * c
    assert_matches(got, (0.5 * torch.tanh(c_next), c_next), name="lstm_cell(x, (h, c), ...)")
