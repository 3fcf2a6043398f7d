"""Hidden graders for problem `mlp` (44 points; the public tests add 11 -> 55).

- TwoLayerNet: initialisation exactly as the stub states (same generator, same draws);
  loss and gradients against autograd in float64 with grader-set parameters.
- train_manual: step for step as the reference (same generator), and it really learns:
  XOR and two-moons points drawn from the seed, loss and held-out accuracy against
  thresholds calibrated on the reference (``deepgrade validate --calibrate 2``).
- MLP: parameter count and outputs with grader weights loaded into ``model.layers``.
- train_epoch / evaluate: given a library model (so a broken MLP does not spoil them), the
  state after one epoch, the returned mean and the accuracy equal the reference's. The
  models depend on train/eval mode (batch norm), batches do not divide the data evenly.
"""
import pytest
import torch
import torch.nn.functional as F
import torchvision
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from deepgrade.grading import models
from deepgrade.grading.compare import assert_matches, assert_relative_error, clear_argmax
from deepgrade.grading.forbidden import AUTOGRAD, watched
from deepgrade.grading.toy_data import two_moons, xor_points

pytestmark = pytest.mark.problem("mlp")


def _dims(seed, count, low=2, high=8):
    return [int(v) for v in torch.randint(low, high, (count,), generator=seed)]


def _subseed(seed):
    return int(torch.randint(0, 2**31 - 1, (1,), generator=seed))


def _forward_loss(params, X, y):
    hidden = torch.relu(X @ params["W1"] + params["b1"])
    return F.cross_entropy(hidden @ params["W2"] + params["b2"], y)


def _accuracy(params, X, y):
    hidden = torch.relu(X @ params["W1"] + params["b1"])
    return ((hidden @ params["W2"] + params["b2"]).argmax(dim=1) == y).double().mean().item()


def _params_of(got):
    assert isinstance(got, dict) and set(got) == {"W1", "b1", "W2", "b2"}, (
        "params는 키 W1, b1, W2, b2를 가진 딕셔너리여야 합니다")
    return got


@pytest.mark.points(4)
def test_two_layer_net_initialisation(student, reference, seed):
    """TwoLayerNet: 과제 설명의 순서와 크기로 generator에서 뽑은 초기 가중치, 편향은 0"""
    for _ in range(2):
        d, h, c = _dims(seed, 3)
        number = _subseed(seed)
        got = student.TwoLayerNet(d, h + 1, c, generator=torch.Generator().manual_seed(number)).params
        want = reference.TwoLayerNet(d, h + 1, c, generator=torch.Generator().manual_seed(number)).params
        assert_matches(got, want, name="params")


@pytest.mark.points(8)
def test_two_layer_net_loss_and_gradients(student, seed):
    """TwoLayerNet.loss: 손실과 네 기울기가 autograd와 같음 (float64, autograd 사용 금지)"""
    n, d, h, c = _dims(seed, 4, 3, 9)
    params = {"W1": torch.randn(d, h, generator=seed, dtype=torch.float64),
              "b1": torch.randn(h, generator=seed, dtype=torch.float64),
              "W2": torch.randn(h, c, generator=seed, dtype=torch.float64),
              "b2": torch.randn(c, generator=seed, dtype=torch.float64)}
    for _ in range(20):  # keep every hidden unit's input off ReLU's kink at 0
        X = torch.randn(n, d, generator=seed, dtype=torch.float64)
        if (X @ params["W1"] + params["b1"]).abs().min() > 1e-3:
            break
    y = torch.randint(0, c, (n,), generator=seed)
    net = student.TwoLayerNet(d, h, c)
    net.params = dict(params)
    loss, grads = watched(net.loss, AUTOGRAD)(X, y)
    leaves = {k: v.clone().requires_grad_(True) for k, v in params.items()}
    want_loss = _forward_loss(leaves, X, y)
    want_loss.backward()
    assert_relative_error(loss, want_loss.detach(), name="loss")
    assert isinstance(grads, dict) and set(grads) == set(params), "grads는 W1, b1, W2, b2 키를 가진 딕셔너리여야 합니다"
    for key in ("W2", "b2", "W1", "b1"):
        assert_relative_error(grads[key], leaves[key].grad, name=f"grads['{key}']")
    assert_matches(net.params, params, name="loss를 부른 뒤의 params (바뀌면 안 됩니다)", rtol=0, atol=0)


