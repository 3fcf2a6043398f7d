"""공개 테스트: SimpleCNN의 층과 출력 형상, 학습과 평가 (작은 예)."""
import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

pytestmark = [pytest.mark.problem("cnn"), pytest.mark.visibility("visible")]


@pytest.mark.points(3)
def test_simple_cnn_layers(student):
    """SimpleCNN 층의 형상: conv1 (8, 1, 3, 3), conv2 (16, 8, 3, 3), fc (10, 784)"""
    model = student.SimpleCNN()
    assert tuple(model.conv1.weight.shape) == (8, 1, 3, 3)
    assert tuple(model.conv2.weight.shape) == (16, 8, 3, 3)
    assert tuple(model.fc.weight.shape) == (10, 16 * 7 * 7)


@pytest.mark.points(2)
def test_simple_cnn_output_shape(student):
    """SimpleCNN(num_classes=4)(2장의 28x28 이미지) -> (2, 4)"""
    model = student.SimpleCNN(num_classes=4)
    assert tuple(model(torch.zeros(2, 1, 28, 28)).shape) == (2, 4)


@pytest.mark.points(2)
def test_evaluate_counts_every_sample(student, new):
    """evaluate: 5개 중 4개를 맞히면 0.8 (마지막 배치가 더 작아도)"""
    model = new(nn.Linear, 2, 2)
    model.load_state_dict({"weight": torch.eye(2), "bias": torch.zeros(2)})
    X = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])
    y = torch.tensor([0, 1, 1, 1, 1])
    loader = new(DataLoader, new(TensorDataset, X, y), batch_size=3)
    assert abs(student.evaluate(model, loader) - 0.8) < 1e-9


@pytest.mark.points(3)
def test_train_one_epoch_returns_the_mean_loss(student, new):
    """train_one_epoch: float 평균 손실을 반환하고 가중치를 바꿈"""
    model = new(nn.Linear, 4, 3)
    before = model.weight.detach().clone()
    X = torch.arange(24.0).reshape(6, 4) / 24
    y = torch.tensor([0, 1, 2, 0, 1, 2])
    loader = new(DataLoader, new(TensorDataset, X, y), batch_size=4)
    optimizer = new(torch.optim.SGD, model.parameters(), lr=0.1)
    mean = student.train_one_epoch(model, loader, optimizer, new(nn.CrossEntropyLoss))
    assert isinstance(mean, float) and mean > 0
    assert not torch.equal(model.weight.detach(), before)
