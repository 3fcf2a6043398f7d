"""Week 6's data: the shape images and the "pretrained" backbone, rebuilt bit-identically from code."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import torch

from deepgrade.fixtures.shapes import NEW_SHAPES, PRETRAIN_SHAPES, SIDE, backbone_bytes, shape_images, shapes_cnn

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "assignments/week06/data/shapes/backbone.pt"


@pytest.fixture(scope="module")
def listed() -> object:
    from deepgrade.config.loader import load_course

    (data,) = load_course(REPO / "course.yml").assignments[6].config.data_files
    return data


@pytest.mark.slow
def test_the_build_step_remakes_the_shipped_file_bit_for_bit(listed: object) -> None:
    rebuilt = backbone_bytes()
    assert rebuilt == SHIPPED.read_bytes(), "make fixtures no longer makes the shipped backbone (torch changed?)"
    assert hashlib.sha256(rebuilt).hexdigest() == listed.sha256 and listed.path == "data/shapes/backbone.pt"
    assert 20_000 < len(rebuilt) < 300_000


def test_the_shipped_backbone_recognises_the_four_shapes_it_was_trained_on() -> None:
    model = shapes_cnn()
    model.load_state_dict(torch.load(SHIPPED, weights_only=True))
    model.eval()
    images, labels = shape_images(PRETRAIN_SHAPES, 200, torch.Generator().manual_seed(1))
    with torch.no_grad():
        accuracy = (model(images).argmax(dim=1) == labels).double().mean().item()
    assert accuracy > 0.9


def test_the_stubs_given_architecture_is_the_backbones(course_solution_transfer: object) -> None:
    """The stub hands students ``shapes_cnn``; it must build the same layout as the build step."""
    theirs = {k: tuple(v.shape) for k, v in course_solution_transfer.shapes_cnn().state_dict().items()}
    ours = {k: tuple(v.shape) for k, v in shapes_cnn().state_dict().items()}
    assert theirs == ours and list(theirs) == list(torch.load(SHIPPED, weights_only=True))


@pytest.fixture
def course_solution_transfer() -> object:
    import importlib.util

    spec = importlib.util.spec_from_file_location("week06_transfer_stub", REPO / "assignments/week06/transfer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shape_images_are_seeded_balanced_and_in_range() -> None:
    first = shape_images(NEW_SHAPES, 30, torch.Generator().manual_seed(7))
    again = shape_images(NEW_SHAPES, 30, torch.Generator().manual_seed(7))
    other = shape_images(NEW_SHAPES, 30, torch.Generator().manual_seed(8))
    assert torch.equal(first[0], again[0]) and torch.equal(first[1], again[1])
    assert not torch.equal(first[0], other[0])
    images, labels = first
    assert images.shape == (30, 3, SIDE, SIDE) and images.dtype == torch.float32 and labels.dtype == torch.int64
    assert 0.0 <= images.min() and images.max() <= 1.0
    assert torch.bincount(labels).tolist() == [15, 15]


def test_each_shape_is_drawn_differently() -> None:
    """Same centre, radius and colours: the six masks are six different pixel sets."""
    from deepgrade.fixtures.shapes import _mask

    rows, cols = torch.meshgrid(torch.arange(SIDE, dtype=torch.float32), torch.arange(SIDE, dtype=torch.float32),
                                indexing="ij")
    masks = [_mask(kind, cols - 7.5, rows - 7.5, torch.tensor(5.0)) for kind in PRETRAIN_SHAPES + NEW_SHAPES]
    assert all(m.sum() > 10 for m in masks)
    assert len({tuple(m.flatten().tolist()) for m in masks}) == len(masks)
    with pytest.raises(ValueError, match="unknown shape"):
        _mask("hexagon", cols, rows, torch.tensor(5.0))
