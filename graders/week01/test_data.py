"""Hidden graders for problem `data` (20 points; the public tests add 5 -> 25).

The datasets and loaders live in the sandbox (as handles); the graders read their
plain attributes (lengths, batch sizes), ask their classes (``remote.is_instance`` with the
library's own classes) and read a few items by value. The loader tests give
``build_loaders`` datasets of their own (tensors placed in the sandbox), so a mistake in
``build_datasets`` costs the dataset tests only, never the loader tests.
``data_root`` is where the MNIST fixture is mounted as the student's code sees it.
Titles (the docstrings' first lines) are Korean and never show an input.
"""
import math

import pytest
import torch
import torchvision
from torch.utils.data import DataLoader, RandomSampler, SequentialSampler

from deepgrade.grading.compare import assert_matches
from deepgrade.sandbox import remote

pytestmark = pytest.mark.problem("data")

TRAIN_SIZE, TEST_SIZE = 640, 160


def _sizes(seed: torch.Generator, count: int) -> list[tuple[int, int]]:
    samples = torch.randint(1, 5000, (count,), generator=seed).tolist()
    batches = torch.randint(1, 300, (count,), generator=seed).tolist()
    # include an exact multiple, a remainder of one, and fewer samples than one batch
    return list(zip(samples, batches)) + [(batches[0] * 7, batches[0]), (batches[1] * 3 + 1, batches[1]), (5, 64)]


def _tensor_datasets(sandbox, seed: torch.Generator, train_size: int = TRAIN_SIZE, test_size: int = TEST_SIZE):
    """Two map-style datasets inside the sandbox (a tensor is one: len() and [i]), rows of 3 values."""
    train = remote.put(sandbox, torch.randn(train_size, 3, generator=seed))
    test = remote.put(sandbox, torch.randn(test_size, 3, generator=seed))
    return train, test


@pytest.mark.points(3)
def test_iterations_per_epoch_random(student, seed):
    """iterations_per_epoch가 덜 찬 마지막 미니배치까지 세는지 (올림)"""
    for n, batch in _sizes(seed, 8):
        assert_matches(student.iterations_per_epoch(n, batch), math.ceil(n / batch),
                       name=f"iterations_per_epoch({n}, {batch})")


@pytest.mark.points(2)
def test_total_iterations_random(student, seed):
    """total_iterations가 (1 epoch당 iteration 수) x epoch 수인지"""
    epochs = torch.randint(1, 30, (11,), generator=seed).tolist()
    for (n, batch), epoch in zip(_sizes(seed, 8), epochs):
        assert_matches(student.total_iterations(n, batch, epoch), math.ceil(n / batch) * epoch,
                       name=f"total_iterations({n}, {batch}, {epoch})")


@pytest.fixture
def datasets(student, data_root):
    train, test = student.build_datasets(data_root)
    return train, test


@pytest.mark.points(4)
def test_datasets_are_the_mnist_splits(datasets):
    """build_datasets가 MNIST 학습용·시험용 데이터셋을 순서대로 만드는지"""
    train, test = datasets
    assert remote.is_instance(train, torchvision.datasets.MNIST) and remote.is_instance(test, torchvision.datasets.MNIST), (
        f"torchvision MNIST가 아닙니다: {remote.type_name(train)}, {remote.type_name(test)}")
    assert_matches((len(train), len(test)), (TRAIN_SIZE, TEST_SIZE), name="(학습용, 시험용) 데이터 수")
    assert_matches((train.train, test.train), (True, False),
                   name="(첫 번째, 두 번째) 데이터셋의 train (학습용 train=True, 시험용 train=False 순서)")


@pytest.mark.points(3)
def test_dataset_items_are_tensors(datasets, seed):
    """데이터셋의 한 항목이 (1x28x28 실수 텐서, 정수 레이블)인지 (ToTensor 적용)"""
    train, test = datasets
    for dataset, size in ((train, TRAIN_SIZE), (test, TEST_SIZE)):
        index = int(torch.randint(0, size, (1,), generator=seed).item())
        image, label = dataset[index]
        assert isinstance(image, torch.Tensor), "이미지가 텐서가 아닙니다 (transforms.ToTensor()를 쓰세요)"
        assert_matches(image, dataset.data[index].float().unsqueeze(0) / 255, name="이미지 텐서", exact_dtype=True)
        assert_matches(label, int(dataset.targets[index]), name="레이블")


@pytest.mark.points(3)
def test_loaders_shuffle_train_only(student, sandbox, seed):
    """build_loaders가 학습용만 섞고(shuffle) 시험용은 섞지 않는지"""
    train, test = _tensor_datasets(sandbox, seed)
    train_loader, test_loader = student.build_loaders(train, test, 32)
    assert remote.is_instance(train_loader, DataLoader) and remote.is_instance(test_loader, DataLoader), (
        "build_loaders는 torch.utils.data.DataLoader 두 개를 반환해야 합니다")
    assert remote.is_instance(train_loader.sampler, RandomSampler), "학습용 DataLoader는 shuffle=True여야 합니다"
    assert remote.is_instance(test_loader.sampler, SequentialSampler), "시험용 DataLoader는 shuffle=False여야 합니다"
    # a tensor dataset comes back by value: the loaders must hold the data given, in that order
    assert_matches((train_loader.dataset, test_loader.dataset), (remote.fetch(train), remote.fetch(test)),
                   name="DataLoader가 받은 (학습용, 시험용) 데이터셋")


@pytest.mark.points(3)
def test_loaders_honour_batch_size(student, sandbox, seed):
    """build_loaders가 주어진 batch_size를 그대로 쓰는지"""
    batch = int(torch.randint(5, 60, (1,), generator=seed).item())
    train, test = _tensor_datasets(sandbox, seed)
    train_loader, test_loader = student.build_loaders(train, test, batch)
    assert_matches((train_loader.batch_size, test_loader.batch_size), (batch, batch),
                   name=f"batch_size {batch}로 만든 (학습용, 시험용) DataLoader의 batch_size")
    first = next(iter(test_loader))
    assert_matches(tuple(first.shape), (batch, 3), name="시험용 DataLoader의 첫 배치 형상")


@pytest.mark.points(2)
def test_loader_length_is_iterations(student, sandbox, seed):
    """batch_size를 주지 않으면 BATCH_SIZE(32)로 나누어 len(loader)가 iteration 수와 같은지"""
    train, test = _tensor_datasets(sandbox, seed)
    train_loader, test_loader = student.build_loaders(train, test)
    assert_matches((len(train_loader), len(test_loader)), (math.ceil(TRAIN_SIZE / 32), math.ceil(TEST_SIZE / 32)),
                   name="기본 batch_size로 만든 (학습용, 시험용) DataLoader의 len()")
