"""Week 10: careless and adversarial submissions score exactly what they earn, test by test."""
from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.slow

TRAIN_AUTOENCODER = [
    "torch.manual_seed(int(torch.randint(0, 2**31 - 1, (1,), generator=generator)))",
    "model = Autoencoder(X.shape[1], LATENT)", "optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)",
    "loader = DataLoader(TensorDataset(X), batch_size=32, shuffle=True, generator=generator)",
    "losses = []", "for _ in range(epochs):", "    total = 0.0", "    for (xb,) in loader:", "        {zero_grad}",
    "        loss = F.mse_loss(model(xb), xb)", "        loss.backward()", "        optimizer.step()",
    "        total += loss.item() * len(xb)", "    losses.append(total / len(X))", "return model.state_dict(), losses"]
VAE_LOSS = ["reconstruction = F.binary_cross_entropy(recon, x, reduction='sum')",
            "kl = -0.5 * torch.sum(1 + logvar - mu ** 2 - torch.exp(logvar))",
            "return (reconstruction + kl) {divide} x.shape[0]"]
Q_UPDATE = ["target = r if done else r + gamma * Q[s_next].max().item()", "Q[s, a] += alpha * (target - Q[s, a])"]


def test_answers_copied_from_the_public_tests_earn_only_the_public_points(copied_public_answers: Any) -> None:
    assert copied_public_answers(10).points == 20


@pytest.mark.parametrize("case, file, changes, failing", [
    ("// for / in vae_loss", "generative.py", {"vae_loss": [line.replace("{divide}", "//") for line in VAE_LOSS]},
     {"test_vae_loss_sums_then_divides_by_the_batch": "", "test_vae_loss_values": "vae_loss (N = "}),
    ("a training loop without zero_grad", "generative.py",
     {"train_autoencoder": [line.replace("{zero_grad}", "pass") for line in TRAIN_AUTOENCODER]},
     # the gradients pile up: Adam's steps overshoot and the epoch losses rise
     {"test_train_autoencoder_reconstructs_new_images": "손실이 줄지 않았습니다"}),
    ("the saturating generator loss log(1 - D(G(z)))", "generative.py", {"generator_loss": [
        "return -F.binary_cross_entropy_with_logits(logits_fake, torch.zeros_like(logits_fake))"]},
     {"test_gan_losses_at_zero_logits": "", "test_generator_loss_values": "generator_loss",
      "test_gan_losses_in_one_training_step": "생성자 손실의"}),
    ("the discriminator's two terms averaged", "generative.py", {"discriminator_loss": [
        "real = F.binary_cross_entropy_with_logits(logits_real, torch.ones_like(logits_real))",
        "fake = F.binary_cross_entropy_with_logits(logits_fake, torch.zeros_like(logits_fake))",
        "return (real + fake) / 2"]},
     {"test_gan_losses_at_zero_logits": "", "test_discriminator_loss_values": "discriminator_loss",
      "test_gan_losses_in_one_training_step": "판별자 손실의"}),
    ("a missing return in q_learning_update (the update itself is right)", "rl.py", {"q_learning_update": Q_UPDATE},
     {"test_q_learning_update_small": "받은 값: None",
      "test_q_learning_update_in_place_and_returned": "받은 Q 텐서 자체를 반환해야"}),
    ("q_learning_update returns a new tensor", "rl.py", {"q_learning_update": [
        "Q = Q.clone()", *Q_UPDATE, "return Q"]},
     {"test_q_learning_update_in_place_and_returned": "제자리에서 바뀌어야"}),
    ("epsilon_greedy draws the random action before the uniform", "rl.py", {"epsilon_greedy": [
        "random_action = int(torch.randint(0, q_row.shape[0], (1,), generator=generator).item())",
        "if torch.rand(1, generator=generator).item() < epsilon:", "    return random_action",
        "return int(torch.argmax(q_row).item())"]},
     {"test_epsilon_greedy_exact_for_a_generator": "번 고른 행동들"}),
    ("value iteration updating V in place, state by state", "rl.py", {"value_iteration": [
        "V = torch.zeros(P.shape[0], dtype=R.dtype)", "for _ in range(iters):", "    for s in range(P.shape[0]):",
        "        V[s] = (R[s] + gamma * (P[s] @ V)).max()", "policy = (R + gamma * (P @ V)).argmax(dim=1)",
        "return V, policy"]},
     {"test_value_iteration_random_mdps": "번 반복한 V"}),
    ("weights of the student's own initialisation (an extra layer first)", "generative.py", {"Autoencoder.__init__": [
        "super().__init__()", "self.extra = nn.Linear(7, 7)  # never used; shifts the random stream",
        "self.decoder = nn.Sequential(nn.Linear(latent_dim, 64), nn.ReLU(), nn.Linear(64, in_dim), nn.Sigmoid())",
        "self.encoder = nn.Sequential(nn.Linear(in_dim, 64), nn.ReLU(), nn.Linear(64, latent_dim))"]},
     {}),
])
def test_careless_submission_loses_exactly_its_tests(case: str, file: str, changes: dict[str, list[str]],
                                                     failing: dict[str, str], grade: Any, submission: Any,
                                                     points_of: Any, check_case: Any) -> None:
    check_case(grade(10, submission(10, {file: changes})), points_of(10), failing)


def test_the_textbook_spelling_autoencoder_is_graded_with_a_note(spelled_in_another_case: Any) -> None:
    spelled_in_another_case(10, "generative.py", "Autoencoder", "AutoEncoder")


def test_a_leftover_training_call_at_the_end_costs_nothing(
        grade: Any, submission: Any, reference_sources: Any, points_of: Any, check_case: Any) -> None:
    generative = reference_sources(10)["generative.py"] + (
        "\n\nstate, losses = train_autoencoder(torch.rand(256, 64), 10, torch.Generator().manual_seed(0))\n"
        "print('마지막 손실', losses[-1])\n")
    check_case(grade(10, submission(10, {"generative.py": generative})), points_of(10), {})
