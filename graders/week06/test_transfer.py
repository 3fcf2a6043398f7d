"""Hidden graders for problem `transfer` (40 points; the public tests add 10 -> 50).

The shipped backbone (data/shapes/backbone.pt, sha256-checked) is read here on the trusted side
(``host_data_root``), never taken from the student's process. Models the student's functions
work on are the course's shapes CNN built where the student's code runs
(``deepgrade.fixtures.shapes.shapes_cnn`` through ``models.new``), with the shipped backbone and
a grader-made head: a broken ``load_backbone`` does not spoil the other tests.

- load_backbone: the returned model's state_dict bit-identical to the file; its predictions on
  seeded shape images equal the reference's (eval mode, as returned).
- freeze_backbone: the requires_grad map (trainable count = the head's), nothing else changed,
  the same model returned. replace_head: a trainable head of a random width, the backbone
  untouched and still frozen, the same model returned.
- finetune: step for step as the reference (same generator: the flips), two epochs over an
  unshuffled loader whose last batch is smaller; the backbone bit-identical to the file
  afterwards (eval mode throughout) while the head lowers the training loss (a calibrated
  ratio: a head nudged by hand does not); and the fine-tuned head classifies two
  shapes the backbone never saw above a threshold calibrated on the reference.
"""
from pathlib import Path

import pytest
import torch
from torch.utils.data import DataLoader, TensorDataset

from deepgrade.fixtures.shapes import NEW_SHAPES, PRETRAIN_SHAPES, shape_images, shapes_cnn
from deepgrade.grading import models
from deepgrade.grading.compare import assert_matches
from deepgrade.sandbox import remote

pytestmark = pytest.mark.problem("transfer")

BACKBONE = "shapes/backbone.pt"


def _ints(seed, low, high, count=1):
    return [int(v) for v in torch.randint(low, high, (count,), generator=seed)]


def _subseed(seed):
    return _ints(seed, 0, 2**31 - 1)[0]


def _shipped(host_data_root):
    return torch.load(Path(host_data_root) / BACKBONE, weights_only=True)


def _features(state):
    return {key: value for key, value in state.items() if key.startswith("features.")}


def _grader_model(near, seed, host_data_root, classes, *, zero_head=False):
    """The shapes CNN twice, where ``near`` lives and here: the shipped backbone, a grader head
    (seeded, or zeros: then every prediction ties and the untrained model is right exactly half
    the time, so a score above that is the fine-tuning's own)."""
    here = shapes_cnn(classes)
    head = models.random_weights(here, seed, into="head")
    if zero_head:
        head = {key: torch.zeros_like(value) for key, value in head.items()}
    weights = {**_features(_shipped(host_data_root)), **{f"head.{key}": value for key, value in head.items()}}
    there = shapes_cnn(classes, make=lambda cls, *args, **kwargs: models.new(near, cls, *args, **kwargs))
    models.load_weights(there, weights)
    here.load_state_dict(weights)
    return there, here


def _requires_grad(model):
    return {p.name: p.requires_grad for p in models.parameters(model)}


@pytest.mark.points(4)
def test_load_backbone_weights_equal_the_shipped_file(student, data_root, host_data_root):
    """load_backbone: 반환한 모델의 state_dict가 backbone.pt와 똑같음"""
    model = student.load_backbone(f"{data_root}/{BACKBONE}")
    assert_matches(models.state_dict(model, name="load_backbone이 반환한 모델"), _shipped(host_data_root),
                   name="load_backbone이 반환한 모델의 state_dict", rtol=0, atol=0)


@pytest.mark.points(3)
def test_load_backbone_predicts_in_eval_mode(student, reference, seed, data_root, host_data_root):
    """load_backbone: 반환한 모델이 그대로 (평가 모드로) 도형 이미지를 기준 구현과 같게 예측"""
    model = student.load_backbone(f"{data_root}/{BACKBONE}")
    want_model = reference.load_backbone(str(Path(host_data_root) / BACKBONE))
    images, _ = shape_images(PRETRAIN_SHAPES, 24, seed)
    assert_matches(model(images), want_model(images), name="load_backbone이 반환한 모델의 출력 (평가 모드여야 합니다)",
                   rtol=1e-4, atol=1e-5)


@pytest.mark.points(6)
def test_freeze_backbone_requires_grad_map(student, seed, host_data_root):
    """freeze_backbone: features만 얼고 head는 학습 가능 (학습 가능한 파라미터 수 = 머리의 수), 다른 것은 그대로"""
    classes = _ints(seed, 2, 7)[0]
    model, _ = _grader_model(student.freeze_backbone, seed, host_data_root, classes)
    models.set_training(model, True)
    before = models.state_dict(model)
    returned = student.freeze_backbone(model)
    want = {name: name.startswith("head.") for name in _requires_grad(model)}
    assert_matches(_requires_grad(model), want, name="freeze_backbone 뒤 파라미터마다 requires_grad")
    assert_matches(models.parameter_count(model, trainable_only=True), models.parameter_count(model, into="head"),
                   name="학습 가능한 파라미터 수 (머리의 파라미터 수여야 합니다)")
    assert_matches(models.state_dict(model), before, name="freeze_backbone 뒤의 state_dict (값은 그대로여야 합니다)",
                   rtol=0, atol=0)
    assert models.is_training(model), "freeze_backbone이 모델의 모드(train/eval)를 바꾸면 안 됩니다"
    assert returned is not None and remote.same(returned, model), "freeze_backbone은 받은 그 모델을 반환해야 합니다"


