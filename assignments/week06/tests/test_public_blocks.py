"""공개 테스트: Inception과 Residual 블록의 층 이름, 형상, 지름길."""
import pytest
import torch

try:
    from deepgrade.grading.compare import assert_matches
except ImportError:  # plain pytest or Colab, without deepgrade: the same helper, shipped with the tests
    from deepgrade_compare import assert_matches

pytestmark = [pytest.mark.problem("blocks"), pytest.mark.visibility("visible")]


@pytest.mark.points(5)
def test_inception_branches_and_output_channels(student):
    """Inception(4, 2, (3, 5), (1, 2), 3): 갈래별 층 형상, 출력 채널 2 + 5 + 2 + 3 = 12, 크기 그대로"""
    block = student.Inception(4, 2, (3, 5), (1, 2), 3)
    shapes = {key: tuple(value.shape) for key, value in block.state_dict().items()}
    assert_matches(shapes, {"p1_1.weight": (2, 4, 1, 1), "p1_1.bias": (2,),
                            "p2_1.weight": (3, 4, 1, 1), "p2_1.bias": (3,), "p2_2.weight": (5, 3, 3, 3), "p2_2.bias": (5,),
                            "p3_1.weight": (1, 4, 1, 1), "p3_1.bias": (1,), "p3_2.weight": (2, 1, 5, 5), "p3_2.bias": (2,),
                            "p4_2.weight": (3, 4, 1, 1), "p4_2.bias": (3,)},
                   name="Inception(4, 2, (3, 5), (1, 2), 3).state_dict()의 키와 형상")
    out = block(torch.rand(2, 4, 7, 7))
    assert_matches(tuple(out.shape), (2, 12, 7, 7), name="(2, 4, 7, 7) 입력의 출력 형상")
    assert (out >= 0).all(), "모든 갈래의 마지막 합성곱 뒤에 ReLU가 있어야 합니다 (출력에 음수가 있습니다)"


@pytest.mark.points(5)
def test_residual_shortcut_only_when_the_shape_changes(student):
    """Residual: 모양이 그대로면 지름길에 파라미터가 없고, stride 2와 채널 변화에는 1x1 합성곱 + BN 지름길"""
    same = student.Residual(4, 4)
    keys = sorted(key for key in same.state_dict() if not key.endswith("num_batches_tracked"))
    assert_matches(keys, ["bn1.bias", "bn1.running_mean", "bn1.running_var", "bn1.weight",
                          "bn2.bias", "bn2.running_mean", "bn2.running_var", "bn2.weight",
                          "conv1.weight", "conv2.weight"], name="Residual(4, 4).state_dict()의 키 (편향 없는 합성곱)")
    assert_matches(tuple(same(torch.rand(2, 4, 5, 5)).shape), (2, 4, 5, 5), name="Residual(4, 4)의 출력 형상")
    down = student.Residual(4, 6, stride=2)
    shapes = {key: tuple(value.shape) for key, value in down.state_dict().items() if key.startswith("shortcut.")}
    assert_matches(shapes, {"shortcut.0.weight": (6, 4, 1, 1), "shortcut.1.weight": (6,), "shortcut.1.bias": (6,),
                            "shortcut.1.running_mean": (6,), "shortcut.1.running_var": (6,),
                            "shortcut.1.num_batches_tracked": ()},
                   name="Residual(4, 6, stride=2)의 지름길(shortcut) 키와 형상")
    assert_matches(tuple(down(torch.rand(2, 4, 7, 7)).shape), (2, 6, 4, 4), name="Residual(4, 6, stride=2)의 출력 형상")
