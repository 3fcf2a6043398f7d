"""Hidden graders for problem `lenet` (34 points; the public tests add 6 -> 40).

- LeNet5: each layer's shapes for 10 and a random number of classes; outputs with grader
  weights loaded into conv1 ... fc3 one by one (an extra module of the student's is never
  penalised, curriculum rule 2).
- train_lenet: the returned state_dict has LeNet5's keys and shapes, and, loaded into the
  reference LeNet5 here on the trusted side, classifies the MNIST fixture's test split (read
  here too, with ToTensor's [0, 1] scaling) above a threshold calibrated on the reference
  (``deepgrade validate --calibrate 5``).
"""
import pytest
import torch
import torchvision

from deepgrade.grading import models
from deepgrade.grading.compare import assert_matches

pytestmark = pytest.mark.problem("lenet")

LAYERS = ("conv1", "conv2", "fc1", "fc2", "fc3")


def _num_classes(seed):
    return int(torch.randint(2, 9, (1,), generator=seed))


def _subseed(seed):
    return int(torch.randint(0, 2**31 - 1, (1,), generator=seed))


@pytest.mark.points(4)
def test_lenet5_layer_shapes_for_any_number_of_classes(student, reference, seed):
    """LeNet5: 다섯 층의 형상이 과제 설명과 같음 (num_classes가 10이 아닐 때도)"""
    for classes in (10, _num_classes(seed)):
        model, want_model = student.LeNet5(num_classes=classes), reference.LeNet5(num_classes=classes)
        for layer in LAYERS:
            assert_matches(dict(models.layout(model, into=layer, name="LeNet5")), dict(models.layout(want_model, into=layer)),
                           name=f"LeNet5(num_classes={classes}).{layer}의 가중치 형상")


@pytest.mark.points(10)
def test_lenet5_outputs_with_grader_weights(student, reference, seed):
    """LeNet5: 채점용 가중치를 불러오면 출력이 기준 구현과 같음 (ReLU, 2x2 최대 풀링, 펼치기 순서)"""
    for classes in (10, _num_classes(seed)):
        model, want_model = student.LeNet5(num_classes=classes), reference.LeNet5(num_classes=classes)
        for layer in LAYERS:
            weights = models.random_weights(want_model, seed, into=layer)
            models.load_weights(model, weights, into=layer, name="LeNet5")
            getattr(want_model, layer).load_state_dict(weights)
        x = torch.rand(3, 1, 28, 28, generator=seed)
        assert_matches(model(x), want_model(x), name=f"LeNet5(num_classes={classes})(x)", rtol=1e-4, atol=1e-5)


def _lenet_part(state, want_keys):
    """The returned state_dict's LeNet5 entries (an extra module of the student's is not LeNet5's
    business: its keys are left out, as the stub promises)."""
    assert isinstance(state, dict) and all(isinstance(v, torch.Tensor) for v in state.values()), (
        "train_lenet: model.state_dict()처럼 이름 -> 텐서인 딕셔너리를 반환해야 합니다")
    return {key: value for key, value in state.items() if key in want_keys}


@pytest.mark.points(4)
def test_train_lenet_returns_a_lenet_state_dict(student, reference, seed, data_root):
    """train_lenet: LeNet5와 같은 키와 형상의 state_dict를 반환"""
    state = student.train_lenet(data_root, 1, torch.Generator().manual_seed(_subseed(seed)))
    want = {key: tuple(value.shape) for key, value in reference.LeNet5().state_dict().items()}
    got = {key: tuple(value.shape) for key, value in _lenet_part(state, want).items()}
    assert_matches(got, want, name="train_lenet이 반환한 state_dict의 키와 형상")


def _mnist_test_split(host_data_root):
    """The fixture's test split, read here (never from the student's process), as ToTensor makes it."""
    dataset = torchvision.datasets.MNIST(host_data_root, train=False, download=False)
    return dataset.data.unsqueeze(1).float() / 255, dataset.targets.long()


@pytest.mark.points(16)
@pytest.mark.time_limit(20)
@pytest.mark.threshold("accuracy", at_least=0.6, margin=0.1, label="MNIST 시험 데이터 정확도")
def test_train_lenet_learns_mnist(student, reference, seed, data_root, host_data_root, metric):
    """train_lenet: 5 에폭 학습한 가중치가 처음 보는 MNIST 시험 이미지의 60% 이상을 맞힘"""
    state = student.train_lenet(data_root, 5, torch.Generator().manual_seed(_subseed(seed)))
    model = reference.LeNet5()
    state = _lenet_part(state, model.state_dict())
    assert_matches({k: tuple(v.shape) for k, v in state.items()}, {k: tuple(v.shape) for k, v in model.state_dict().items()},
                   name="train_lenet이 반환한 state_dict의 키와 형상")
    model.load_state_dict(state)
    model.eval()
    X, y = _mnist_test_split(host_data_root)
    with torch.no_grad():
        accuracy = (model(X).argmax(dim=1) == y).double().mean().item()
    metric(accuracy)
