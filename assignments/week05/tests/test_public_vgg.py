"""공개 테스트: VGG 블록의 구성, 작은 VGG의 두 부분과 출력 형상."""
import pytest
import torch

try:
    from deepgrade.grading.compare import assert_matches
except ImportError:  # plain pytest or Colab, without deepgrade: the same helper, shipped with the tests
    from deepgrade_compare import assert_matches

pytestmark = [pytest.mark.problem("vgg"), pytest.mark.visibility("visible")]


@pytest.mark.points(4)
def test_vgg_block_layout_and_pooling(student):
    """vgg_block(3, 8, 2): 합성곱 2개(3->8, 8->8)와 ReLU, 끝에 2x2 최대 풀링 (9x9 -> 4x4)"""
    block = student.vgg_block(3, 8, 2)
    shapes = {key: tuple(value.shape) for key, value in block.state_dict().items()}
    assert_matches(shapes, {"0.weight": (8, 3, 3, 3), "0.bias": (8,), "2.weight": (8, 8, 3, 3), "2.bias": (8,)},
                   name="vgg_block(3, 8, 2).state_dict()의 키와 형상")
    assert_matches(len(block), 5, name="len(vgg_block(3, 8, 2))")
    assert_matches(tuple(block(torch.zeros(1, 3, 9, 9)).shape), (1, 8, 4, 4), name="(1, 3, 9, 9) 입력의 출력 형상")


@pytest.mark.points(3)
def test_make_vgg_has_features_and_classifier(student):
    """make_vgg([(1, 4), (1, 8)], 3, 16): features와 classifier, 첫 Linear의 입력은 8 * 4 * 4, 출력 (2, 3)"""
    model = student.make_vgg([(1, 4), (1, 8)], 3, 16)
    model.eval()
    shapes = {key: tuple(value.shape) for key, value in model.state_dict().items()}
    assert_matches(shapes, {"features.0.0.weight": (4, 1, 3, 3), "features.0.0.bias": (4,),
                            "features.1.0.weight": (8, 4, 3, 3), "features.1.0.bias": (8,),
                            "classifier.1.weight": (128, 128), "classifier.1.bias": (128,),
                            "classifier.4.weight": (128, 128), "classifier.4.bias": (128,),
                            "classifier.7.weight": (3, 128), "classifier.7.bias": (3,)},
                   name="make_vgg([(1, 4), (1, 8)], 3, 16).state_dict()의 키와 형상")
    assert_matches(tuple(model(torch.zeros(2, 1, 16, 16)).shape), (2, 3), name="(2, 1, 16, 16) 입력의 출력 형상")
