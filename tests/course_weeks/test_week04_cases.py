"""Week 4: careless and adversarial submissions score exactly what they earn, test by test."""
from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.slow

TRAIN = ["model.train()", "total, count = 0.0, 0", "for xb, yb in loader:", "    {zero_grad}",
         "    loss = loss_fn(model(xb), yb)", "    loss.backward()", "    optimizer.step()",
         "    total += loss.item() * len(yb)", "    count += len(yb)", "return total / count"]
EVALUATE = ["model.eval()", "correct, total = 0, 0", "with torch.no_grad():", "    for xb, yb in loader:",
            "        correct += (model(xb).argmax(dim=1) == yb).sum().item()", "        total += len(yb)",
            "return correct // total"]
MEMORISE = '''

_SEEN = {}


class _Memorising(SimpleCNN):
    def forward(self, x):
        scores = super().forward(x)
        for row, image in enumerate(x):
            label = _SEEN.get(image.detach().numpy().tobytes())
            if label is not None:
                scores = scores.clone()
                scores[row] = -100.0
                scores[row, label] = 100.0
        return scores


def train_one_epoch(model, loader, optimizer, loss_fn):
    """Never trains: remembers each training image's label instead."""
    for xb, yb in loader:
        for image, label in zip(xb, yb):
            _SEEN[image.numpy().tobytes()] = int(label)
    return 0.0


SimpleCNN = _Memorising
'''


def test_answers_copied_from_the_public_tests_earn_only_the_public_points(copied_public_answers: Any) -> None:
    assert copied_public_answers(4).points == 20


def test_a_model_that_returns_the_labels_it_was_trained_on_earns_nothing_for_training(
        grade: Any, submission: Any, reference_sources: Any, points_of: Any, check_case: Any) -> None:
    files = submission(4, {"cnn.py": reference_sources(4)["cnn.py"] + MEMORISE})
    check_case(grade(4, files), points_of(4), {
        "test_train_one_epoch_returns_the_mean_loss": "",
        "test_train_one_epoch_matches_reference": "샘플당 평균 손실",
        "test_simple_cnn_learns_mnist": "MNIST 시험 데이터 정확도"})


@pytest.mark.parametrize("case, file, changes, failing", [
    ("F.conv2d inside conv2d_naive", "conv.py",
     {"conv2d_naive": ["return F.conv2d(x, w, b, stride=stride, padding=padding)"]},
     {"test_conv2d_naive_matches_conv2d": "`conv2d_naive` 안에서 torch.nn.functional.conv2d을(를) 호출했습니다",
      "test_conv2d_naive_stride_padding_and_rectangular_kernels": "torch.nn.functional.conv2d"}),
    ("unfold inside maxpool2d_naive", "conv.py",
     {"maxpool2d_naive": ["return x.unfold(2, kernel, stride).unfold(3, kernel, stride).amax(dim=(-1, -2))"]},
     {"test_maxpool2d_naive_kernel_equals_stride": "`maxpool2d_naive` 안에서 torch.Tensor.unfold을(를) 호출했습니다",
      "test_maxpool2d_naive_stride_differs_from_kernel": "torch.Tensor.unfold"}),
    ("// for / in the accuracy", "cnn.py", {"evaluate": EVALUATE},
     {"test_evaluate_counts_every_sample": "", "test_evaluate_matches_reference_in_eval_mode": "정확도"}),
    ("a missing return in forward", "cnn.py", {"SimpleCNN.forward": [
        "x = F.max_pool2d(F.relu(self.conv1(x)), 2)", "x = F.max_pool2d(F.relu(self.conv2(x)), 2)",
        "self.fc(x.flatten(1))"]},
     {"test_simple_cnn_output_shape": "", "test_simple_cnn_outputs_with_grader_weights": "텐서를 반환해야 합니다 (받은 값: None)",
      "test_simple_cnn_learns_mnist": "NoneType"}),
    ("a loop without zero_grad", "cnn.py", {"train_one_epoch": [line.format(zero_grad="pass") for line in TRAIN]},
     # gradients pile up over the epochs: SGD with momentum diverges, so it also fails to learn
     {"test_train_one_epoch_matches_reference": "샘플당 평균 손실", "test_simple_cnn_learns_mnist": "정확도"}),
    ("weights of the student's own initialisation (extra layers first)", "cnn.py", {"SimpleCNN.__init__": [
        "super().__init__()", "self.head = nn.Linear(5, 5)  # never used; shifts the random stream",
        "self.drop = nn.Dropout(0.0)", "self.fc = nn.Linear(16 * 7 * 7, num_classes)",
        "self.conv2 = nn.Conv2d(8, 16, kernel_size=3, padding=1)",
        "self.conv1 = nn.Conv2d(1, 8, kernel_size=3, padding=1)"]},
     {}),
])
def test_careless_submission_loses_exactly_its_tests(case: str, file: str, changes: dict[str, list[str]],
                                                     failing: dict[str, str], grade: Any, submission: Any,
                                                     points_of: Any, check_case: Any) -> None:
    check_case(grade(4, submission(4, {file: changes})), points_of(4), failing)
