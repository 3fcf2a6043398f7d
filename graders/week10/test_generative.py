"""Hidden graders for problem `generative` (44 points; the public tests add 11 -> 55).

- Autoencoder: grader weights loaded into ``encoder`` and ``decoder`` one by one, outputs
  against the reference (an extra module of the student's is never penalised).
- train_autoencoder: small images drawn from the seed (smooth functions of four hidden
  numbers); the returned state_dict, loaded into the reference model, must reconstruct
  held-out images with under half the error of the mean-image baseline (calibrated,
  ``deepgrade validate --calibrate 10``); one loss per epoch, falling.
- reparameterize, vae_loss, discriminator_loss, generator_loss: values against the formulas
  (the reference, trusted side) in float64 by relative error, on random inputs; sample_noise
  exactly torch.randn for the same generator.
- The GAN losses in one training step, never a trained GAN: a discriminator step and a
  generator step on small library networks with grader weights (backward passes where the
  student's code runs), gradients and weights after one SGD step against the reference.
"""
import pytest
import torch
from torch import nn

from deepgrade.grading import models
from deepgrade.grading.compare import assert_matches, assert_relative_error
from deepgrade.sandbox import remote

pytestmark = pytest.mark.problem("generative")

PARTS = ("encoder", "decoder")


def _ints(seed, low, high, count):
    return [int(v) for v in torch.randint(low, high, (count,), generator=seed)]


def _subseed(seed):
    return int(torch.randint(0, 2**31 - 1, (1,), generator=seed))


@pytest.mark.points(6)
def test_autoencoder_outputs_with_grader_weights(student, reference, seed):
    """Autoencoder: 채점용 가중치를 encoder와 decoder에 불러오면 복원 결과가 기준 구현과 같음 (끝의 Sigmoid 포함)"""
    for _ in range(2):
        in_dim, latent = _ints(seed, 5, 20, 1)[0], _ints(seed, 2, 5, 1)[0]
        want_model, model = reference.Autoencoder(in_dim, latent), student.Autoencoder(in_dim, latent)
        for part in PARTS:
            weights = models.random_weights(want_model, seed, into=part)
            models.load_weights(model, weights, into=part, name=f"Autoencoder({in_dim}, {latent})")
            getattr(want_model, part).load_state_dict(weights)
        x = torch.rand(4, in_dim, generator=seed)
        with torch.no_grad():
            want = want_model(x)
        assert_matches(model(x), want, name=f"Autoencoder({in_dim}, {latent})(x)", rtol=1e-5, atol=1e-6)


def _images(n, basis, seed):
    """8x8 images (flattened, in (0, 1)): smooth functions of four hidden numbers each."""
    codes = torch.rand(n, basis.shape[0], generator=seed) * 2 - 1
    return torch.sigmoid(codes @ basis)


@pytest.mark.points(10)
@pytest.mark.threshold("error_ratio", at_most=0.5, margin=0.3, label="새 이미지의 복원 오차 / 평균 이미지의 오차")
def test_train_autoencoder_reconstructs_new_images(student, reference, seed, metric):
    """train_autoencoder: 학습한 모델이 처음 보는 이미지를 평균 이미지보다 절반 이하의 오차로 복원함, 에폭마다 손실 하나"""
    basis = torch.randn(4, 64, generator=seed) * 1.5
    X, X_test = _images(512, basis, seed), _images(256, basis, seed)
    epochs = 15
    result = student.train_autoencoder(X, epochs, torch.Generator().manual_seed(_subseed(seed)))
    assert isinstance(result, (tuple, list)) and len(result) == 2, "train_autoencoder는 (state_dict, losses)를 반환해야 합니다"
    state, losses = result
    assert isinstance(losses, (list, tuple)) and len(losses) == epochs, (
        f"losses는 에폭마다 하나씩, 길이 {epochs}의 리스트여야 합니다 (받은 값: {remote.fetch(losses)!r:.200})")
    assert all(isinstance(v, float) for v in losses), "losses의 값은 float여야 합니다 (loss.item()을 쓰세요)"
    assert losses[-1] < losses[0], f"손실이 줄지 않았습니다 (처음 {losses[0]:.4g}, 마지막 {losses[-1]:.4g})"
    model = reference.Autoencoder(64, 8)
    assert isinstance(state, dict), "state_dict는 model.state_dict()의 딕셔너리여야 합니다"
    for part in PARTS:  # only these two: an extra module of the student's is never penalised
        weights = {key[len(part) + 1:]: value for key, value in state.items() if key.startswith(part + ".")}
        models.load_weights(getattr(model, part), weights, name=f"train_autoencoder가 돌려준 모델의 {part}")
    with torch.no_grad():
        error = ((model(X_test) - X_test) ** 2).mean().item()
    baseline = ((X_test - X.mean(dim=0)) ** 2).mean().item()
    metric(error / baseline)


@pytest.mark.points(4)
def test_reparameterize_values(student, reference, seed):
    """reparameterize: 무작위 mu, logvar, eps에서 mu + exp(0.5 logvar) * eps"""
    n, d = _ints(seed, 2, 7, 2)
    mu, logvar, eps = (torch.randn(n, d, generator=seed, dtype=torch.float64) for _ in range(3))
    assert_relative_error(student.reparameterize(mu, logvar, eps), reference.reparameterize(mu, logvar, eps),
                          name="reparameterize(mu, logvar, eps)")


