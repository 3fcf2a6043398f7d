"""공개 테스트: 모멘텀 SGD, Adam, StepLR, 조기 종료 (손으로 계산할 수 있는 작은 예)."""
import pytest
import torch

pytestmark = [pytest.mark.problem("optim"), pytest.mark.visibility("visible")]


@pytest.mark.points(3)
def test_sgd_momentum_two_steps(student):
    """첫 단계: velocity = dw; 둘째 단계: velocity = momentum * velocity + dw"""
    w = torch.tensor([1.0, 2.0], dtype=torch.float64)
    dw = torch.tensor([0.5, -1.0], dtype=torch.float64)
    w1, config = student.sgd_momentum(w, dw, {"learning_rate": 0.1, "momentum": 0.9})
    torch.testing.assert_close(w1, torch.tensor([0.95, 2.1], dtype=torch.float64))
    w2, config = student.sgd_momentum(w1, dw, config)
    torch.testing.assert_close(w2, torch.tensor([0.855, 2.29], dtype=torch.float64))


@pytest.mark.points(2)
def test_adam_first_step_is_about_the_learning_rate(student):
    """Adam 첫 단계: t = 1, 각 원소가 약 learning_rate만큼 기울기 반대로 움직임"""
    w = torch.zeros(3, dtype=torch.float64)
    dw = torch.tensor([2.0, -0.5, 4.0], dtype=torch.float64)
    next_w, config = student.adam(w, dw, {"learning_rate": 0.01})
    torch.testing.assert_close(next_w, torch.tensor([-0.01, 0.01, -0.01], dtype=torch.float64), rtol=0, atol=1e-8)
    assert config["t"] == 1


@pytest.mark.points(2)
def test_step_lr_halves_every_two_epochs(student):
    """두 에폭마다 학습률이 절반: step_lr(0..5, 0.1, 2, 0.5) = 0.1, 0.1, 0.05, 0.05, 0.025, 0.025"""
    got = [student.step_lr(epoch, 0.1, 2, 0.5) for epoch in range(6)]
    want = [0.1, 0.1, 0.05, 0.05, 0.025, 0.025]
    assert all(abs(g - w) < 1e-12 for g, w in zip(got, want)) and len(got) == 6, f"{got} (기대값 {want})"


@pytest.mark.points(3)
def test_early_stop_epoch_example(student):
    """[1.0, 0.8, 0.9, 0.85, 0.95], patience 2 -> 3번 에폭에서 멈춤; 계속 좋아지면 마지막 에폭"""
    assert student.early_stop_epoch([1.0, 0.8, 0.9, 0.85, 0.95], 2) == 3
    assert student.early_stop_epoch([3.0, 2.0, 1.0], 1) == 2
