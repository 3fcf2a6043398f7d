"""Hidden graders for problem `tokenizer` (44 points; the public tests add 11 -> 55).

Inputs come from the course's sentence pairs (data/pairs/ko_en.tsv, read here on the trusted
side) in random subsets, with random extra whitespace (double spaces, tabs, newlines, at the
ends), and from pseudo-words drawn from a seeded alphabet (so no vocabulary can be written in
by hand); the expected values are the reference's, compared exactly. Hangul syllables are
drawn from the whole block U+AC00..U+D7A3.
"""
from pathlib import Path

import pytest
import torch

from deepgrade.grading.compare import assert_matches

pytestmark = pytest.mark.problem("tokenizer")

PAIRS = "pairs/ko_en.tsv"
SPECIALS = ("<pad>", "<unk>", "<sos>", "<eos>")
PSEUDO_SYLLABLES = "가나다라마바사아자차카타파하"
WHITESPACE = (" ", "  ", "\t", " \n", "   ")


def _ints(seed, low, high, count=1):
    return [int(v) for v in torch.randint(low, high, (count,), generator=seed)]


def _sentences(host_data_root, seed, count):
    """``count`` random sentences (Korean or English) of the course's pairs."""
    lines = (Path(host_data_root) / PAIRS).read_text(encoding="utf-8").splitlines()
    pairs = [line.split("\t") for line in lines]
    picks = torch.randperm(len(pairs), generator=seed)[:count].tolist()
    return [pairs[i][_ints(seed, 0, 2)[0]] for i in picks]


def _messy(sentence, seed):
    """The sentence with each space replaced by random whitespace, and some at the ends."""
    words = sentence.split(" ")
    out = WHITESPACE[_ints(seed, 0, len(WHITESPACE))[0]] if _ints(seed, 0, 2)[0] else ""
    for index, word in enumerate(words):
        out += word
        if index < len(words) - 1:
            out += WHITESPACE[_ints(seed, 0, len(WHITESPACE))[0]]
    return out + (" " if _ints(seed, 0, 2)[0] else "")


def _pseudo_words(seed, count):
    """Words of 1-3 syllables from a small alphabet: many repeats and ties in the counts."""
    words = []
    for _ in range(count):
        length = _ints(seed, 1, 4)[0]
        words.append("".join(PSEUDO_SYLLABLES[i] for i in _ints(seed, 0, 6, length)))
    return words


@pytest.mark.points(6)
def test_tokenize_space_random_sentences(student, reference, seed, host_data_root):
    """tokenize(..., "space"): 무작위 문장과 여러 가지 공백(연속 공백, 탭, 줄바꿈, 앞뒤 공백)에서 기준 구현과 같음"""
    for sentence in _sentences(host_data_root, seed, 8):
        text = _messy(sentence, seed)
        assert_matches(student.tokenize(text, "space"), reference.tokenize(text, "space"),
                       name=f"tokenize({text!r}, \"space\")", sequence_type=True)


@pytest.mark.points(4)
def test_tokenize_char_random_sentences(student, reference, seed, host_data_root):
    """tokenize(..., "char"): 무작위 문장을 공백까지 한 글자씩 나눔"""
    for sentence in _sentences(host_data_root, seed, 6):
        text = _messy(sentence, seed)
        assert_matches(student.tokenize(text, "char"), reference.tokenize(text, "char"),
                       name=f"tokenize({text!r}, \"char\")", sequence_type=True)


@pytest.mark.points(2)
def test_tokenize_unknown_mode_raises_value_error(student):
    """tokenize: "space"나 "char"가 아닌 mode는 ValueError"""
    for mode in ("word", "Space", ""):
        with pytest.raises(ValueError):
            student.tokenize("나는 학생", mode)


def _random_syllables(seed, count):
    return [chr(0xAC00 + code) for code in _ints(seed, 0, 11172, count)]