@pytest.mark.points(5)
def test_train_manual_matches_reference_step_by_step(student, reference, seed):
    """train_manual: 같은 generator로 기준 구현과 같은 손실 기록과 최종 파라미터"""
    n, d, c = 30, 3, 3
    X = torch.randn(n, d, generator=seed)
    y = torch.randint(0, c, (n,), generator=seed)
    y[:c] = torch.arange(c)  # every class present
    number = _subseed(seed)
    got_params, got_losses = student.train_manual(X, y, 6, 0.2, 12, torch.Generator().manual_seed(number))
    want_params, want_losses = reference.train_manual(X, y, 6, 0.2, 12, torch.Generator().manual_seed(number))
    assert_matches(list(got_losses), list(want_losses), name="losses", rtol=1e-4, atol=1e-6)
    assert_matches(_params_of(got_params), want_params, name="params", rtol=1e-4, atol=1e-5)


def _train_and_test(student, seed, make, hidden, lr, steps):
    X, y = make(256, seed)
    X_test, y_test = make(256, seed)
    params, losses = student.train_manual(X, y, hidden, lr, steps, torch.Generator().manual_seed(_subseed(seed)))
    assert isinstance(losses, (list, tuple)) and len(losses) == steps, f"losses는 길이 {steps}의 리스트여야 합니다"
    params = {k: v.double() for k, v in _params_of(params).items()}
    return float(losses[-1]) / float(losses[0]), _accuracy(params, X_test.double(), y_test)


@pytest.mark.points(4)
@pytest.mark.threshold("loss_ratio", at_most=0.1, margin=0.04, label="XOR: 마지막 손실 / 처음 손실")
@pytest.mark.threshold("accuracy", at_least=0.95, margin=0.03, label="XOR: 새 점들에 대한 정확도")
def test_train_manual_learns_xor(student, seed, metric):
    """train_manual: XOR 점들을 학습해 손실이 처음의 10% 이하, 새 점들의 정확도 95% 이상"""
    ratio, accuracy = _train_and_test(student, seed, xor_points, 16, 0.5, 300)
    metric(ratio, "loss_ratio")
    metric(accuracy, "accuracy")


@pytest.mark.points(4)
@pytest.mark.threshold("loss_ratio", at_most=0.1, margin=0.04, label="two moons: 마지막 손실 / 처음 손실")
@pytest.mark.threshold("accuracy", at_least=0.95, margin=0.02, label="two moons: 새 점들에 대한 정확도")
def test_train_manual_learns_two_moons(student, seed, metric):
    """train_manual: 두 반달(two moons) 점들을 학습해 손실 10% 이하, 새 점들의 정확도 95% 이상"""
    ratio, accuracy = _train_and_test(student, seed, two_moons, 32, 1.0, 400)
    metric(ratio, "loss_ratio")
    metric(accuracy, "accuracy")


def _configs(seed):
    d, a, b, c, o = _dims(seed, 5, 2, 10)
    return [(d, [], o), (d, [a + 1], o), (d, [a, b, c], o + 1)]


@pytest.mark.points(3)
def test_mlp_parameter_count(student, reference, seed):
    """MLP: 여러 hidden_dims 구성에서 파라미터 수가 과제 설명의 구성과 같음"""
    for in_dim, hidden, out_dim in _configs(seed):
        got = models.parameter_count(student.MLP(in_dim, hidden, out_dim), into="layers")
        want = models.parameter_count(reference.MLP(in_dim, hidden, out_dim), into="layers")
        assert got == want, f"MLP({in_dim}, {hidden}, {out_dim})의 layers 파라미터 수 {got} (기대값 {want})"


@pytest.mark.points(5)
def test_mlp_outputs_with_grader_weights(student, reference, seed):
    """MLP: 채점용 가중치를 layers에 불러오면 출력이 기준 구현과 같음"""
    for in_dim, hidden, out_dim in _configs(seed):
        want_model = reference.MLP(in_dim, hidden, out_dim)
        weights = models.random_weights(want_model, seed, into="layers")
        model = student.MLP(in_dim, hidden, out_dim)
        models.load_weights(model, weights, into="layers", name=f"MLP({in_dim}, {hidden}, {out_dim})")
        want_model.layers.load_state_dict(weights)
        x = torch.randn(5, in_dim, generator=seed)
        assert_matches(model(x), want_model(x), name=f"MLP({in_dim}, {hidden}, {out_dim})(x)", rtol=1e-5, atol=1e-6)


