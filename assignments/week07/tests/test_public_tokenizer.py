"""공개 테스트: 토큰화, 한글 자모 분해, 사전의 특별한 번호와 같은 횟수의 순서, 번호 바꾸기 (작은 예)."""
import pytest
import torch

try:
    from deepgrade.grading.compare import assert_matches
except ImportError:  # plain pytest or Colab, without deepgrade: the same helper, shipped with the tests
    from deepgrade_compare import assert_matches

pytestmark = [pytest.mark.problem("tokenizer"), pytest.mark.visibility("visible")]

SPECIAL_IDS = {"<pad>": 0, "<unk>": 1, "<sos>": 2, "<eos>": 3}


@pytest.mark.points(3)
def test_tokenize_space_and_char(student):
    """tokenize: "space"는 연속 공백과 탭도 한 번에 나누고(split()), "char"는 공백도 한 글자로 남김"""
    assert_matches(student.tokenize(" 나는  학생입니다.\t좋아요 ", "space"), ["나는", "학생입니다.", "좋아요"],
                   name='tokenize(" 나는  학생입니다.\\t좋아요 ", "space")')
    assert_matches(student.tokenize("가 나!", "char"), ["가", " ", "나", "!"], name='tokenize("가 나!", "char")')


@pytest.mark.points(3)
def test_decompose_hangul_examples(student):
    """decompose_hangul: "한" -> (ㅎ, ㅏ, ㄴ), 받침 없는 "가"의 종성은 "", 겹받침 "닭" -> (ㄷ, ㅏ, ㄺ)"""
    assert_matches(student.decompose_hangul("한"), ("ㅎ", "ㅏ", "ㄴ"), name='decompose_hangul("한")')
    assert_matches(student.decompose_hangul("가"), ("ㄱ", "ㅏ", ""), name='decompose_hangul("가")')
    assert_matches(student.decompose_hangul("닭"), ("ㄷ", "ㅏ", "ㄺ"), name='decompose_hangul("닭")')


@pytest.mark.points(3)
def test_build_vocab_specials_then_frequency_then_alphabet(student):
    """build_vocab: 특별한 토큰 0~3, 그다음 많이 나온 순서, 같은 횟수는 문자열 순서; min_freq=2면 한 번 나온 것은 빠짐"""
    corpus = [["b", "a", "b"], ["c", "a", "<unk>"]]
    assert_matches(student.build_vocab(corpus), {**SPECIAL_IDS, "a": 4, "b": 5, "c": 6},
                   name='build_vocab([["b", "a", "b"], ["c", "a", "<unk>"]])')
    assert_matches(student.build_vocab(corpus, min_freq=2), {**SPECIAL_IDS, "a": 4, "b": 5},
                   name="build_vocab(..., min_freq=2)")


@pytest.mark.points(2)
def test_encode_pads_and_truncates_and_decode_drops_padding(student):
    """encode: 모르는 토큰은 1, 짧으면 0으로 채우고 길면 자름 (<sos>/<eos> 없음); decode: 0, 2, 3을 뺀 토큰 리스트"""
    vocab = {**SPECIAL_IDS, "a": 4, "b": 5}
    assert_matches(student.encode(["a", "x", "b"], vocab, 5), torch.tensor([4, 1, 5, 0, 0]),
                   name='encode(["a", "x", "b"], vocab, 5)', exact_dtype=True)
    assert_matches(student.encode(["a", "x", "b"], vocab, 2), torch.tensor([4, 1]), name='encode(..., 2)',
                   exact_dtype=True)
    assert_matches(student.decode(torch.tensor([2, 4, 1, 5, 3, 0]), vocab), ["a", "<unk>", "b"],
                   name="decode(tensor([2, 4, 1, 5, 3, 0]), vocab)", sequence_type=True)
