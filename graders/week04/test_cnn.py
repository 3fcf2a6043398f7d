"""Hidden graders for problem `cnn` (40 points; the public tests add 10 -> 50).

- SimpleCNN: parameter count, and outputs with grader weights loaded into conv1, conv2 and
  fc one by one (an extra module of the student's is never penalised).
- train_one_epoch / evaluate: a library CNN with batch norm (its output depends on
  train/eval mode) and grader weights, plain SGD, an unshuffled loader whose last batch is
  smaller: the state after one epoch, the mean loss and the accuracy equal the reference's.
- All three together really learn MNIST (the local fixture): held-out accuracy against a
  threshold calibrated on the reference (``deepgrade validate --calibrate 4``).
"""
import pytest
import torch
import torchvision
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from deepgrade.grading import models
from deepgrade.grading.compare import assert_matches, clear_argmax

pytestmark = pytest.mark.problem("cnn")

LAYERS = ("conv1", "conv2", "fc")


def _num_classes(seed):
    return int(torch.randint(2, 9, (1,), generator=seed))


def _mnist(near, root, train, count=None):
    """The MNIST fixture split, read where the student's code runs: (N, 1, 28, 28) floats, labels."""
    dataset = models.new(near, torchvision.datasets.MNIST, root, train=train, download=False)
    images, labels = dataset.data, dataset.targets
    if count is not None:
        images, labels = images[:count], labels[:count]
    return images.unsqueeze(1).float() / 255, labels.long()


def _load_layers(model, reference_model, weights_by_layer):
    for layer in LAYERS:
        models.load_weights(model, weights_by_layer[layer], into=layer, name="SimpleCNN")
        getattr(reference_model, layer).load_state_dict(weights_by_layer[layer])


def _grader_weights(reference_model, seed):
    return {layer: models.random_weights(reference_model, seed, into=layer) for layer in LAYERS}


@pytest.mark.points(6)
def test_simple_cnn_parameter_count(student, reference, seed):
    """SimpleCNN: conv1, conv2, fc의 형상과 파라미터 수가 과제 설명과 같음"""
    for classes in (10, _num_classes(seed)):
        want_model = reference.SimpleCNN(num_classes=classes)
        model = student.SimpleCNN(num_classes=classes)
        for layer in LAYERS:
            got = models.layout(model, into=layer, name="SimpleCNN")
            want = models.layout(want_model, into=layer)
            assert_matches(dict(got), dict(want), name=f"SimpleCNN(num_classes={classes}).{layer}의 가중치 형상")
            assert models.parameter_count(model, into=layer) == models.parameter_count(want_model, into=layer)


@pytest.mark.points(10)
def test_simple_cnn_outputs_with_grader_weights(student, reference, seed):
    """SimpleCNN: 채점용 가중치를 불러오면 출력이 기준 구현과 같음 (ReLU, 2x2 최대 풀링, 펼치기 순서)"""
    for classes in (10, _num_classes(seed)):
        want_model = reference.SimpleCNN(num_classes=classes)
        model = student.SimpleCNN(num_classes=classes)
        _load_layers(model, want_model, _grader_weights(want_model, seed))
        x = torch.rand(3, 1, 28, 28, generator=seed)
        assert_matches(model(x), want_model(x), name=f"SimpleCNN(num_classes={classes})(x)", rtol=1e-4, atol=1e-5)


def _library_cnn(classes):
    """Conv -> BatchNorm -> ReLU -> MaxPool -> Linear, built where ``near`` lives."""
    return lambda near: models.new(near, nn.Sequential,
                                   models.new(near, nn.Conv2d, 1, 4, 3, padding=1), models.new(near, nn.BatchNorm2d, 4),
                                   models.new(near, nn.ReLU), models.new(near, nn.MaxPool2d, 4),
                                   models.new(near, nn.Flatten), models.new(near, nn.Linear, 4 * 7 * 7, classes))