def _batchnorm_model(d, h, c):
    """Linear -> BatchNorm1d -> ReLU -> Linear, built where ``near`` lives: its output depends
    on train/eval mode."""
    return lambda near: models.new(near, nn.Sequential, models.new(near, nn.Linear, d, h),
                                   models.new(near, nn.BatchNorm1d, h), models.new(near, nn.ReLU),
                                   models.new(near, nn.Linear, h, c))


@pytest.mark.points(5)
def test_train_epoch_matches_reference(student, reference, seed):
    """train_epoch: 한 에폭 뒤의 가중치와 샘플당 평균 손실이 기준 구현과 같음 (zero_grad, train 모드 포함)"""
    d, h, c = 5, 7, 3
    model, want_model = models.twins(student.train_epoch, _batchnorm_model(d, h, c), seed)
    models.set_training(model, False)  # train_epoch must switch it to train mode itself
    want_model.eval()
    X, y = torch.randn(50, d, generator=seed), torch.randint(0, c, (50,), generator=seed)  # batches 16+16+16+2
    optimizer = models.new(model, torch.optim.SGD, models.params_of(model), lr=0.2)
    got_mean = student.train_epoch(model, models.loader(model, X, y, batch_size=16), optimizer,
                                   models.new(model, nn.CrossEntropyLoss))
    want_mean = reference.train_epoch(want_model, DataLoader(TensorDataset(X, y), batch_size=16),
                                      torch.optim.SGD(want_model.parameters(), lr=0.2), nn.CrossEntropyLoss())
    assert_matches(got_mean, want_mean, name="train_epoch의 반환값 (샘플당 평균 손실)", rtol=1e-5, atol=1e-6)
    assert_matches(models.state_dict(model), want_model.state_dict(), name="한 에폭 뒤의 state_dict",
                   rtol=1e-4, atol=1e-6)


def _mnist(near, root, train):
    """The MNIST fixture split, read where the student's code runs, as flat float tensors."""
    dataset = models.new(near, torchvision.datasets.MNIST, root, train=train, download=False)
    images, labels = dataset.data, dataset.targets
    return images.reshape(len(images), -1).float() / 255, labels.long()


@pytest.mark.points(3)
def test_evaluate_on_mnist(student, reference, seed, data_root):
    """evaluate: MNIST 시험 데이터에서 정확도가 기준 구현과 같음 (마지막 배치가 작아도)"""
    X_train, y_train = _mnist(student.evaluate, data_root, True)
    X_test, y_test = _mnist(student.evaluate, data_root, False)
    trained = nn.Linear(784, 10)
    trained.load_state_dict(models.random_weights(trained, seed))
    optimizer = torch.optim.SGD(trained.parameters(), lr=0.5)
    for _ in range(15):  # a quick full-batch fit: accuracy well above chance
        optimizer.zero_grad()
        F.cross_entropy(trained(X_train), y_train).backward()
        optimizer.step()
    keep = clear_argmax(trained(X_test))
    X_test, y_test = X_test[keep], y_test[keep]
    model = models.new(student.evaluate, nn.Linear, 784, 10)
    models.load_weights(model, trained.state_dict())
    got = student.evaluate(model, models.loader(model, X_test, y_test, batch_size=48))
    want = reference.evaluate(trained, DataLoader(TensorDataset(X_test, y_test), batch_size=48))
    assert_matches(got, want, name="정확도", rtol=1e-9, atol=1e-12)


@pytest.mark.points(3)
def test_evaluate_uses_eval_mode(student, reference, seed):
    """evaluate: model.eval()로 평가 (배치 정규화가 있는 모델에서 기준 구현과 같은 정확도, 평가 모드로 끝남)"""
    d, h, c = 6, 9, 4
    model, want_model = models.twins(student.evaluate, _batchnorm_model(d, h, c), seed)
    X, y = torch.randn(40, d, generator=seed) * 2 + 1, torch.randint(0, c, (40,), generator=seed)
    want_model.eval()
    keep = clear_argmax(want_model(X))
    X, y = X[keep], y[keep]
    want_model.train()
    got = student.evaluate(model, models.loader(model, X, y, batch_size=12))
    want = reference.evaluate(want_model, DataLoader(TensorDataset(X, y), batch_size=12))
    assert not models.is_training(model), "evaluate가 끝난 뒤 모델이 평가 모드(model.eval())여야 합니다"
    assert_matches(got, want, name="정확도", rtol=1e-9, atol=1e-12)
    assert_matches(models.state_dict(model), want_model.state_dict(), name="평가 뒤의 state_dict (바뀌면 안 됩니다)")
