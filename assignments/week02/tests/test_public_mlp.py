"""공개 테스트: 2층 신경망, MLP, 학습과 평가 (작은 예)."""
import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

pytestmark = [pytest.mark.problem("mlp"), pytest.mark.visibility("visible")]


def xor_four_points():
    X = torch.tensor([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]]).repeat(4, 1)
    y = torch.tensor([0, 0, 1, 1]).repeat(4)
    return X, y


@pytest.mark.points(2)
def test_two_layer_net_shapes_and_zero_biases(student):
    """TwoLayerNet(3, 5, 2)의 파라미터 형상과 0인 편향: W1 (3, 5), b1 (5,), W2 (5, 2), b2 (2,)"""
    net = student.TwoLayerNet(3, 5, 2, generator=torch.Generator().manual_seed(0))
    shapes = {key: tuple(value.shape) for key, value in net.params.items()}
    assert shapes == {"W1": (3, 5), "b1": (5,), "W2": (5, 2), "b2": (2,)}
    assert net.params["b1"].abs().sum() == 0 and net.params["b2"].abs().sum() == 0


@pytest.mark.points(2)
def test_two_layer_net_loss_gives_a_gradient_per_parameter(student):
    """loss(X, y) -> (손실, 각 파라미터와 같은 형상의 기울기)"""
    net = student.TwoLayerNet(2, 4, 2, generator=torch.Generator().manual_seed(1))
    X, y = xor_four_points()
    value, gradients = net.loss(X, y)
    assert float(value) > 0
    assert {key: tuple(g.shape) for key, g in gradients.items()} == {key: tuple(p.shape) for key, p in net.params.items()}


@pytest.mark.points(2)
def test_train_manual_reduces_the_loss(student):
    """train_manual: steps개의 손실, 학습하면 손실이 줄어듦"""
    X, y = xor_four_points()
    params, losses = student.train_manual(X, y, 8, 0.5, 50, torch.Generator().manual_seed(2))
    assert len(losses) == 50 and isinstance(losses[0], float)
    assert losses[-1] < losses[0]
    assert set(params) == {"W1", "b1", "W2", "b2"}


@pytest.mark.points(2)
def test_mlp_layers_in_one_sequential(student):
    """MLP의 층 구성: MLP(4, [8, 6], 3).layers = Linear(4, 8), ReLU, Linear(8, 6), ReLU, Linear(6, 3)"""
    model = student.MLP(4, [8, 6], 3)
    keys = {key: tuple(value.shape) for key, value in model.layers.state_dict().items()}
    assert keys == {"0.weight": (8, 4), "0.bias": (8,), "2.weight": (6, 8), "2.bias": (6,),
                    "4.weight": (3, 6), "4.bias": (3,)}
    assert len(model.layers) == 5
    assert tuple(model(torch.zeros(5, 4)).shape) == (5, 3)


@pytest.mark.points(2)
def test_evaluate_counts_every_sample(student, new):
    """evaluate: 5개 중 4개를 맞히면 0.8 (마지막 배치가 더 작아도)"""
    model = new(nn.Linear, 2, 2)
    model.load_state_dict({"weight": torch.eye(2), "bias": torch.zeros(2)})
    X = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])
    y = torch.tensor([0, 1, 1, 1, 1])
    loader = new(DataLoader, new(TensorDataset, X, y), batch_size=3)
    assert abs(student.evaluate(model, loader) - 0.8) < 1e-9


@pytest.mark.points(1)
def test_train_epoch_returns_the_mean_loss(student, new):
    """train_epoch: float 평균 손실을 반환하고 가중치를 바꿈"""
    model = new(nn.Linear, 2, 2)
    before = model.weight.detach().clone()
    X, y = xor_four_points()
    loader = new(DataLoader, new(TensorDataset, X, y), batch_size=4)
    optimizer = new(torch.optim.SGD, model.parameters(), lr=0.1)
    mean = student.train_epoch(model, loader, optimizer, new(nn.CrossEntropyLoss))
    assert isinstance(mean, float) and mean > 0
    assert not torch.equal(model.weight.detach(), before)
