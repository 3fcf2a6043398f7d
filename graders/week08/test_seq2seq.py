"""Hidden graders for problem `seq2seq` (40 points; the public tests add 10 -> 50).

- Encoder / Decoder: grader weights loaded into each named layer (embedding, gru, out) one
  by one, outputs and hidden states against the reference (an extra module of the student's
  is never penalised).
- greedy_decode: the student's Encoder/Decoder holding grader weights, against the reference
  decoding with the same weights; a step whose top two logits are within 1e-4 ends the
  comparison there (an argmax is no fair question after it). Stopping at eos and the max_len
  count are tested on their own, with eos chosen from the reference's own decoding.
- train_char_rnn: random 10-15-character strings over 5 letters drawn from the seed must be
  memorised (threshold calibrated on the reference, ``deepgrade validate --calibrate 8``), and
  untrained (steps = 0) it must not know them: the string is the model's prediction.
"""
import pytest
import torch

from deepgrade.grading import models
from deepgrade.grading.compare import assert_matches, clear_argmax

pytestmark = pytest.mark.problem("seq2seq")

ENCODER_LAYERS = ("embedding", "gru")
DECODER_LAYERS = ("embedding", "gru", "out")


def _dims(seed):
    """vocab_size, emb_dim, hidden_dim with emb_dim != hidden_dim."""
    vocab = int(torch.randint(6, 12, (1,), generator=seed))
    emb, hidden = (int(v) for v in torch.randint(3, 8, (2,), generator=seed))
    return vocab, emb, hidden if hidden != emb else emb + 2


def _load(model, reference_model, layers, seed, name, change=None):
    """Grader weights into each named layer of both models (``change(weights)`` edits them first)."""
    weights = {layer: models.random_weights(reference_model, seed, into=layer) for layer in layers}
    if change is not None:
        change(weights)
    for layer in layers:
        models.load_weights(model, weights[layer], into=layer, name=name)
        getattr(reference_model, layer).load_state_dict(weights[layer])


def _pair(student, reference, seed, change=None):
    """(student encoder, decoder), (reference encoder, decoder) with the same grader weights."""
    vocab, emb, hidden = _dims(seed)
    want = reference.Encoder(vocab, emb, hidden), reference.Decoder(vocab, emb, hidden)
    got = student.Encoder(vocab, emb, hidden), student.Decoder(vocab, emb, hidden)
    _load(got[0], want[0], ENCODER_LAYERS, seed, "Encoder")
    _load(got[1], want[1], DECODER_LAYERS, seed, "Decoder", change)
    return vocab, got, want


def _reference_decode(encoder, decoder, src, max_len, sos_id, eos_id):
    """The reference's decoding, step by step: (tokens, index of the first near tie or None)."""
    tokens, tie = [], None
    with torch.no_grad():
        _, hidden = encoder(src.unsqueeze(0))
        token = sos_id
        for step in range(max_len):
            logits, hidden = decoder(torch.tensor([[token]]), hidden)
            if tie is None and not bool(clear_argmax(logits[0, -1:])[0]):
                tie = step
            token = int(logits[0, -1].argmax())
            tokens.append(token)
            if token == eos_id:
                break
    return tokens, tie


def _assert_decoded(got, want, tie, name):
    """Equal tokens up to the first near tie (all of them when there is none)."""
    if tie is None:
        assert_matches(got, want, name=name, sequence_type=False)
        return
    assert isinstance(got, (list, tuple)) and len(got) > tie, (
        f"{name}: 토큰 {len(want)}개 중 적어도 앞의 {tie + 1}개가 있어야 합니다 (받은 값: {got!r})")
    assert_matches(list(got[:tie]), want[:tie], name=f"{name}의 앞 {tie}개")


@pytest.mark.points(6)
def test_encoder_outputs_with_grader_weights(student, reference, seed):
    """Encoder: 채점용 가중치를 embedding과 gru에 불러오면 (outputs, hidden)이 기준 구현과 같음"""
    vocab, emb, hidden = _dims(seed)
    want_model, model = reference.Encoder(vocab, emb, hidden), student.Encoder(vocab, emb, hidden)
    _load(model, want_model, ENCODER_LAYERS, seed, "Encoder")
    for n, length in ((3, 5), (1, 7)):
        src = torch.randint(0, vocab, (n, length), generator=seed)
        with torch.no_grad():
            want = tuple(t.detach() for t in want_model(src))
        assert_matches(model(src), want, name=f"Encoder(src (N={n}, S={length}))", rtol=1e-5, atol=1e-6)


@pytest.mark.points(7)
def test_decoder_outputs_with_grader_weights(student, reference, seed):
    """Decoder: 채점용 가중치를 불러오면 (logits, hidden)이 기준 구현과 같음 (여러 시점, hidden이 None일 때 포함)"""
    vocab, emb, hidden = _dims(seed)
    want_model, model = reference.Decoder(vocab, emb, hidden), student.Decoder(vocab, emb, hidden)
    _load(model, want_model, DECODER_LAYERS, seed, "Decoder")
    for n, length, start in ((2, 4, True), (3, 1, True), (2, 3, False)):
        tokens = torch.randint(0, vocab, (n, length), generator=seed)
        state = torch.randn(1, n, hidden, generator=seed) * 0.5 if start else None
        with torch.no_grad():
            want = tuple(t.detach() for t in want_model(tokens, state))
        shown = "hidden" if start else "None"
        assert_matches(model(tokens, state), want, name=f"Decoder(tokens (N={n}, T={length}), {shown})",
                       rtol=1e-5, atol=1e-6)


