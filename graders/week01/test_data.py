"""Hidden graders for problem `data` (20 points; the public tests add 5 -> 25).

The datasets and loaders live in the sandbox (as handles); the graders read their
plain attributes (lengths, batch sizes), ask their classes (``remote.is_instance`` with the
library's own classes) and read a few items by value.
``data_root`` is where the MNIST fixture is mounted as the student's code sees it.
"""
import math

import pytest
import torch
import torchvision
from torch.utils.data import DataLoader, RandomSampler, SequentialSampler

from deepgrade.sandbox import remote

pytestmark = pytest.mark.problem("data")

TRAIN_SIZE, TEST_SIZE = 640, 160


def _sizes(seed: torch.Generator, count: int) -> list[tuple[int, int]]:
    samples = torch.randint(1, 5000, (count,), generator=seed).tolist()
    batches = torch.randint(1, 300, (count,), generator=seed).tolist()
    # include an exact multiple, a remainder of one, and fewer samples than one batch
    return list(zip(samples, batches)) + [(batches[0] * 7, batches[0]), (batches[1] * 3 + 1, batches[1]), (5, 64)]


@pytest.mark.points(3)
def test_iterations_per_epoch_random(student, seed):
    """iterations_per_epoch counts the last, partial mini-batch too (ceil)"""
    for n, batch in _sizes(seed, 8):
        got = student.iterations_per_epoch(n, batch)
        assert got == math.ceil(n / batch), f"iterations_per_epoch({n}, {batch}) = {got!r}, 기대값 {math.ceil(n / batch)}"


@pytest.mark.points(2)
def test_total_iterations_random(student, seed):
    """total_iterations = iterations per epoch x epochs"""
    epochs = torch.randint(1, 30, (11,), generator=seed).tolist()
    for (n, batch), epoch in zip(_sizes(seed, 8), epochs):
        want = math.ceil(n / batch) * epoch
        got = student.total_iterations(n, batch, epoch)
        assert got == want, f"total_iterations({n}, {batch}, {epoch}) = {got!r}, 기대값 {want}"


@pytest.fixture
def datasets(student, data_root):
    train, test = student.build_datasets(data_root)
    return train, test


@pytest.mark.points(4)
def test_datasets_are_the_mnist_splits(datasets):
    """build_datasets(root): MNIST train (640 images) and test (160 images)"""
    train, test = datasets
    assert remote.is_instance(train, torchvision.datasets.MNIST) and remote.is_instance(test, torchvision.datasets.MNIST), (
        f"torchvision MNIST가 아닙니다: {remote.type_name(train)}, {remote.type_name(test)}")
    assert (len(train), len(test)) == (TRAIN_SIZE, TEST_SIZE), (
        f"데이터 수 {len(train)}, {len(test)} (기대: 학습 {TRAIN_SIZE}, 시험 {TEST_SIZE})")
    assert train.train is True and test.train is False, "첫 번째는 학습용(train=True), 두 번째는 시험용이어야 합니다"


@pytest.mark.points(3)
def test_dataset_items_are_tensors(datasets, seed):
    """an item is (1x28x28 float tensor in [0, 1], int label), i.e. ToTensor was applied"""
    train, test = datasets
    for dataset, size in ((train, TRAIN_SIZE), (test, TEST_SIZE)):
        index = int(torch.randint(0, size, (1,), generator=seed).item())
        image, label = dataset[index]
        assert isinstance(image, torch.Tensor), "이미지가 텐서가 아닙니다 (transforms.ToTensor()를 쓰세요)"
        assert tuple(image.shape) == (1, 28, 28) and image.dtype == torch.float32, (
            f"이미지 형상 {tuple(image.shape)} {image.dtype} (기대: (1, 28, 28) float32)")
        torch.testing.assert_close(image[0], dataset.data[index].float() / 255)
        assert isinstance(label, int) and label == int(dataset.targets[index]), f"레이블 {label!r}이 다릅니다"


@pytest.mark.points(3)
def test_loaders_shuffle_train_only(student, datasets):
    """build_loaders: the train loader shuffles (RandomSampler), the test loader does not"""
    train_loader, test_loader = student.build_loaders(*datasets, 32)
    assert remote.is_instance(train_loader, DataLoader) and remote.is_instance(test_loader, DataLoader), (
        "build_loaders는 torch.utils.data.DataLoader 두 개를 반환해야 합니다")
    assert remote.is_instance(train_loader.sampler, RandomSampler), "학습용 DataLoader는 shuffle=True여야 합니다"
    assert remote.is_instance(test_loader.sampler, SequentialSampler), "시험용 DataLoader는 shuffle=False여야 합니다"
    assert remote.same(train_loader.dataset, datasets[0]) and remote.same(test_loader.dataset, datasets[1]), (
        "DataLoader가 받은 데이터셋(학습용, 시험용 순서)을 쓰지 않습니다")


@pytest.mark.points(3)
def test_loaders_honour_batch_size(student, datasets, seed):
    """the batch size given is used; a batch is (B x 1 x 28 x 28 images, B labels)"""
    batch = int(torch.randint(5, 60, (1,), generator=seed).item())
    train_loader, test_loader = student.build_loaders(*datasets, batch)
    assert (train_loader.batch_size, test_loader.batch_size) == (batch, batch), (
        f"batch_size가 {train_loader.batch_size}, {test_loader.batch_size}입니다 (기대: {batch})")
    images, labels = next(iter(test_loader))
    assert tuple(images.shape) == (batch, 1, 28, 28) and tuple(labels.shape) == (batch,)


@pytest.mark.points(2)
def test_loader_length_is_iterations(student, datasets):
    """len(loader) == iterations_per_epoch for the default batch size"""
    train_loader, test_loader = student.build_loaders(*datasets)
    assert len(train_loader) == math.ceil(TRAIN_SIZE / 32), "기본 batch_size는 BATCH_SIZE(32)여야 합니다"
    assert len(test_loader) == math.ceil(TEST_SIZE / 32)
