"""9주차 과제 1: 스케일드 닷-프로덕트 어텐션, 멀티헤드 어텐션, 위치 인코딩, 마스크.

세미나 슬라이드 'Attention, Transformer, BERT'의 식을 함수로 완성합니다.
`raise NotImplementedError()`가 있는 TODO 자리를 채우세요.

공통 규칙 (채점도 이 규칙대로 합니다):
- 마스크는 bool 텐서이고, **True가 '막힘'** (그 key 위치를 보지 않음), False가 '볼 수 있음'입니다.
  nn.MultiheadAttention의 attn_mask, key_padding_mask와 같은 뜻이고, F.scaled_dot_product_attention의
  bool 마스크(True가 '참여')와는 **반대**입니다.
- 채점에서는 모든 key가 막힌 행(query)은 나오지 않습니다 (그런 행의 결과는 신경 쓰지 않아도 됩니다).
- 어텐션은 직접 계산하세요. scaled_dot_product_attention 안에서 F.scaled_dot_product_attention을,
  MultiHeadAttention 안에서 nn.MultiheadAttention(안에서 F.multi_head_attention_forward를 부릅니다)을
  쓰면 그 테스트는 실패합니다 (채점은 실제 호출을 봅니다. 주석에 적는 것은 괜찮습니다).
  쓸 수 있는 것: @(matmul), transpose, view/reshape, torch.softmax, masked_fill, nn.Linear, math.sqrt.
- 계산은 미분 가능해야 합니다 (.detach(), .item(), numpy 변환을 쓰지 마세요): 채점은 q에 대한 기울기도 봅니다.
"""
import math

import torch
from torch import nn


def scaled_dot_product_attention(q, k, v, mask=None):
    """어텐션 한 번: 튜플 (out, weights)를 반환합니다.

    - q: (..., Tq, d), k: (..., Tk, d), v: (..., Tk, dv). 앞의 '...'은 배치 차원들로, q, k, v에서 같습니다
      (예: (N,) 또는 (N, 헤드 수)). Tq와 Tk, d와 dv는 다를 수 있습니다.
    - scores = q @ k.transpose(-2, -1) / sqrt(d)      # (..., Tq, Tk), d = q.shape[-1]
    - mask (None이 아니면): scores에 브로드캐스트되는 bool 텐서 (예: (Tq, Tk), (N, 1, Tk), (N, 1, 1, Tk)).
      True인 곳의 점수를 -inf로 바꿉니다: scores.masked_fill(mask, float("-inf"))
    - weights = softmax(scores, dim=-1)                # (..., Tq, Tk), 각 행의 합은 1
    - out = weights @ v                                # (..., Tq, dv)
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


class MultiHeadAttention(nn.Module):
    """멀티헤드 어텐션 (batch_first).

    - d_model은 n_heads로 나누어떨어집니다. 한 헤드의 크기 d_head = d_model // n_heads
    - 속성 (채점은 이 네 층에 정해진 가중치를 불러와 비교합니다):
      self.q_proj, self.k_proj, self.v_proj, self.o_proj = nn.Linear(d_model, d_model) 네 개 (편향 있음)
    forward(query, key, value, mask=None) -> 튜플 (out, weights)
      - query: (N, Tq, d_model), key와 value: (N, Tk, d_model)
      1. q, k, v = q_proj(query), k_proj(key), v_proj(value)
      2. 헤드로 나누기: (N, T, d_model) -> view(N, T, n_heads, d_head) -> transpose(1, 2) -> (N, n_heads, T, d_head)
         (헤드 h는 d_model 중 h * d_head번째부터 d_head개의 열입니다)
      3. 위의 scaled_dot_product_attention(q, k, v, mask)로 헤드마다 어텐션
         mask: (N, n_heads, Tq, Tk)에 브로드캐스트되는 bool 텐서, 예: causal_mask(T)의 (T, T),
         padding_mask(lengths, T)[:, None, None, :]의 (N, 1, 1, Tk)
      4. 헤드 합치기: (N, n_heads, Tq, d_head) -> transpose(1, 2) -> reshape(N, Tq, d_model) -> o_proj
      - 반환: out (N, Tq, d_model), weights (N, n_heads, Tq, Tk): **헤드별** 가중치 (평균 내지 않습니다)
    nn.MultiheadAttention(d_model, n_heads, batch_first=True)에 in_proj_weight = cat(q, k, v 가중치),
    out_proj = o_proj를 넣고 average_attn_weights=False로 부른 결과와 같습니다.
    """

    def __init__(self, d_model, n_heads):
        super().__init__()
        # TODO: 여기에 코드를 작성하세요
        raise NotImplementedError()

    def forward(self, query, key, value, mask=None):
        # TODO: 여기에 코드를 작성하세요
        raise NotImplementedError()


def positional_encoding(max_len, d_model):
    """사인/코사인 위치 인코딩: (max_len, d_model) float32 텐서를 반환합니다 (d_model은 짝수).

    위치 pos (0부터)와 i = 0, 1, ..., d_model/2 - 1에 대해
        PE[pos, 2i]     = sin(pos / 10000 ** (2i / d_model))     # 짝수 열: sin
        PE[pos, 2i + 1] = cos(pos / 10000 ** (2i / d_model))     # 홀수 열: cos
    예: PE[0] = [0, 1, 0, 1, ...], d_model = 4이면 PE[1] = [sin 1, cos 1, sin 0.01, cos 0.01]
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def causal_mask(T):
    """디코더의 미래 가리기 마스크: (T, T) bool 텐서, mask[i, j] = True (막힘)인 것은 j > i일 때입니다.

    i번째 query는 0..i번째 key만 봅니다 (대각선은 False). 예: causal_mask(3) =
        [[False, True,  True ],
         [False, False, True ],
         [False, False, False]]
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def padding_mask(lengths, T):
    """패딩 마스크: (N, T) bool 텐서, mask[n, t] = True (막힘)인 것은 t >= lengths[n]일 때입니다.

    - lengths: (N,) 정수 텐서, 각 문장의 실제 길이 (1 이상 T 이하). 그 뒤의 위치는 패딩입니다.
    예: padding_mask(torch.tensor([2, 4]), 4) = [[False, False, True, True], [False, False, False, False]]
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()
