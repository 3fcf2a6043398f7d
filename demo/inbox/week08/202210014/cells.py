"""8주차 과제 1: RNN, GRU, LSTM 셀의 한 단계를 직접 구현하기.

세미나 슬라이드 'RNN 심화'의 식을 함수로 완성합니다.
`raise NotImplementedError()`가 있는 TODO 자리를 채우세요.

공통 규칙 (채점도 이 규칙대로 합니다):
- x: (N, D) 입력 (N: 배치 크기, D: 입력 크기), h: (N, H) 이전 은닉 상태 (H: 은닉 크기).
  늘 배치가 있는 2차원 입력으로 채점합니다 (1차원 (D,) 입력은 쓰지 않습니다).
- 가중치는 PyTorch의 nn.RNNCell, nn.GRUCell, nn.LSTMCell과 **같은 배치(layout)** 입니다.
  게이트가 G개이면 W_ih: (G*H, D), W_hh: (G*H, H), b_ih, b_hh: (G*H,)입니다
  (RNN G = 1, GRU G = 3, LSTM G = 4). 그래서 x @ W_ih.T처럼 **전치해서** 곱합니다.
  게이트는 이 순서로 위에서부터 H행씩 쌓여 있습니다: GRU (r, z, n), LSTM (i, f, g, o).
- b_ih와 b_hh는 **None일 수 있습니다** (편향이 없는 셀, bias=False). None이면 더하지 않습니다.
- 결과는 입력과 같은 dtype의 새 텐서입니다. 받은 텐서를 제자리(in-place)에서 바꾸지 마세요.
- 쓸 수 있는 것: @(matmul), F.linear, torch.sigmoid, torch.tanh, chunk, 슬라이싱, +, *.
  torch에 이미 있는 셀과 순환층(nn.RNNCell, nn.GRUCell, nn.LSTMCell, nn.RNN, nn.GRU, nn.LSTM,
  torch.rnn_tanh_cell, torch.gru_cell, torch.lstm_cell 등)을 쓰면 그 테스트는 실패합니다
  (채점은 실제 호출을 봅니다. 주석이나 docstring에 이름을 적는 것은 괜찮습니다).
  이 규칙은 cells.py의 세 함수에만 적용됩니다 (seq2seq.py에서는 nn.GRU를 씁니다).
- 채점은 float64 입력으로, 같은 가중치를 넣은 nn.RNNCell, nn.GRUCell, nn.LSTMCell과 비교합니다.
"""
import torch
import torch.nn.functional as F


def rnn_cell(x, h, W_ih, W_hh, b_ih, b_hh):
    """기본 RNN(tanh) 셀 한 단계: 다음 은닉 상태 h' (N, H)를 반환합니다.

    h' = tanh(x @ W_ih.T + b_ih + h @ W_hh.T + b_hh)
    (W_ih: (H, D), W_hh: (H, H), b_ih, b_hh: (H,) 또는 None)
    """
    raise NotImplementedError()


def gru_cell(x, h, W_ih, W_hh, b_ih, b_hh):
    """GRU 셀 한 단계: 다음 은닉 상태 h' (N, H)를 반환합니다. **torch와 똑같이** 계산하세요.

    W_ih: (3H, D), W_hh: (3H, H)는 (r, z, n) 순서로 H행씩 나뉩니다 (b_ih, b_hh도 같은 순서).
        gi = x @ W_ih.T + b_ih   -> (i_r, i_z, i_n)으로 나눔 (각 (N, H))
        gh = h @ W_hh.T + b_hh   -> (h_r, h_z, h_n)으로 나눔
        r = sigmoid(i_r + h_r)                 # 리셋 게이트
        z = sigmoid(i_z + h_z)                 # 업데이트 게이트
        n = tanh(i_n + r * h_n)                # 후보: r은 **편향 b_hn까지 더한** h_n 전체에 곱합니다
        h' = (1 - z) * n + z * h
    (교과서에 따라 n = tanh(W_in x + W_hn (r * h) + ...)으로 쓰기도 하지만, 이 과제는 위의 torch 식입니다.)
    """
    raise NotImplementedError()


def lstm_cell(x, state, W_ih, W_hh, b_ih, b_hh):
    """LSTM 셀 한 단계: 튜플 (h', c')를 반환합니다 (이 순서, 각 (N, H)).

    - state: 튜플 (h, c), 이전 은닉 상태와 셀 상태 (각 (N, H))
    - W_ih: (4H, D), W_hh: (4H, H)는 (i, f, g, o) 순서로 H행씩 나뉩니다 (편향도 같은 순서).
        gates = x @ W_ih.T + b_ih + h @ W_hh.T + b_hh   -> (i, f, g, o)로 나눔
        i, f, o = sigmoid(i), sigmoid(f), sigmoid(o)    # 입력, 망각, 출력 게이트
        g = tanh(g)                                     # 새로 쓸 내용
        c' = f * c + i * g
        h' = o * tanh(c')
    """
    raise NotImplementedError()
