from pathlib import Path

import pytest
from torchvision import datasets, transforms

from deepgrade.fixtures.mnist import TEST_SIZE, TRAIN_SIZE, ensure_mnist

FILES = ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", "train-images-idx3-ubyte", "train-labels-idx1-ubyte"]


@pytest.fixture(scope="module")
def mnist_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("mnist")
    ensure_mnist(root)
    return root


def test_torchvision_reads_the_fixture_with_week1_sizes(mnist_root: Path):
    assert sorted(p.name for p in (mnist_root / "MNIST/raw").iterdir() if "ubyte" in p.name) == FILES
    train = datasets.MNIST(mnist_root, train=True, download=False, transform=transforms.ToTensor())
    test = datasets.MNIST(mnist_root, train=False, download=False)
    assert (len(train), len(test)) == (TRAIN_SIZE, TEST_SIZE) == (640, 160)
    image, label = train[0]
    assert tuple(image.shape) == (1, 28, 28) and 0.0 <= image.min() and image.max() <= 1.0
    assert isinstance(label, int) and sorted(set(train.targets.tolist())) == list(range(10))
    assert image.sum() > 10, "a digit is drawn, not a blank image"


def test_ensure_is_idempotent_and_repairs_edits(mnist_root: Path):
    raw = mnist_root / "MNIST/raw"
    before = {p.name: p.stat().st_mtime_ns for p in raw.iterdir()}
    assert ensure_mnist(mnist_root) == raw
    assert {p.name: p.stat().st_mtime_ns for p in raw.iterdir()} == before
    original = (raw / "train-labels-idx1-ubyte").read_bytes()
    (raw / "train-labels-idx1-ubyte").write_bytes(original[:-1] + bytes([(original[-1] + 1) % 10]))
    ensure_mnist(mnist_root)
    assert (raw / "train-labels-idx1-ubyte").read_bytes() == original
    assert not [p for p in raw.parent.iterdir() if p.name.startswith(".")], "no staging folders left behind"
