"""공개 테스트: BERT의 토큰 가리기 (극단적인 p로 확인할 수 있는 성질)."""
import pytest
import torch

try:
    from deepgrade.grading.compare import assert_matches
except ImportError:  # plain pytest or Colab, without deepgrade: the same helper, shipped with the tests
    from deepgrade_compare import assert_matches

pytestmark = [pytest.mark.problem("bert_mask"), pytest.mark.visibility("visible")]

IDS = torch.tensor([[1, 7, 8, 9, 2, 0], [1, 5, 6, 2, 0, 0]])  # 0 = [PAD], 1 = [CLS], 2 = [SEP], 3 = [MASK]


@pytest.mark.points(2)
def test_p_zero_changes_nothing(student):
    """p = 0이면 inputs는 ids 그대로, labels는 모두 -100"""
    inputs, labels = student.mask_tokens(IDS, 10, 3, [0, 1, 2], torch.Generator().manual_seed(0), p=0.0)
    assert_matches(inputs, IDS, name="p = 0일 때의 inputs")
    assert_matches(labels, torch.full_like(IDS, -100), name="p = 0일 때의 labels")


@pytest.mark.points(3)
def test_p_one_chooses_every_ordinary_token(student):
    """p = 1이면 특수 토큰이 아닌 모든 토큰을 고름: labels는 그 토큰, 특수 토큰은 -100이고 그대로"""
    inputs, labels = student.mask_tokens(IDS, 10, 3, [0, 1, 2], torch.Generator().manual_seed(0), p=1.0)
    special = IDS <= 2
    assert_matches(labels, torch.where(special, torch.full_like(IDS, -100), IDS), name="p = 1일 때의 labels")
    assert_matches(inputs[special], IDS[special], name="특수 토큰 위치의 inputs")


@pytest.mark.points(3)
def test_outputs_are_int64_tensors_of_the_same_shape(student):
    """inputs와 labels는 ids와 같은 형상의 int64 텐서"""
    inputs, labels = student.mask_tokens(IDS, 10, 3, [0, 1, 2], torch.Generator().manual_seed(1))
    for name, value in (("inputs", inputs), ("labels", labels)):
        assert isinstance(value, torch.Tensor) and tuple(value.shape) == (2, 6), f"{name}는 (2, 6) 텐서여야 합니다"
        assert value.dtype == torch.int64, f"{name}의 dtype이 torch.int64여야 합니다 (받은 dtype: {value.dtype})"
