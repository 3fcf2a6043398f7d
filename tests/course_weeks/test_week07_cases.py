"""Week 7: careless and adversarial submissions score exactly what they earn, test by test."""
from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.slow

BUILD_VOCAB = ["counts = Counter(token for tokens in token_lists for token in tokens)",
               "vocab = {token: index for index, token in enumerate(SPECIALS)}",
               "for token, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):",
               "    if count >= min_freq:", "        vocab[token] = len(vocab)", "return vocab"]
BAG_FORWARD = ["mask = (ids != 0).unsqueeze(-1).to(self.embedding.weight.dtype)",
               "total = {total}", "return self.fc(total {divide} mask.sum(dim=1).clamp(min=1))"]
LEFTOVERS = '''

vocab = build_vocab([tokenize("오늘은 날씨가 맑아요.", "space")])
print("사전:", vocab)
print(encode(tokenize("오늘은 비가 와요.", "space"), vocab, 6))
'''


def _bag(total: str = "(self.embedding(ids) * mask).sum(dim=1)", divide: str = "/") -> list[str]:
    return [line.format(total=total, divide=divide) for line in BAG_FORWARD]


def test_answers_copied_from_the_public_tests_earn_only_the_public_points(copied_public_answers: Any) -> None:
    assert copied_public_answers(7).points == 20


def test_the_spelling_bagofembeddings_is_graded_with_a_note(spelled_in_another_case: Any) -> None:
    spelled_in_another_case(7, "represent.py", "BagOfEmbeddings", "BagofEmbeddings")


@pytest.mark.parametrize("case, file, changes, failing", [
    ('split(" ") for split()', "tokenizer.py", {"tokenize": [
        "if mode == 'space':", "    return text.split(' ')", "if mode == 'char':", "    return list(text)",
        "raise ValueError(mode)"]},
     {"test_tokenize_space_and_char": "tokenize(", "test_tokenize_space_random_sentences": "tokenize("}),
    ("// for / in the mean of the embeddings", "represent.py", {"BagOfEmbeddings.forward": _bag(divide="//")},
     {"test_bag_of_embeddings_averages_only_real_tokens": "model(ids)",
      "test_bag_of_embeddings_outputs_with_grader_weights": "(ids)"}),
    ("padding left to padding_idx instead of a mask", "represent.py",
     {"BagOfEmbeddings.forward": _bag(total="self.embedding(ids).sum(dim=1)")},
     {"test_bag_of_embeddings_averages_only_real_tokens": "model(ids)",
      "test_bag_of_embeddings_outputs_with_grader_weights": "(ids)"}),
    ("/ for // in the syllable arithmetic", "tokenizer.py", {"decompose_hangul": [
        "if not isinstance(ch, str) or len(ch) != 1 or not 0xAC00 <= ord(ch) <= 0xD7A3:",
        "    raise ValueError(ch)", "index = ord(ch) - 0xAC00",
        "return CHOSEONG[index / (21 * 28)], JUNGSEONG[(index // 28) % 21], JONGSEONG[index % 28]"]},
     {"test_decompose_hangul_examples": "", "test_decompose_hangul_random_syllables": "TypeError"}),
    ("a missing return in decode", "tokenizer.py", {"decode": [
        "tokens_by_id = {index: token for token, index in vocab.items()}",
        "[tokens_by_id.get(int(i), '<unk>') for i in ids if int(i) not in (0, 2, 3)]"]},
     {"test_encode_pads_and_truncates_and_decode_drops_padding": "None", "test_decode_random_ids": "None"}),
    ("special tokens in the corpus numbered again", "tokenizer.py", {"build_vocab": BUILD_VOCAB},
     {"test_build_vocab_specials_then_frequency_then_alphabet": "build_vocab(",
      "test_build_vocab_pseudo_words_with_ties_and_specials": "build_vocab("}),
    ("cosine by normalised rows and a stable sort (another correct way)", "represent.py", {"most_similar": [
        "unit = embeddings / embeddings.norm(dim=1, keepdim=True)", "scores = unit @ unit[vocab[word]]",
        "order = torch.sort(scores, descending=True, stable=True).indices.tolist()",
        "words = {index: token for token, index in vocab.items()}",
        "return [words[i] for i in order if i >= 4 and i != vocab[word]][:k]"]}, {}),
    ("weights of the student's own initialisation (an extra layer first)", "represent.py", {"BagOfEmbeddings.__init__": [
        "super().__init__()", "self.extra = nn.Linear(3, 3)  # never used; shifts the random stream",
        "self.fc = nn.Linear(dim, num_classes)", "self.embedding = nn.Embedding(vocab_size, dim)"]}, {}),
])
def test_careless_submission_loses_exactly_its_tests(case: str, file: str, changes: dict[str, list[str]],
                                                     failing: dict[str, str], grade: Any, submission: Any,
                                                     points_of: Any, check_case: Any) -> None:
    check_case(grade(7, submission(7, {file: changes})), points_of(7), failing)


def test_leftover_prints_at_the_top_level_cost_nothing(grade: Any, reference_sources: Any, points_of: Any,
                                                       check_case: Any) -> None:
    files = reference_sources(7)
    files["tokenizer.py"] += LEFTOVERS
    check_case(grade(7, files), points_of(7), {})