@pytest.mark.points(10)
def test_train_one_epoch_matches_reference(student, reference, seed, data_root):
    """train_one_epoch: 한 에폭(SGD, 섞지 않은 DataLoader) 뒤의 가중치와 샘플당 평균 손실이 기준 구현과 같음"""
    X, y = _mnist(student.train_one_epoch, data_root, True, count=100)  # batches 32+32+32+4
    model, want_model = models.twins(student.train_one_epoch, _library_cnn(10), seed)
    models.set_training(model, False)  # train_one_epoch must switch it to train mode itself
    want_model.eval()
    optimizer = models.new(model, torch.optim.SGD, models.params_of(model), lr=0.1)
    got_mean = student.train_one_epoch(model, models.loader(model, X, y, batch_size=32), optimizer,
                                       models.new(model, nn.CrossEntropyLoss))
    want_mean = reference.train_one_epoch(want_model, DataLoader(TensorDataset(X, y), batch_size=32),
                                          torch.optim.SGD(want_model.parameters(), lr=0.1), nn.CrossEntropyLoss())
    assert_matches(got_mean, want_mean, name="train_one_epoch의 반환값 (샘플당 평균 손실)", rtol=1e-5, atol=1e-6)
    assert_matches(models.state_dict(model), want_model.state_dict(), name="한 에폭 뒤의 state_dict",
                   rtol=1e-4, atol=1e-5)


@pytest.mark.points(6)
def test_evaluate_matches_reference_in_eval_mode(student, reference, seed, data_root):
    """evaluate: MNIST 시험 데이터에서 기준 구현과 같은 정확도 (평가 모드, 마지막 배치가 작아도)"""
    X, y = _mnist(student.evaluate, data_root, False)
    model, want_model = models.twins(student.evaluate, _library_cnn(10), seed)
    want_model.eval()
    keep = clear_argmax(want_model(X))
    X, y = X[keep], y[keep]
    got = student.evaluate(model, models.loader(model, X, y, batch_size=48))
    want_model.train()
    want = reference.evaluate(want_model, DataLoader(TensorDataset(X, y), batch_size=48))
    assert not models.is_training(model), "evaluate가 끝난 뒤 모델이 평가 모드(model.eval())여야 합니다"
    assert_matches(got, want, name="정확도", rtol=1e-9, atol=1e-12)


@pytest.mark.points(8)
@pytest.mark.time_limit(20)
@pytest.mark.threshold("accuracy", at_least=0.6, margin=0.1, label="MNIST 시험 데이터 정확도")
def test_simple_cnn_learns_mnist(student, reference, seed, data_root, metric):
    """SimpleCNN + train_one_epoch: MNIST를 5 에폭 학습하면 처음 보는 시험 이미지의 60% 이상을 맞힘"""
    X, y = _mnist(student.SimpleCNN, data_root, True)
    X_test, y_test = _mnist(student.SimpleCNN, data_root, False)
    model = student.SimpleCNN()
    for layer, weights in _grader_weights(reference.SimpleCNN(), seed).items():
        models.load_weights(model, weights, into=layer, name="SimpleCNN")
    optimizer = models.new(model, torch.optim.SGD, models.params_of(model), lr=0.05, momentum=0.9)
    shuffle = torch.Generator().manual_seed(int(torch.randint(0, 2**31 - 1, (1,), generator=seed)))
    loader = models.new(model, DataLoader, models.new(model, TensorDataset, X, y), batch_size=32, shuffle=True,
                        generator=shuffle)
    loss_fn = models.new(model, nn.CrossEntropyLoss)
    for _ in range(5):
        student.train_one_epoch(model, loader, optimizer, loss_fn)
    models.set_training(model, False)
    scores = model(X_test)  # the trained model's own predictions, judged here (not by evaluate)
    assert isinstance(scores, torch.Tensor) and tuple(scores.shape) == (len(y_test), 10), (
        "SimpleCNN의 출력 형상이 (이미지 수, 10)이어야 합니다")
    metric((scores.argmax(dim=1) == y_test).double().mean().item())