@pytest.mark.points(9)
def test_greedy_decode_matches_reference(student, reference, seed):
    """greedy_decode: 채점용 가중치의 Encoder/Decoder로 기준 구현과 같은 토큰 리스트 (argmax가 애매한 곳 앞까지)"""
    vocab, (encoder, decoder), (want_encoder, want_decoder) = _pair(student, reference, seed)
    sos_id, eos_id = 0, 1
    for length in (4, 7, 2):
        src = torch.randint(2, vocab, (length,), generator=seed)
        want, tie = _reference_decode(want_encoder, want_decoder, src, 9, sos_id, eos_id)
        got = student.greedy_decode(encoder, decoder, src, 9, sos_id, eos_id)
        _assert_decoded(got, want, tie, f"greedy_decode (원문 길이 {length})")


@pytest.mark.points(5)
def test_greedy_decode_stops_after_eos(student, reference, seed):
    """greedy_decode: eos가 나오면 eos까지 넣고 멈춤 (sos는 넣지 않음)"""
    vocab, (encoder, decoder), (want_encoder, want_decoder) = _pair(student, reference, seed)
    for _ in range(20):  # a source whose decoding meets a new token after its first step
        src = torch.randint(1, vocab, (int(torch.randint(2, 7, (1,), generator=seed)),), generator=seed)
        free, tie = _reference_decode(want_encoder, want_decoder, src, 8, 0, -1)
        clear = free[:tie] if tie is not None else free
        stop = next((k for k in range(1, len(clear)) if clear[k] not in clear[:k]), None)
        if stop is not None:
            break
    else:
        stop = 0 if clear else None
    assert stop is not None, "채점 데이터를 만들지 못했습니다"
    eos_id = clear[stop]
    want, _ = _reference_decode(want_encoder, want_decoder, src, 8, 0, eos_id)
    got = student.greedy_decode(encoder, decoder, src, 8, 0, eos_id)
    assert_matches(got, want, name=f"eos가 {stop + 1}번째에 나오는 greedy_decode의 결과")


@pytest.mark.points(3)
def test_greedy_decode_makes_max_len_tokens_without_eos(student, reference, seed):
    """greedy_decode: eos가 나오지 않으면 정확히 max_len개의 토큰 (파이썬 int의 리스트)"""
    eos_id = 1

    def never_eos(weights):
        weights["out"]["bias"][eos_id] = -50.0

    vocab, (encoder, decoder), (want_encoder, want_decoder) = _pair(student, reference, seed, change=never_eos)
    for max_len in (int(torch.randint(2, 5, (1,), generator=seed)), int(torch.randint(5, 9, (1,), generator=seed))):
        src = torch.randint(2, vocab, (5,), generator=seed)
        want, tie = _reference_decode(want_encoder, want_decoder, src, max_len, 0, eos_id)
        got = student.greedy_decode(encoder, decoder, src, max_len, 0, eos_id)
        assert isinstance(got, list) and len(got) == max_len, (
            f"max_len = {max_len}: 토큰 {max_len}개의 리스트여야 합니다 (받은 값: {got!r})")
        _assert_decoded(got, want, tie, f"greedy_decode(max_len={max_len})")


def _random_text(seed):
    """10-15 characters over 5 random letters: nothing to predict without training."""
    letters = "".join(chr(ord("a") + int(i)) for i in torch.randperm(26, generator=seed)[:5])
    length = int(torch.randint(10, 16, (1,), generator=seed))
    return "".join(letters[int(i)] for i in torch.randint(0, 5, (length,), generator=seed))


def _subseed(seed):
    return int(torch.randint(0, 2**31 - 1, (1,), generator=seed))


@pytest.mark.points(8)
@pytest.mark.threshold("accuracy", at_least=0.85, margin=0.1, label="다음 글자를 맞힌 비율 (가장 낮은 문자열)")
def test_train_char_rnn_memorises_random_strings(student, seed, metric):
    """train_char_rnn: 무작위 문자열 두 개를 학습해 다음 글자를 85% 이상 맞힘"""
    accuracies = []
    for _ in range(2):
        text = _random_text(seed)
        got = student.train_char_rnn(text, 100, torch.Generator().manual_seed(_subseed(seed)))
        assert isinstance(got, str) and len(got) == len(text) - 1, (
            f"train_char_rnn은 길이 {len(text) - 1}(len(text) - 1)의 문자열을 반환해야 합니다 (받은 값: {got!r})")
        accuracies.append(sum(a == b for a, b in zip(got, text[1:])) / (len(text) - 1))
    metric(min(accuracies))


@pytest.mark.points(2)
def test_train_char_rnn_untrained_does_not_know_the_string(student, seed):
    """train_char_rnn: steps = 0이면 학습하지 않은 모델의 예측 (글자는 text의 글자, 정답을 다 맞히지는 못함)"""
    text = _random_text(seed)
    got = student.train_char_rnn(text, 0, torch.Generator().manual_seed(_subseed(seed)))
    assert isinstance(got, str) and len(got) == len(text) - 1, (
        f"train_char_rnn은 길이 {len(text) - 1}의 문자열을 반환해야 합니다 (받은 값: {got!r})")
    assert set(got) <= set(text), f"예측한 글자가 text에 없는 글자입니다: {got!r}"
    assert got != text[1:], ("학습하지 않은 모델(steps = 0)이 문자열을 다 맞혔습니다: 반환값은 모델의 예측이어야 합니다 "
                             "(정답 text[1:]을 그대로 돌려주지 마세요)")
