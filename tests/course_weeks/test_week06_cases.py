"""Week 6: careless and adversarial submissions score exactly what they earn, test by test."""
from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.slow

FINETUNE = ["{mode}", "optimizer = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.1, momentum=0.9)",
            "loss_fn = nn.CrossEntropyLoss()", "for _ in range(epochs):", "    for xb, yb in loader:",
            "        flip = torch.rand(len(xb), generator=generator) < 0.5",
            "        xb = torch.where(flip[:, None, None, None], xb.flip(-1), xb)", "        {zero_grad}",
            "        loss = loss_fn(model(xb), yb)", "        loss.backward()", "        optimizer.step()",
            "return model.state_dict()"]
LEFTOVERS = '''

model = replace_head(freeze_backbone(load_backbone("data/shapes/backbone.pt")), 2)
batch = (torch.rand(4, 3, 16, 16), torch.tensor([0, 1, 0, 1]))
print("미세 조정 시험:", finetune(model, [batch], 1, torch.Generator().manual_seed(0))["head.bias"])
'''
RESIDUAL_INIT = ["super().__init__()", "self.conv1 = nn.Conv2d(in_channels, out_channels, kernel_size=3, stride=stride, padding=1, bias=False)",
                 "self.bn1 = nn.BatchNorm2d(out_channels)",
                 "self.conv2 = nn.Conv2d(out_channels, out_channels, kernel_size=3, padding=1, bias=False)",
                 "self.bn2 = nn.BatchNorm2d(out_channels)",
                 "self.shortcut = nn.Sequential(nn.Conv2d(in_channels, out_channels, kernel_size=1, stride=stride, bias=False),",
                 "                              nn.BatchNorm2d(out_channels))"]


def _finetune(mode: str = "model.eval()", zero_grad: bool = True) -> list[str]:
    return [line.format(mode=mode, zero_grad="optimizer.zero_grad()" if zero_grad else "pass") for line in FINETUNE]


def test_answers_copied_from_the_public_tests_earn_only_the_public_points(copied_public_answers: Any) -> None:
    assert copied_public_answers(6).points == 20


def test_camel_case_finetune_is_graded_with_a_note(spelled_in_another_case: Any) -> None:
    spelled_in_another_case(6, "transfer.py", "finetune", "fineTune")


@pytest.mark.parametrize("case, file, changes, failing", [
    ("a missing return in replace_head", "transfer.py", {"replace_head": [
        "model.head = nn.Linear(model.head.in_features, num_classes)"]},
     {"test_replace_head_makes_a_new_trainable_head": "반환해야", "test_replace_head_random_number_of_classes": "반환해야"}),
    ("a fine-tuning loop without zero_grad", "transfer.py", {"finetune": _finetune(zero_grad=False)},
     # gradients pile up with momentum: the head's loss barely falls in three short epochs
     {"test_finetune_matches_reference_step_by_step": "finetune이 반환한 state_dict['head.",
      "test_finetune_trains_the_head_and_keeps_the_backbone_bit_identical": "학습 이미지의 손실"}),
    ("fine-tuning in train mode (batch norm statistics drift)", "transfer.py", {"finetune": _finetune(mode="model.train()")},
     {"test_finetune_trains_the_head_and_keeps_the_frozen_backbone": "running_mean",
      "test_finetune_matches_reference_step_by_step": "running_mean",
      "test_finetune_trains_the_head_and_keeps_the_backbone_bit_identical": "running_mean"}),
    ("freeze_backbone freezes the head too", "transfer.py", {"freeze_backbone": [
        "model.requires_grad_(False)", "return model"]},
     {"test_freeze_backbone_freezes_features_only": "requires_grad", "test_freeze_backbone_requires_grad_map": "requires_grad"}),
    ("a projection shortcut even when the shape stays", "blocks.py", {"Residual.__init__": RESIDUAL_INIT},
     {"test_residual_shortcut_only_when_the_shape_changes": "state_dict()의 키",
      "test_residual_layers_and_a_shortcut_only_when_needed": "지름길에 파라미터가 없어야",
      "test_residual_outputs_in_eval_mode": "평가 모드의 Residual("}),
    ("the stride on the second convolution", "blocks.py", {"Residual.__init__": [
        "super().__init__()", "self.conv1 = nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1, bias=False)",
        "self.bn1 = nn.BatchNorm2d(out_channels)",
        "self.conv2 = nn.Conv2d(out_channels, out_channels, kernel_size=3, stride=stride, padding=1, bias=False)",
        "self.bn2 = nn.BatchNorm2d(out_channels)", "self.shortcut = None",
        "if stride != 1 or in_channels != out_channels:",
        "    self.shortcut = nn.Sequential(nn.Conv2d(in_channels, out_channels, kernel_size=1, stride=stride, bias=False),",
        "                                  nn.BatchNorm2d(out_channels))"]},
     {"test_residual_outputs_in_eval_mode": "값이 다릅니다", "test_residual_train_mode_uses_batch_statistics": "값이 다릅니다"}),
    ("branches concatenated in another order", "blocks.py", {"Inception.forward": [
        "p1 = F.relu(self.p1_1(x))", "p2 = F.relu(self.p2_2(F.relu(self.p2_1(x))))",
        "p3 = F.relu(self.p3_2(F.relu(self.p3_1(x))))", "p4 = F.relu(self.p4_2(self.p4_1(x)))",
        "return torch.cat((p4, p3, p2, p1), dim=1)"]},
     {"test_inception_outputs_with_grader_weights": "Inception("}),
    ("weights of the student's own initialisation (an extra layer first, others reordered)", "blocks.py",
     {"Inception.__init__": [
         "super().__init__()", "self.extra = nn.Conv2d(in_channels, 3, 1)  # never used; shifts the random stream",
         "self.p4_2 = nn.Conv2d(in_channels, c4, kernel_size=1)", "self.p4_1 = nn.MaxPool2d(kernel_size=3, stride=1, padding=1)",
         "self.p3_2 = nn.Conv2d(c3[0], c3[1], kernel_size=5, padding=2)", "self.p3_1 = nn.Conv2d(in_channels, c3[0], kernel_size=1)",
         "self.p2_2 = nn.Conv2d(c2[0], c2[1], kernel_size=3, padding=1)", "self.p2_1 = nn.Conv2d(in_channels, c2[0], kernel_size=1)",
         "self.p1_1 = nn.Conv2d(in_channels, c1, kernel_size=1)"]},
     {"test_inception_branches_and_output_channels": "키와 형상"}),
])
def test_careless_submission_loses_exactly_its_tests(case: str, file: str, changes: dict[str, list[str]],
                                                     failing: dict[str, str], grade: Any, submission: Any,
                                                     points_of: Any, check_case: Any) -> None:
    check_case(grade(6, submission(6, {file: changes})), points_of(6), failing)


def test_leftover_prints_and_a_training_call_at_the_top_level_cost_nothing(
        grade: Any, reference_sources: Any, points_of: Any, check_case: Any) -> None:
    files = reference_sources(6)
    files["transfer.py"] += LEFTOVERS
    check_case(grade(6, files), points_of(6), {})
