"""9주차 과제 2: BERT의 마스크 언어 모델(MLM) 학습 데이터 만들기.

`raise NotImplementedError()`가 있는 TODO 자리를 채우세요.
채점은 같은 generator로 기준 구현과 정확히 같은 결과인지, 그리고 큰 입력에서의 비율을 봅니다.
"""
import torch


def mask_tokens(ids, vocab_size, mask_id, special_ids, generator, p=0.15):
    """BERT의 80/10/10 규칙으로 토큰을 가립니다: 튜플 (inputs, labels)를 반환합니다.

    - ids: 토큰 번호의 정수 텐서 (int64, 형상은 자유, 예: (N, T)). **ids는 바꾸지 마세요** (새 텐서를 만듭니다).
    - special_ids: 특수 토큰 번호의 리스트 (예: [PAD], [CLS], [SEP]의 번호). 특수 토큰은 **절대 고르지 않습니다**.
    - 난수는 generator로 **정확히 이 세 번, 이 순서로, 늘 ids 전체 형상으로** 뽑습니다
      (고른 위치가 없어도 세 번 모두 뽑습니다):
          chosen = torch.rand(ids.shape, generator=generator)                 # 1. 고를지
          action = torch.rand(ids.shape, generator=generator)                 # 2. 어떻게 바꿀지
          random_ids = torch.randint(0, vocab_size, ids.shape, generator=generator)  # 3. 무작위 토큰
    - 고른 위치: chosen < p 이고 특수 토큰이 아닌 위치. 고른 위치에서는
          action < 0.8          -> mask_id로 바꿈            (80%)
          0.8 <= action < 0.9   -> random_ids의 토큰으로 바꿈 (10%, 어떤 번호든 될 수 있습니다: 특수 토큰, 원래 토큰 포함)
          action >= 0.9         -> 그대로 둠                 (10%)
      고르지 않은 위치는 그대로입니다.
    - labels: 고른 위치는 원래 토큰 번호(ids의 값), 나머지는 -100 (F.cross_entropy가 무시하는 값)
    - inputs와 labels는 ids와 같은 형상, dtype은 torch.int64입니다.
    """
    ### BEGIN SOLUTION
    chosen = torch.rand(ids.shape, generator=generator)
    action = torch.rand(ids.shape, generator=generator)
    random_ids = torch.randint(0, vocab_size, ids.shape, generator=generator)
    special = torch.isin(ids, torch.tensor(list(special_ids), dtype=ids.dtype))
    selected = (chosen < p) & ~special
    inputs = ids.clone()
    inputs[selected & (action < 0.8)] = mask_id
    replace = selected & (action >= 0.8) & (action < 0.9)
    inputs[replace] = random_ids[replace]
    labels = torch.where(selected, ids, torch.full_like(ids, -100))
    return inputs, labels
    ### END SOLUTION
