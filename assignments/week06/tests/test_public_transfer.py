"""공개 테스트: 미리 학습된 모델 불러오기, 백본 얼리기, 머리 바꾸기, 미세 조정 (작은 예)."""
import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

try:
    from deepgrade.grading.compare import assert_matches
except ImportError:  # plain pytest or Colab, without deepgrade: the same helper, shipped with the tests
    from deepgrade_compare import assert_matches

pytestmark = [pytest.mark.problem("transfer"), pytest.mark.visibility("visible")]


def tiny_model(new):
    """features (Conv2d, BatchNorm2d, ReLU, 평균 풀링, 펼치기)와 head (Linear(4, 3))를 가진 작은 모델."""
    net = new(nn.Sequential)
    net.add_module("features", new(nn.Sequential, new(nn.Conv2d, 3, 4, 3), new(nn.BatchNorm2d, 4), new(nn.ReLU),
                                   new(nn.AdaptiveAvgPool2d, 1), new(nn.Flatten)))
    net.add_module("head", new(nn.Linear, 4, 3))
    return net


def trainable(model):
    return [parameter.requires_grad for parameter in model.parameters()]


@pytest.mark.points(3)
def test_load_backbone_reads_the_pretrained_file(student, data_root):
    """load_backbone: backbone.pt의 state_dict를 불러온 (4 클래스 머리의) 모델을 평가 모드로 반환"""
    model = student.load_backbone(data_root + "/shapes/backbone.pt")
    state = model.state_dict()
    assert_matches(tuple(state["head.weight"].shape), (4, 32), name="head.weight의 형상")
    assert state["features.1.running_var"].sub(1).abs().max() > 1e-3, (
        "BatchNorm의 running_var가 처음 값(1) 그대로입니다: 파일의 state_dict를 불러오세요")
    assert not model.training, "model.eval()을 불러 평가 모드로 반환해야 합니다"


@pytest.mark.points(2)
def test_freeze_backbone_freezes_features_only(student, new):
    """freeze_backbone: features는 requires_grad=False, head는 True, 같은 모델을 반환"""
    model = tiny_model(new)
    returned = student.freeze_backbone(model)
    assert_matches(trainable(model), [False, False, False, False, True, True],
                   name="얼린 뒤 파라미터마다 requires_grad (conv 가중치, 편향, BN 가중치, 편향, head 가중치, 편향)")
    assert returned is not None and trainable(returned) == trainable(model), "얼린 그 모델을 반환해야 합니다"


@pytest.mark.points(2)
def test_replace_head_makes_a_new_trainable_head(student, new):
    """replace_head: 얼린 모델에서도 새 머리 Linear(4, 5)는 학습 가능, 같은 모델을 반환"""
    model = tiny_model(new)
    model.requires_grad_(False)  # everything frozen first
    returned = student.replace_head(model, 5)
    assert_matches(tuple(model.head.weight.shape), (5, 4), name="새 head.weight의 형상")
    assert_matches(trainable(model), [False, False, False, False, True, True], name="파라미터마다 requires_grad")
    assert returned is not None and tuple(returned.head.weight.shape) == (5, 4), "바꾼 그 모델을 반환해야 합니다"


@pytest.mark.points(3)
def test_finetune_trains_the_head_and_keeps_the_frozen_backbone(student, new):
    """finetune: 머리만 바뀌고, 얼린 features는 배치 정규화 통계까지 그대로 (학습 내내 평가 모드)"""
    model = tiny_model(new)
    model.features.requires_grad_(False)
    before = {key: value.clone() for key, value in model.state_dict().items()}
    X = torch.linspace(0, 1, 7 * 3 * 6 * 6).reshape(7, 3, 6, 6)
    loader = new(DataLoader, new(TensorDataset, X, torch.tensor([0, 1, 2, 0, 1, 2, 0])), batch_size=4)
    state = student.finetune(model, loader, 2, torch.Generator().manual_seed(0))
    assert isinstance(state, dict) and "head.weight" in state, "finetune은 model.state_dict()를 반환해야 합니다"
    for key, value in model.state_dict().items():
        if key.startswith("features."):
            assert torch.equal(value, before[key]), (
                f"{key}이(가) 바뀌었습니다: 얼린 백본은 그대로여야 합니다 (model.train()을 부르지 말고 평가 모드로 학습하세요)")
    assert not torch.equal(model.state_dict()["head.weight"], before["head.weight"]), "머리(head)가 학습되지 않았습니다"
