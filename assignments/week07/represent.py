"""7주차 과제 2: 토큰 번호를 벡터로 (원-핫, 패딩, 임베딩).

세미나 슬라이드 'RNN 기초: Representation'의 표현 방법을 함수와 모델로 만듭니다.
`raise NotImplementedError()`가 있는 TODO 자리를 채우세요.
번호는 tokenizer.py와 같습니다: 0 = "<pad>", 1 = "<unk>", 2 = "<sos>", 3 = "<eos>", 단어는 4부터.
"""
import torch
import torch.nn.functional as F
from torch import nn


def one_hot(ids, vocab_size):
    """번호 텐서 ids(torch.long, 어떤 형상이든)를 원-핫 벡터로: 형상 ids.shape + (vocab_size,),
    자료형 **torch.float32** (0.0과 1.0).

    예: one_hot(torch.tensor([2, 0]), 4) -> tensor([[0., 0., 1., 0.], [1., 0., 0., 0.]])
    (F.one_hot을 써도 되지만 그 결과는 정수(long)이니 float로 바꾸세요.)
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def pad_collate(batch):
    """길이가 다른 문장들을 한 배치로 묶습니다 (DataLoader의 collate_fn으로 쓸 수 있습니다).

    - batch: 1차원 LongTensor(문장 하나의 번호들)의 리스트. (x, y) 쌍이 아니라 번호 텐서만입니다.
    - 반환: (padded, lengths)
      padded: 형상 (배치 크기, 가장 긴 길이)의 LongTensor (**배치가 첫 번째 축**), 빈 자리는 0 ("<pad>")
      lengths: 각 문장의 원래 길이를 담은 LongTensor, 형상 (배치 크기,)
    - 순서는 받은 그대로 둡니다 (길이로 정렬하지 않습니다).
    예: pad_collate([tensor([5, 6, 7]), tensor([8])]) -> (tensor([[5, 6, 7], [8, 0, 0]]), tensor([3, 1]))
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def most_similar(word, embeddings, vocab, k):
    """word와 코사인 유사도가 가장 큰 단어 k개를 리스트로 반환합니다 (유사도가 큰 것부터).

    - embeddings: 형상 (사전 크기, 차원)의 실수 텐서. 번호 i인 단어의 벡터는 embeddings[i]입니다.
    - vocab: {단어: 번호} (build_vocab이 만든 것). word가 vocab에 없으면 KeyError.
    - 코사인 유사도: (u · v) / (|u| |v|)
    - word 자신과 특별한 토큰(번호 0~3)은 결과에서 뺍니다.
    - 유사도가 똑같으면 번호가 작은 단어가 먼저입니다.
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


class BagOfEmbeddings(nn.Module):
    """문장의 단어 임베딩을 평균 내어 분류하는 모델 (순서를 보지 않는 '단어 주머니').

    - self.embedding = nn.Embedding(vocab_size, dim)   (padding_idx=0을 주어도 됩니다: state_dict는 같습니다)
    - self.fc = nn.Linear(dim, num_classes)
    forward(ids): ids는 pad_collate가 만든 (배치, 길이) LongTensor 하나입니다 (0은 패딩).
        1. 임베딩: (배치, 길이, dim)
        2. 문장마다 **패딩이 아닌 위치(ids != 0)만의 평균**: (배치, dim).
           패딩 위치는 마스크로 빼세요 (임베딩 0번 행이 0이라고 가정하지 마세요: 채점은 0이 아닌
           가중치를 불러옵니다). 모든 위치가 패딩인 문장은 없다고 가정합니다.
        3. self.fc -> 로짓 (배치, num_classes)  (활성화 함수 없음)
    """

    def __init__(self, vocab_size, dim, num_classes):
        super().__init__()
        # TODO: 여기에 코드를 작성하세요
        raise NotImplementedError()

    def forward(self, ids):
        # TODO: 여기에 코드를 작성하세요
        raise NotImplementedError()
