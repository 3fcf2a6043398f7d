"""Hidden graders for problem `represent` (36 points; the public tests add 9 -> 45).

- one_hot, pad_collate: random shapes, lengths and vocabulary sizes; dtypes compared exactly.
- most_similar: random embeddings over pseudo-word vocabularies; ties made by copies of the
  query's small-integer vector (times 1 or 2: a cosine of exactly 1 however it is computed),
  special tokens among the copies (they must still be left out).
- BagOfEmbeddings: layouts, and outputs with grader weights whose padding row is not zero,
  over padded batches of different lengths.
"""
import pytest
import torch

from deepgrade.grading import models
from deepgrade.grading.compare import assert_matches

pytestmark = pytest.mark.problem("represent")

SPECIALS = ("<pad>", "<unk>", "<sos>", "<eos>")
LETTERS = "가나다라마바사아자차"


def _ints(seed, low, high, count=1):
    return [int(v) for v in torch.randint(low, high, (count,), generator=seed)]


def _vocab(seed, size):
    """SPECIALS then ``size - 4`` distinct pseudo-words, numbered as build_vocab would."""
    words = []
    while len(words) < size - 4:
        word = "".join(LETTERS[i] for i in _ints(seed, 0, len(LETTERS), _ints(seed, 2, 4)[0]))
        if word not in words:
            words.append(word)
    return {token: index for index, token in enumerate([*SPECIALS, *words])}


@pytest.mark.points(4)
def test_one_hot_random_shapes(student, reference, seed):
    """one_hot: 무작위 형상의 번호 텐서와 사전 크기에서 float32 원-핫"""
    for shape in ((_ints(seed, 1, 9)[0],), tuple(_ints(seed, 1, 5, 2))):
        size = _ints(seed, 5, 30)[0]
        ids = torch.randint(0, size, shape, generator=seed)
        assert_matches(student.one_hot(ids, size), reference.one_hot(ids, size),
                       name=f"형상 {shape}의 one_hot(ids, {size})", exact_dtype=True)


@pytest.mark.points(6)
def test_pad_collate_random_batches(student, reference, seed):
    """pad_collate: 무작위 길이의 문장들 (같은 길이, 길이 1 포함)을 배치 우선으로 패딩하고 길이를 LongTensor로"""
    for _ in range(3):
        lengths = _ints(seed, 1, 9, _ints(seed, 1, 6)[0])
        batch = [torch.randint(4, 50, (n,), generator=seed) for n in lengths]
        got = student.pad_collate(batch)
        want = reference.pad_collate(batch)
        assert isinstance(got, (tuple, list)) and len(got) == 2, "pad_collate는 (padded, lengths)를 반환해야 합니다"
        assert_matches(got[0], want[0], name=f"길이 {lengths}인 배치의 padded", exact_dtype=True)
        assert_matches(got[1], want[1], name=f"길이 {lengths}인 배치의 lengths", exact_dtype=True)


@pytest.mark.points(8)
def test_most_similar_random_embeddings(student, reference, seed):
    """most_similar: 무작위 임베딩과 사전에서 기준 구현과 같은 단어들을 같은 순서로"""
    for _ in range(3):
        size, dim = _ints(seed, 15, 40)[0], _ints(seed, 3, 7)[0]
        vocab = _vocab(seed, size)
        embeddings = torch.randn(size, dim, generator=seed)
        word = list(vocab)[_ints(seed, 4, size)[0]]
        k = _ints(seed, 1, 6)[0]
        assert_matches(student.most_similar(word, embeddings, vocab, k), reference.most_similar(word, embeddings, vocab, k),
                       name=f"most_similar({word!r}, embeddings, vocab, {k})", sequence_type=True)


@pytest.mark.points(4)
def test_most_similar_ties_and_specials(student, reference, seed):
    """most_similar: 유사도가 같으면 번호가 작은 단어부터, 자신과 같은 벡터의 특별한 토큰은 빼고"""
    size, dim = 16, 3
    vocab = _vocab(seed, size)
    embeddings = torch.randn(size, dim, generator=seed)  # no accidental ties among these
    query = _ints(seed, 4, size)[0]
    embeddings[query] = torch.tensor([1.0, 2.0, 2.0])
    for twin in _ints(seed, 4, size, 3) + [0, 1]:  # duplicates of the query, specials among them
        if twin != query:
            embeddings[twin] = embeddings[query] * _ints(seed, 1, 3)[0]
    word = list(vocab)[query]
    assert_matches(student.most_similar(word, embeddings, vocab, 6), reference.most_similar(word, embeddings, vocab, 6),
                   name=f"most_similar({word!r}, embeddings, vocab, 6)", sequence_type=True)


@pytest.mark.points(3)
def test_bag_of_embeddings_layers(student, reference, seed):
    """BagOfEmbeddings: embedding과 fc의 형상이 과제 설명과 같음"""
    args = tuple(_ints(seed, 5, 30, 1) + _ints(seed, 2, 9, 2))
    model, want_model = student.BagOfEmbeddings(*args), reference.BagOfEmbeddings(*args)
    for part in ("embedding", "fc"):
        assert_matches(dict(models.layout(model, into=part, name="BagOfEmbeddings")), dict(models.layout(want_model, into=part)),
                       name=f"BagOfEmbeddings{args}.{part}의 형상")


@pytest.mark.points(11)
def test_bag_of_embeddings_outputs_with_grader_weights(student, reference, seed):
    """BagOfEmbeddings: 채점용 가중치(패딩 행도 0이 아님)를 불러오면 길이가 다른 문장들의 출력이 기준 구현과 같음"""
    for _ in range(2):
        vocab_size, dim, classes = _ints(seed, 8, 30)[0], _ints(seed, 2, 9)[0], _ints(seed, 2, 6)[0]
        call = f"BagOfEmbeddings({vocab_size}, {dim}, {classes})"
        model, want_model = student.BagOfEmbeddings(vocab_size, dim, classes), reference.BagOfEmbeddings(vocab_size, dim, classes)
        for part in ("embedding", "fc"):
            weights = models.random_weights(want_model, seed, into=part)
            models.load_weights(model, weights, into=part, name=call)
            getattr(want_model, part).load_state_dict(weights)
        lengths = _ints(seed, 1, 7, 4)
        ids, _ = reference.pad_collate([torch.randint(1, vocab_size, (n,), generator=seed) for n in lengths])
        assert_matches(model(ids), want_model(ids), name=f"{call}(ids) (문장 길이 {lengths})", rtol=1e-4, atol=1e-5)
