"""8주차 과제 2: GRU 인코더-디코더(Seq2Seq), 탐욕적 디코딩, 문자 단위 RNN 학습.

`raise NotImplementedError()`가 있는 TODO 자리를 채우세요.
이 파일에서는 nn.GRU, nn.Embedding, nn.Linear 같은 PyTorch의 층을 마음껏 쓰세요
(셀을 직접 구현하는 규칙은 cells.py에만 적용됩니다).

공통 규칙:
- 토큰은 0부터 vocab_size - 1까지의 정수 번호이고, 토큰 텐서의 dtype은 torch.long(int64)입니다.
- 모든 GRU는 1층, 단방향, **batch_first=True**입니다: 입력 (N, T, emb_dim), 은닉 상태 (1, N, hidden_dim).
- 채점은 아래에 적힌 속성(embedding, gru, out)에 정해진 가중치를 불러와 출력을 비교합니다.
  속성 이름과 층의 모양을 그대로 만드세요 (다른 층을 더 두어도 되지만, forward에서 쓰면 안 됩니다).
"""
import torch
import torch.nn.functional as F
from torch import nn


class Encoder(nn.Module):
    """원문 토큰을 읽어 문장 전체를 요약한 은닉 상태를 만듭니다.

    - self.embedding = nn.Embedding(vocab_size, emb_dim)
    - self.gru = nn.GRU(emb_dim, hidden_dim, batch_first=True)
    forward(src): src (N, S) 토큰 -> 튜플 (outputs, hidden)
        embedding -> gru (처음 은닉 상태는 0, 즉 gru에 넘기지 않음), nn.GRU가 돌려주는 그대로:
        outputs (N, S, hidden_dim), hidden (1, N, hidden_dim)
    """

    def __init__(self, vocab_size, emb_dim, hidden_dim):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, emb_dim)
        self.gru = nn.GRU(emb_dim, hidden_dim, batch_first=True)

    def forward(self, src):
        return self.gru(self.embedding(src))


class Decoder(nn.Module):
    """이전 토큰과 은닉 상태로 다음 토큰의 점수(로짓)를 냅니다.

    - self.embedding = nn.Embedding(vocab_size, emb_dim)
    - self.gru = nn.GRU(emb_dim, hidden_dim, batch_first=True)
    - self.out = nn.Linear(hidden_dim, vocab_size)
    forward(tokens, hidden): tokens (N, T) 토큰, hidden (1, N, hidden_dim) 또는 None (0으로 시작)
        -> 튜플 (logits, hidden)
        embedding -> gru(임베딩, hidden) -> 각 시점의 gru 출력에 out
        logits (N, T, vocab_size) (소프트맥스는 하지 않습니다), hidden은 gru가 돌려준 새 은닉 상태 (1, N, hidden_dim)
    """

    def __init__(self, vocab_size, emb_dim, hidden_dim):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, emb_dim)
        self.gru = nn.GRU(emb_dim, hidden_dim, batch_first=True)
        self.out = nn.Linear(hidden_dim, vocab_size)

    def forward(self, tokens, hidden):
        outputs, hidden = self.gru(self.embedding(tokens), hidden)
        return self.out(outputs), hidden


def greedy_decode(encoder, decoder, src, max_len, sos_id, eos_id):
    """문장 하나를 탐욕적(greedy)으로 번역합니다: 만든 토큰 번호의 리스트 (파이썬 int)를 반환합니다.

    - src: (S,) **1차원** 토큰 텐서, 문장 하나입니다 (배치 차원 없음).
      encoder에는 src.unsqueeze(0)으로 (1, S)를 넣고, 그 hidden으로 디코더를 시작합니다.
    - 디코더의 첫 입력은 sos_id 토큰 하나입니다: torch.tensor([[sos_id]]) (형상 (1, 1)).
    - 한 단계: logits, hidden = decoder(토큰 (1, 1), hidden) -> 다음 토큰 = logits[0, -1]의 argmax
      (가장 큰 값이 여럿이면 가장 작은 번호: torch.argmax 그대로). 그 토큰을 결과에 붙이고,
      다음 단계의 입력으로 씁니다.
    - eos_id가 나오면 **eos까지 결과에 붙이고** 멈춥니다. sos_id는 결과에 넣지 않습니다.
    - max_len: 만들 토큰 수의 최댓값 (eos 포함). eos가 나오지 않으면 정확히 max_len개를 만듭니다.
    - torch.no_grad() 안에서 계산하세요.
    예: 디코더가 5, 2, eos(1) 순서로 내면 [5, 2, 1]; max_len = 2이면 [5, 2]
    """
    tokens = []
    with torch.no_grad():
        _, hidden = encoder(src.unsqueeze(0))
        token = sos_id
        for _ in range(max_len):
            logits, hidden = decoder(torch.tensor([[token]]), hidden)
            token = int(logits[0, -1].argmax())
            tokens.append(token)
            if token == eos_id:
                break
    return tokens


def train_char_rnn(text, steps, generator):
    """문자 단위 RNN이 text의 **다음 글자**를 맞히도록 학습하고, 학습한 모델의 예측을 문자열로 반환합니다.

    ("hihello"에서 h -> i, i -> h, h -> e, ...를 배우는 예제입니다. 같은 글자 h 다음에 i도 오고 e도
     오므로, 앞의 글자들을 기억하는 RNN이라야 맞힐 수 있습니다.)
    - 글자 목록 chars = sorted(set(text)), 각 글자의 번호는 chars 안의 위치입니다.
    - 입력: text[:-1]의 번호들, 형상 (1, len(text) - 1); 정답: text[1:]의 번호들, 형상 (len(text) - 1,)
    - 모델: **만들기 바로 전에** 전역 난수를 generator로 정합니다 (generator가 유일한 난수의 출처):
          torch.manual_seed(int(torch.randint(0, 2**31 - 1, (1,), generator=generator)))
      그다음 Decoder(len(chars), 16, 64)를 만듭니다 (위의 Decoder; 같은 층을 직접 만들어도 됩니다).
      은닉 상태는 매번 None(0)에서 시작합니다.
    - 학습: torch.optim.SGD(model.parameters(), lr=0.5, momentum=0.9)로 steps번. 한 번에 문자열 전체를 씁니다:
      zero_grad -> 순전파 -> F.cross_entropy(로짓 (L-1, V), 정답) (평균) -> backward -> step
    - 반환: 학습이 끝난 뒤 같은 입력에 대한 각 위치의 예측 글자(로짓의 argmax)를 이어 붙인 문자열,
      길이 len(text) - 1. 다 외웠다면 text[1:]과 같습니다 (예: "hihello" -> "ihello").
      steps = 0이면 학습하지 않은 모델의 예측입니다.
    """
    chars = sorted(set(text))
    index = {char: number for number, char in enumerate(chars)}
    ids = torch.tensor([index[char] for char in text])
    inputs, targets = ids[:-1].unsqueeze(0), ids[1:]
    torch.manual_seed(int(torch.randint(0, 2**31 - 1, (1,), generator=generator)))
    model = Decoder(len(chars), 16, 64)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5, momentum=0.9)
    for _ in range(steps):
        optimizer.zero_grad()
        logits, _ = model(inputs, None)
        loss = F.cross_entropy(logits[0], targets)
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        logits, _ = model(inputs, None)
    return "".join(chars[number] for number in logits[0].argmax(dim=1).tolist())
