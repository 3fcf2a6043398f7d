"""공개 테스트: 원-핫, 패딩으로 묶기, 가까운 단어, 임베딩 평균 (손으로 계산할 수 있는 작은 예)."""
import pytest
import torch

try:
    from deepgrade.grading.compare import assert_matches
except ImportError:  # plain pytest or Colab, without deepgrade: the same helper, shipped with the tests
    from deepgrade_compare import assert_matches

pytestmark = [pytest.mark.problem("represent"), pytest.mark.visibility("visible")]


@pytest.mark.points(2)
def test_one_hot_float_rows(student):
    """one_hot(tensor([2, 0]), 4): 실수(float32) 원-핫 두 줄"""
    assert_matches(student.one_hot(torch.tensor([2, 0]), 4), torch.tensor([[0.0, 0.0, 1.0, 0.0], [1.0, 0.0, 0.0, 0.0]]),
                   name="one_hot(tensor([2, 0]), 4)", exact_dtype=True)


@pytest.mark.points(3)
def test_pad_collate_batch_first_with_lengths(student):
    """pad_collate: (배치, 가장 긴 길이)로 0을 채우고, 원래 길이를 LongTensor로"""
    padded, lengths = student.pad_collate([torch.tensor([5, 6, 7]), torch.tensor([8])])
    assert_matches(padded, torch.tensor([[5, 6, 7], [8, 0, 0]]), name="padded", exact_dtype=True)
    assert_matches(lengths, torch.tensor([3, 1]), name="lengths", exact_dtype=True)


@pytest.mark.points(2)
def test_most_similar_skips_itself_and_specials(student):
    """most_similar: 자신과 특별한 토큰(0~3)은 빼고, 코사인 유사도가 큰 순서로"""
    vocab = {"<pad>": 0, "<unk>": 1, "<sos>": 2, "<eos>": 3, "고양이": 4, "강아지": 5, "자동차": 6, "버스": 7}
    embeddings = torch.tensor([[1.0, 0.0], [1.0, 0.1], [0.0, 0.0], [1.0, 0.0],
                               [1.0, 0.1], [1.0, 0.3], [0.0, 1.0], [0.2, 1.0]])
    assert_matches(student.most_similar("고양이", embeddings, vocab, 2), ["강아지", "버스"],
                   name='most_similar("고양이", embeddings, vocab, 2)')


@pytest.mark.points(2)
def test_bag_of_embeddings_averages_only_real_tokens(student):
    """BagOfEmbeddings: 패딩(0)이 아닌 위치의 임베딩만 평균 (나눗셈은 /) 내고 fc에 넣음"""
    model = student.BagOfEmbeddings(4, 2, 2)
    model.embedding.load_state_dict({"weight": torch.tensor([[100.0, 100.0], [1.0, 2.0], [4.0, 4.0], [5.0, 9.0]])})
    model.fc.load_state_dict({"weight": torch.eye(2), "bias": torch.zeros(2)})
    ids = torch.tensor([[1, 2, 0, 0], [3, 0, 0, 0]])
    assert_matches(model(ids), torch.tensor([[2.5, 3.0], [5.0, 9.0]]), name="model(ids)")