@pytest.mark.points(8)
def test_decompose_hangul_random_syllables(student, reference, seed):
    """decompose_hangul: 한글 음절 전체에서 뽑은 무작위 음절 (받침 없는 음절 포함)"""
    syllables = _random_syllables(seed, 30)
    syllables += [chr(0xAC00 + 28 * code) for code in _ints(seed, 0, 11172 // 28, 5)]  # no final consonant
    for syllable in syllables:
        assert_matches(student.decompose_hangul(syllable), reference.decompose_hangul(syllable),
                       name=f"decompose_hangul({syllable!r})")


@pytest.mark.points(3)
def test_decompose_hangul_rejects_what_is_not_a_syllable(student, seed):
    """decompose_hangul: 자모 하나, 영어, 숫자, 공백, 두 글자는 ValueError"""
    jamo = chr(0x3131 + _ints(seed, 0, 51)[0])
    for text in (jamo, "a", "7", " ", "한글", chr(0xD7A4)):
        with pytest.raises(ValueError):
            student.decompose_hangul(text)


@pytest.mark.points(10)
def test_build_vocab_random_corpus(student, reference, seed, host_data_root):
    """build_vocab: 무작위 문장들을 단어/글자로 나눈 말뭉치와 여러 min_freq에서 기준 구현과 같은 사전"""
    for mode in ("space", "char"):
        corpus = [reference.tokenize(s, mode) for s in _sentences(host_data_root, seed, 25)]
        for min_freq in (1, _ints(seed, 2, 4)[0]):
            assert_matches(student.build_vocab(corpus, min_freq=min_freq), reference.build_vocab(corpus, min_freq=min_freq),
                           name=f"{mode} 말뭉치의 build_vocab(..., min_freq={min_freq})")
    assert_matches(student.build_vocab(corpus), reference.build_vocab(corpus), name="build_vocab(말뭉치) (min_freq 기본값)")


@pytest.mark.points(5)
def test_build_vocab_pseudo_words_with_ties_and_specials(student, reference, seed):
    """build_vocab: 무작위로 만든 단어들 (같은 횟수가 많고, 말뭉치에 특별한 토큰이 섞여도 번호는 0~3 그대로)"""
    words = _pseudo_words(seed, 60) + list(SPECIALS[1:]) + ["<unk>"]
    order = torch.randperm(len(words), generator=seed).tolist()
    words = [words[i] for i in order]
    corpus = [words[i:i + 7] for i in range(0, len(words), 7)]
    for min_freq in (1, 2):
        assert_matches(student.build_vocab(corpus, min_freq=min_freq), reference.build_vocab(corpus, min_freq=min_freq),
                       name=f"무작위 단어 말뭉치의 build_vocab(..., min_freq={min_freq})")


@pytest.mark.points(4)
def test_encode_random_tokens(student, reference, seed):
    """encode: 모르는 토큰, max_len보다 짧은 문장과 긴 문장에서 기준 구현과 같은 LongTensor"""
    vocab = reference.build_vocab([_pseudo_words(seed, 40)])
    for max_len in (3, 8, 15):
        tokens = _pseudo_words(seed, _ints(seed, 4, 12)[0])
        assert_matches(student.encode(tokens, vocab, max_len), reference.encode(tokens, vocab, max_len),
                       name=f"encode({tokens}, vocab, {max_len})", exact_dtype=True)


@pytest.mark.points(2)
def test_decode_random_ids(student, reference, seed):
    """decode: 특별한 번호와 사전에 없는 번호가 섞인 무작위 번호들을 토큰 리스트로"""
    vocab = reference.build_vocab([_pseudo_words(seed, 40)])
    ids = torch.randint(0, len(vocab) + 3, (12,), generator=seed)
    assert_matches(student.decode(ids, vocab), reference.decode(ids, vocab), name=f"decode({ids.tolist()}, vocab)",
                   sequence_type=True)
    assert_matches(student.decode(ids.tolist(), vocab), reference.decode(ids, vocab),
                   name=f"decode({ids.tolist()} (리스트), vocab)", sequence_type=True)