@pytest.mark.points(6)
def test_replace_head_random_number_of_classes(student, seed, host_data_root):
    """replace_head: 무작위 클래스 수의 새 머리 Linear(32, k)는 학습 가능, 얼린 features는 그대로"""
    classes = _ints(seed, 2, 10)[0]
    model, _ = _grader_model(student.replace_head, seed, host_data_root, 4)
    model.requires_grad_(False)
    before = models.state_dict(model, into="features")
    returned = student.replace_head(model, classes)
    assert_matches(dict(models.layout(model, into="head", name="replace_head 뒤의 모델")),
                   {"weight": ((classes, 32), "float32"), "bias": ((classes,), "float32")},
                   name=f"replace_head(model, {classes}) 뒤 head의 형상")
    grads = _requires_grad(model)
    assert_matches(grads, {name: name.startswith("head.") for name in grads},
                   name="replace_head 뒤 파라미터마다 requires_grad (새 머리만 학습 가능)")
    assert_matches(models.state_dict(model, into="features"), before, name="replace_head 뒤의 features", rtol=0, atol=0)
    assert returned is not None and remote.same(returned, model), "replace_head는 받은 그 모델을 반환해야 합니다"


def _new_shapes(seed, count):
    return shape_images(NEW_SHAPES, count, seed)


def _frozen(model):
    model.features.requires_grad_(False)
    return model


@pytest.mark.points(10)
def test_finetune_matches_reference_step_by_step(student, reference, seed, host_data_root):
    """finetune: 같은 generator로 기준 구현과 같은 state_dict (뒤집기 증강, SGD, zero_grad, 평가 모드)"""
    model, want_model = _grader_model(student.finetune, seed, host_data_root, len(NEW_SHAPES))
    _frozen(model), _frozen(want_model)
    X, y = _new_shapes(seed, 60)  # batches 24 + 24 + 12
    number = _subseed(seed)
    got = student.finetune(model, models.loader(model, X, y, batch_size=24), 2, torch.Generator().manual_seed(number))
    want = reference.finetune(want_model, DataLoader(TensorDataset(X, y), batch_size=24), 2,
                              torch.Generator().manual_seed(number))
    assert_matches(got, want, name="finetune이 반환한 state_dict", rtol=1e-4, atol=1e-5)


def _loss(model, state, X, y):
    model.load_state_dict(state)
    model.eval()
    with torch.no_grad():
        return torch.nn.functional.cross_entropy(model(X), y).item()


@pytest.mark.points(5)
@pytest.mark.threshold("loss_ratio", at_most=0.6, margin=0.2, label="학습 이미지의 손실: 학습 뒤 / 학습 전")
def test_finetune_trains_the_head_and_keeps_the_backbone_bit_identical(student, seed, host_data_root, metric):
    """finetune: 얼린 features(배치 정규화 통계 포함)는 backbone.pt와 똑같이 두고, 머리만 학습해 손실을 줄임"""
    model, here = _grader_model(student.finetune, seed, host_data_root, len(NEW_SHAPES), zero_head=True)
    _frozen(model)
    models.set_training(model, True)  # finetune itself must switch to eval mode
    before = models.state_dict(model)
    X, y = _new_shapes(seed, 48)
    student.finetune(model, models.loader(model, X, y, batch_size=16), 3, torch.Generator().manual_seed(_subseed(seed)))
    after = models.state_dict(model)  # read with nn.Module's own state_dict, not the student's return value
    assert_matches(_features(after), _features(_shipped(host_data_root)),
                   name="finetune 뒤의 features (얼린 백본은 파일과 같아야 합니다; 학습 내내 model.eval())", rtol=0, atol=0)
    metric(_loss(here, after, X, y) / _loss(here, before, X, y))


@pytest.mark.points(6)
@pytest.mark.threshold("accuracy", at_least=0.85, margin=0.05, label="처음 보는 도형(고리, 마름모)의 정확도")
def test_finetune_learns_two_new_shapes(student, seed, host_data_root, metric):
    """finetune: 머리만 5 에폭 학습해 백본이 본 적 없는 두 도형을 85% 이상 구별"""
    model, _ = _grader_model(student.finetune, seed, host_data_root, len(NEW_SHAPES), zero_head=True)
    _frozen(model)
    X, y = _new_shapes(seed, 96)
    X_test, y_test = _new_shapes(seed, 200)
    state = student.finetune(model, models.loader(model, X, y, batch_size=32), 5,
                             torch.Generator().manual_seed(_subseed(seed)))
    judge = shapes_cnn(len(NEW_SHAPES))
    want_keys = judge.state_dict()
    assert isinstance(state, dict), "finetune은 model.state_dict()를 반환해야 합니다"
    assert_matches({k: tuple(v.shape) for k, v in state.items() if k in want_keys},
                   {k: tuple(v.shape) for k, v in want_keys.items()}, name="finetune이 반환한 state_dict의 키와 형상")
    judge.load_state_dict({k: v for k, v in state.items() if k in want_keys})
    judge.eval()
    with torch.no_grad():
        metric((judge(X_test).argmax(dim=1) == y_test).double().mean().item())