@pytest.mark.points(7)
def test_vae_loss_values(student, reference, seed):
    """vae_loss: 무작위 입력에서 (BCE 합 + KL 합) / N이 식과 같음 (0차원 텐서)"""
    for _ in range(2):
        n, d, latent = _ints(seed, 2, 9, 3)
        recon = torch.rand(n, d, generator=seed, dtype=torch.float64) * 0.9 + 0.05
        x = torch.rand(n, d, generator=seed, dtype=torch.float64)
        mu = torch.randn(n, latent, generator=seed, dtype=torch.float64)
        logvar = torch.randn(n, latent, generator=seed, dtype=torch.float64) * 0.5
        got = student.vae_loss(recon, x, mu, logvar)
        assert isinstance(got, torch.Tensor) and got.dim() == 0, "vae_loss는 0차원 텐서를 반환해야 합니다"
        assert_relative_error(got, reference.vae_loss(recon, x, mu, logvar), name=f"vae_loss (N = {n})")


@pytest.mark.points(2)
def test_sample_noise_random_sizes(student, seed):
    """sample_noise: 무작위 크기와 generator에서 torch.randn(n, dim, generator=generator)과 같은 잡음"""
    for _ in range(2):
        n, dim = _ints(seed, 1, 20, 2)
        number = _subseed(seed)
        got = student.sample_noise(n, dim, torch.Generator().manual_seed(number))
        want = torch.randn(n, dim, generator=torch.Generator().manual_seed(number))
        assert_matches(got, want, name=f"sample_noise({n}, {dim}, generator)", exact_dtype=True)


def _logits(seed, n):
    return torch.randn(n, 1, generator=seed, dtype=torch.float64) * 2


@pytest.mark.points(5)
def test_discriminator_loss_values(student, reference, seed):
    """discriminator_loss: 무작위 로짓에서 두 BCE 평균의 합과 같음 (0차원 텐서)"""
    for n in _ints(seed, 2, 12, 2):
        real, fake = _logits(seed, n), _logits(seed, n + 1)
        got = student.discriminator_loss(real, fake)
        assert isinstance(got, torch.Tensor) and got.dim() == 0, "discriminator_loss는 0차원 텐서를 반환해야 합니다"
        assert_relative_error(got, reference.discriminator_loss(real, fake), name="discriminator_loss")


@pytest.mark.points(4)
def test_generator_loss_values(student, reference, seed):
    """generator_loss: 무작위 로짓에서 non-saturating 손실 -log D(G(z))의 평균과 같음 (0차원 텐서)"""
    for n in _ints(seed, 2, 12, 2):
        fake = _logits(seed, n)
        got = student.generator_loss(fake)
        assert isinstance(got, torch.Tensor) and got.dim() == 0, "generator_loss는 0차원 텐서를 반환해야 합니다"
        assert_relative_error(got, reference.generator_loss(fake), name="generator_loss")


def _discriminator(near):
    return models.new(near, nn.Sequential, models.new(near, nn.Linear, 2, 8), models.new(near, nn.LeakyReLU, 0.2),
                      models.new(near, nn.Linear, 8, 1))


def _generator(near):
    return models.new(near, nn.Sequential, models.new(near, nn.Linear, 3, 8), models.new(near, nn.ReLU),
                      models.new(near, nn.Linear, 8, 2))


def _step(near, model, loss, lr=0.1):
    """Backward through ``loss`` (kept where it was computed), then one SGD step of ``model``."""
    remote.attr(loss, "backward")()
    grads = models.gradients(model)
    optimizer = models.new(near, torch.optim.SGD, models.params_of(model), lr=lr)
    remote.attr(optimizer, "step")()
    return grads


@pytest.mark.points(6)
def test_gan_losses_in_one_training_step(student, reference, seed):
    """GAN 한 단계: 두 손실로 판별자와 생성자를 한 번씩 갱신하면 기울기와 가중치가 기준 구현과 같음"""
    near = student.discriminator_loss
    D, want_D = models.twins(near, _discriminator, seed)
    G, want_G = models.twins(near, _generator, seed)
    real = torch.randn(6, 2, generator=seed) + 2
    z = torch.randn(6, 3, generator=seed)
    # The discriminator's step: G's output detached, so only D learns.
    fake = remote.ref_call(remote.attr(models.call_kept(G, z), "detach"))
    loss = models.call_kept(near, models.call_kept(D, real), models.call_kept(D, fake))
    got_grads = _step(near, D, loss)
    want_loss = reference.discriminator_loss(want_D(real), want_D(want_G(z).detach()))
    want_loss.backward()
    want_grads = {name: p.grad.clone() for name, p in want_D.named_parameters()}
    torch.optim.SGD(want_D.parameters(), lr=0.1).step()
    for name, grad in want_grads.items():
        assert got_grads.get(name) is not None, f"판별자의 `{name}`에 기울기가 없습니다 (손실이 미분 가능해야 합니다)"
        assert_relative_error(got_grads[name], grad, name=f"판별자 손실의 `{name}` 기울기", limit=1e-5)
    assert_matches(models.state_dict(D), want_D.state_dict(), name="판별자의 한 단계 뒤 가중치", rtol=1e-5, atol=1e-6)
    # The generator's step, through the updated discriminator.
    loss = models.call_kept(student.generator_loss, models.call_kept(D, models.call_kept(G, z)))
    got_grads = _step(near, G, loss)
    reference.generator_loss(want_D(want_G(z))).backward()
    for name, parameter in want_G.named_parameters():
        assert got_grads.get(name) is not None, f"생성자의 `{name}`에 기울기가 없습니다 (손실이 미분 가능해야 합니다)"
        assert_relative_error(got_grads[name], parameter.grad, name=f"생성자 손실의 `{name}` 기울기", limit=1e-5)
