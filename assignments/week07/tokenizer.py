"""7주차 과제 1: 토큰화와 단어 사전 (문장 -> 토큰 -> 번호 -> 다시 토큰).

세미나 슬라이드 'RNN 기초: Tokenization'의 과정을 함수로 만듭니다.
`raise NotImplementedError()`가 있는 TODO 자리를 채우세요.
과제 폴더의 data/pairs/ko_en.tsv에는 짧은 한국어/영어 문장 200쌍이 한 줄에 하나씩
("한국어<탭>영어") 들어 있습니다. 자유롭게 실험해 보세요 (채점도 이 문장들을 씁니다).

이 파일 이름은 tokenizer.py입니다 (tokenize.py로 바꾸면 파이썬 표준 라이브러리의 tokenize 모듈을
가려서 torch를 불러올 때 오류가 납니다).
"""
from collections import Counter

import torch

# 특별한 토큰과 번호 (사전의 맨 앞 네 자리; 바꾸지 마세요)
SPECIALS = ["<pad>", "<unk>", "<sos>", "<eos>"]
PAD, UNK, SOS, EOS = 0, 1, 2, 3

# 한글 자모 (호환용 자모, U+3131~: 'ㄱ'처럼 혼자 쓰는 글자). 번호 순서대로입니다.
CHOSEONG = ["ㄱ", "ㄲ", "ㄴ", "ㄷ", "ㄸ", "ㄹ", "ㅁ", "ㅂ", "ㅃ", "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅉ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ"]
JUNGSEONG = ["ㅏ", "ㅐ", "ㅑ", "ㅒ", "ㅓ", "ㅔ", "ㅕ", "ㅖ", "ㅗ", "ㅘ", "ㅙ", "ㅚ", "ㅛ", "ㅜ", "ㅝ", "ㅞ", "ㅟ", "ㅠ",
             "ㅡ", "ㅢ", "ㅣ"]
JONGSEONG = ["", "ㄱ", "ㄲ", "ㄳ", "ㄴ", "ㄵ", "ㄶ", "ㄷ", "ㄹ", "ㄺ", "ㄻ", "ㄼ", "ㄽ", "ㄾ", "ㄿ", "ㅀ", "ㅁ", "ㅂ", "ㅄ",
             "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ"]


def tokenize(text, mode):
    """문장 text를 토큰(문자열)의 리스트로 나눕니다.

    - mode="space": 공백 문자(스페이스, 탭, 줄바꿈)를 기준으로 나눕니다. **text.split()** 과 같습니다:
      공백이 여러 개 이어져도 빈 토큰은 생기지 않고, 앞뒤 공백은 버립니다.
      문장 부호는 단어에 붙은 그대로 둡니다 ("맑아요."는 토큰 하나), 대소문자도 그대로 둡니다.
      (text.split(" ")은 공백이 두 개 이어지면 빈 토큰 ""을 만들고 탭으로는 나누지 않으니 다릅니다.)
    - mode="char": 한 글자씩 나눕니다: **list(text)**. 공백도 토큰 " " 하나로 남습니다.
    - 다른 mode: ValueError를 일으킵니다.
    예: tokenize("나는  학생", "space") -> ["나는", "학생"], tokenize("가 나", "char") -> ["가", " ", "나"]
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def decompose_hangul(ch):
    """한글 음절 하나를 (초성, 중성, 종성) 자모 튜플로 나눕니다 (유니코드 계산으로).

    - 한글 음절은 U+AC00('가')부터 U+D7A3('힣')까지 11,172자이고, 이렇게 만들어집니다:
          ord(음절) = 0xAC00 + (초성 번호 * 21 + 중성 번호) * 28 + 종성 번호
      위의 CHOSEONG(19개), JUNGSEONG(21개), JONGSEONG(28개, 0번은 "받침 없음") 목록의 번호입니다.
    - 반환하는 자모는 위 목록의 글자(호환용 자모, 'ㄱ' U+3131 등)입니다. 받침이 없으면 종성은 "" 입니다.
    - 한글 음절이 아닌 것(영어, 숫자, 공백, 'ㄱ' 같은 자모 하나, 두 글자 이상의 문자열)은 ValueError.
    예: decompose_hangul("한") -> ("ㅎ", "ㅏ", "ㄴ"), decompose_hangul("가") -> ("ㄱ", "ㅏ", "")
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def build_vocab(token_lists, min_freq=1):
    """토큰 리스트들(문장마다 하나)로 단어 사전 {토큰: 번호}을 만듭니다.

    - 먼저 특별한 토큰: "<pad>": 0, "<unk>": 1, "<sos>": 2, "<eos>": 3
    - 그다음 min_freq번 이상 나온 토큰에 4, 5, 6, ... 을 줍니다. 순서는
      **많이 나온 것부터**, 나온 횟수가 같으면 **문자열 순서(sorted)대로**입니다.
    - 말뭉치에 특별한 토큰("<unk>" 등)이 나와도 번호는 위의 0~3 그대로이고 새 번호를 받지 않습니다.
    - min_freq의 기본값은 1 (한 번이라도 나온 토큰은 모두)입니다.
    예: build_vocab([["b", "a", "b"], ["c", "a"]])
        -> {"<pad>": 0, "<unk>": 1, "<sos>": 2, "<eos>": 3, "a": 4, "b": 5, "c": 6}
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def encode(tokens, vocab, max_len):
    """토큰 리스트를 길이 max_len의 번호 텐서(torch.long, 형상 (max_len,))로 바꿉니다.

    - 사전에 없는 토큰은 1 ("<unk>")
    - "<sos>"와 "<eos>"는 **붙이지 않습니다** (토큰 그대로만 바꿉니다).
    - max_len보다 길면 앞에서부터 max_len개만 남기고, 짧으면 뒤를 0 ("<pad>")으로 채웁니다.
    예: vocab이 위 예와 같으면 encode(["a", "x", "b"], vocab, 5) -> tensor([4, 1, 5, 0, 0])
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def decode(ids, vocab):
    """번호들(LongTensor 또는 int 리스트)을 토큰 **리스트**로 되돌립니다 (문자열로 잇지 않습니다).

    - "<pad>"(0), "<sos>"(2), "<eos>"(3)는 빼고, "<unk>"(1)는 "<unk>"로 남깁니다.
    - 사전에 없는 번호도 "<unk>"로 바꿉니다.
    예: decode(tensor([4, 1, 5, 0, 0]), vocab) -> ["a", "<unk>", "b"]
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()
