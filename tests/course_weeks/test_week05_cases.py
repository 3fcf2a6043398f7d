"""Week 5: careless and adversarial submissions score exactly what they earn, test by test."""
from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.slow

FILE = "classic_cnns.py"
TRAIN = ["dataset = torchvision.datasets.MNIST(root, train=True, download=False, transform=transforms.ToTensor())",
         "loader = DataLoader(dataset, batch_size=32, shuffle=True, generator=generator)",
         "model = LeNet5()", "optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)",
         "loss_fn = nn.CrossEntropyLoss()", "model.train()", "for _ in range(epochs):",
         "    for xb, yb in loader:", "        loss = loss_fn(model(xb), yb)", "        loss.backward()",
         "        optimizer.step()", "return model.state_dict()"]
MAKE_VGG = ["blocks, channels = [], 1", "for num_convs, out_channels in conv_arch:",
            "    blocks.append(vgg_block(channels, out_channels, num_convs))", "    channels = out_channels",
            "side = image_size / 2 ** len(conv_arch)",
            "classifier = nn.Sequential(nn.Flatten(), nn.Linear(channels * side * side, 128), nn.ReLU(), nn.Dropout(0.5),",
            "                           nn.Linear(128, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, num_classes))",
            "return nn.Sequential(OrderedDict(features=nn.Sequential(*blocks), classifier=classifier))"]
LEFTOVERS = '''

print("LeNet5 파라미터 수:", count_parameters(LeNet5()))
state = train_lenet("data", 1, torch.Generator().manual_seed(0))
print("학습 끝:", sorted(state)[:2])
'''


def test_answers_copied_from_the_public_tests_earn_only_the_public_points(copied_public_answers: Any) -> None:
    assert copied_public_answers(5).points == 20


def test_the_textbook_spelling_lenet5_is_graded_with_a_note(spelled_in_another_case: Any) -> None:
    spelled_in_another_case(5, FILE, "LeNet5", "Lenet5")


@pytest.mark.parametrize("case, changes, failing", [
    ("/ for // in the classifier's input size", {"make_vgg": MAKE_VGG},
     {"test_make_vgg_has_features_and_classifier": "", "test_make_vgg_layout_for_random_architectures": "",
      "test_make_vgg_outputs_with_grader_weights": "", "test_make_vgg_dropout_only_while_training": ""}),
    ("a missing return in receptive_field", {"receptive_field": [
        "field, jump = 1, 1", "for kernel, stride in layers:", "    field += (kernel - 1) * jump",
        "    jump *= stride"]},
     {"test_receptive_field_slide_examples": "None", "test_receptive_field_random_layers": "숫자 하나를 반환해야 합니다 (받은 값: None)"}),
    ("a training loop without zero_grad", {"train_lenet": TRAIN}, {"test_train_lenet_learns_mnist": "MNIST 시험 데이터 정확도"}),
    ("only trainable parameters counted", {"count_parameters": [
        "return sum(p.numel() for p in model.parameters() if p.requires_grad)"]},
     {"test_count_parameters_frozen_yes_buffers_no": "얼린 nn.Linear(3, 2)", "test_count_parameters_random_models": ""}),
    ("AlexNet's count written as a constant", {"alexnet_parameter_count": ["return 61100840"]},
     {"test_alexnet_parameter_count_for_other_class_counts": "alexnet_parameter_count("}),
    ("AlexNet built on the CPU (about 250 MB, within the memory limit)", {"alexnet_parameter_count": [
        "return count_parameters(torchvision.models.alexnet(weights=None, num_classes=num_classes))"]}, {}),
    ("weights of the student's own initialisation (an extra layer first, others reordered)", {"LeNet5.__init__": [
        "super().__init__()", "self.extra = nn.Linear(7, 7)  # never used; shifts the random stream",
        "self.fc3 = nn.Linear(84, num_classes)", "self.fc2 = nn.Linear(120, 84)", "self.fc1 = nn.Linear(16 * 5 * 5, 120)",
        "self.conv2 = nn.Conv2d(6, 16, kernel_size=5)", "self.conv1 = nn.Conv2d(1, 6, kernel_size=5, padding=2)"]}, {}),
])
def test_careless_submission_loses_exactly_its_tests(case: str, changes: dict[str, list[str]], failing: dict[str, str],
                                                     grade: Any, submission: Any, points_of: Any,
                                                     check_case: Any) -> None:
    check_case(grade(5, submission(5, {FILE: changes})), points_of(5), failing)


def test_leftover_prints_and_a_training_call_at_the_top_level_cost_nothing(
        grade: Any, reference_sources: Any, points_of: Any, check_case: Any) -> None:
    result = grade(5, {FILE: reference_sources(5)[FILE] + LEFTOVERS})
    check_case(result, points_of(5), {})
