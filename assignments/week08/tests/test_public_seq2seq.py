"""공개 테스트: 인코더와 디코더의 형상, 탐욕적 디코딩, 문자 단위 RNN ("hihello")."""
import pytest
import torch

try:
    from deepgrade.grading.compare import assert_matches
except ImportError:  # plain pytest or Colab, without deepgrade: the same helper, shipped with the tests
    from deepgrade_compare import assert_matches

pytestmark = [pytest.mark.problem("seq2seq"), pytest.mark.visibility("visible")]


@pytest.mark.points(3)
def test_encoder_and_decoder_shapes(student):
    """Encoder(7, 4, 5)와 Decoder(7, 4, 5)의 층과 출력 형상 (batch_first, hidden은 (1, N, H))"""
    encoder, decoder = student.Encoder(7, 4, 5), student.Decoder(7, 4, 5)
    assert tuple(encoder.embedding.weight.shape) == (7, 4), "Encoder의 embedding은 nn.Embedding(7, 4)이어야 합니다"
    assert tuple(decoder.out.weight.shape) == (7, 5), "Decoder의 out은 nn.Linear(5, 7)이어야 합니다"
    outputs, hidden = encoder(torch.tensor([[1, 2, 3], [4, 5, 6]]))
    assert tuple(outputs.shape) == (2, 3, 5) and tuple(hidden.shape) == (1, 2, 5), (
        f"Encoder의 출력 형상: {tuple(outputs.shape)}, {tuple(hidden.shape)} (기대값 (2, 3, 5), (1, 2, 5))")
    logits, hidden = decoder(torch.tensor([[1, 2], [3, 4]]), hidden)
    assert tuple(logits.shape) == (2, 2, 7) and tuple(hidden.shape) == (1, 2, 5), (
        f"Decoder의 출력 형상: {tuple(logits.shape)}, {tuple(hidden.shape)} (기대값 (2, 2, 7), (1, 2, 5))")


def _fixed_decoder(student, favourite):
    """A decoder whose logits always favour one token (its out layer: zero weights, one big bias)."""
    decoder = student.Decoder(5, 3, 4)
    bias = torch.zeros(5)
    bias[favourite] = 5.0
    decoder.out.load_state_dict({"weight": torch.zeros(5, 4), "bias": bias})
    return decoder


@pytest.mark.points(3)
def test_greedy_decode_max_len_and_eos(student):
    """greedy_decode: eos가 안 나오면 max_len개, eos가 나오면 eos까지 (sos는 빼고, 파이썬 int 리스트)"""
    encoder, src = student.Encoder(5, 3, 4), torch.tensor([1, 2, 3])
    got = student.greedy_decode(encoder, _fixed_decoder(student, 3), src, 4, 0, 4)
    assert_matches(got, [3, 3, 3, 3], name="늘 3을 내는 디코더, max_len 4, eos 4")
    got = student.greedy_decode(encoder, _fixed_decoder(student, 4), src, 4, 0, 4)
    assert_matches(got, [4], name="늘 eos(4)를 내는 디코더")


@pytest.mark.points(4)
def test_train_char_rnn_learns_hihello(student):
    """train_char_rnn("hihello", 100, generator): 다음 글자를 다 맞혀 "ihello"를 반환"""
    got = student.train_char_rnn("hihello", 100, torch.Generator().manual_seed(0))
    assert_matches(got, "ihello", name='train_char_rnn("hihello", 100, generator)')
