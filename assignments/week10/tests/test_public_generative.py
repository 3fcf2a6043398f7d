"""공개 테스트: 오토인코더의 층, VAE와 GAN의 손실 (손으로 계산할 수 있는 작은 예)."""
import math

import pytest
import torch

try:
    from deepgrade.grading.compare import assert_matches
except ImportError:  # plain pytest or Colab, without deepgrade: the same helper, shipped with the tests
    from deepgrade_compare import assert_matches

pytestmark = [pytest.mark.problem("generative"), pytest.mark.visibility("visible")]


@pytest.mark.points(3)
def test_autoencoder_layers_and_output_range(student):
    """Autoencoder(10, 3): encoder, decoder의 층 형상, 복원은 (N, 10)이고 0과 1 사이 (Sigmoid)"""
    model = student.Autoencoder(10, 3)
    shapes = {key: tuple(value.shape) for key, value in model.state_dict().items() if key.startswith(("encoder.", "decoder."))}
    assert shapes == {"encoder.0.weight": (64, 10), "encoder.0.bias": (64,), "encoder.2.weight": (3, 64),
                      "encoder.2.bias": (3,), "decoder.0.weight": (64, 3), "decoder.0.bias": (64,),
                      "decoder.2.weight": (10, 64), "decoder.2.bias": (10,)}, f"encoder, decoder의 키와 형상: {shapes}"
    out = model(torch.randn(5, 10) * 10)
    assert tuple(out.shape) == (5, 10), f"복원 결과의 형상 {tuple(out.shape)} (기대값 (5, 10))"
    assert float(out.min()) >= 0 and float(out.max()) <= 1, "복원 결과는 0과 1 사이여야 합니다 (끝의 Sigmoid)"


@pytest.mark.points(2)
def test_reparameterize_small(student):
    """재매개변수화: mu = [1, 2], logvar = [0, log 4], eps = [1, 1]이면 z = [2, 4]"""
    mu = torch.tensor([[1.0, 2.0]], dtype=torch.float64)
    logvar = torch.tensor([[0.0, math.log(4.0)]], dtype=torch.float64)
    got = student.reparameterize(mu, logvar, torch.ones(1, 2, dtype=torch.float64))
    assert_matches(got, torch.tensor([[2.0, 4.0]], dtype=torch.float64), name="reparameterize(mu, logvar, eps)")


@pytest.mark.points(2)
def test_vae_loss_sums_then_divides_by_the_batch(student):
    """vae_loss: recon 0.5, x 1 (원소 4개, N = 2), mu = 0, logvar = 0 -> (4 log 2 + 0) / 2"""
    recon = torch.full((2, 2), 0.5, dtype=torch.float64)
    zeros = torch.zeros(2, 3, dtype=torch.float64)
    got = student.vae_loss(recon, torch.ones(2, 2, dtype=torch.float64), zeros, zeros)
    assert_matches(got, torch.tensor(2 * math.log(2.0), dtype=torch.float64), name="vae_loss (KL = 0)")


@pytest.mark.points(2)
def test_gan_losses_at_zero_logits(student):
    """로짓이 0이면 D(x) = 0.5: discriminator_loss = 2 log 2 (두 평균의 합), generator_loss = log 2"""
    zeros = torch.zeros(4, 1, dtype=torch.float64)
    assert_matches(student.discriminator_loss(zeros, zeros), torch.tensor(2 * math.log(2.0), dtype=torch.float64),
                   name="discriminator_loss(0, 0)")
    assert_matches(student.generator_loss(zeros), torch.tensor(math.log(2.0), dtype=torch.float64),
                   name="generator_loss(0)")


@pytest.mark.points(2)
def test_sample_noise_draws_from_the_generator(student):
    """잡음 뽑기: sample_noise(3, 4, generator)는 torch.randn(3, 4, generator=generator)와 같음"""
    got = student.sample_noise(3, 4, torch.Generator().manual_seed(7))
    assert_matches(got, torch.randn(3, 4, generator=torch.Generator().manual_seed(7)), name="sample_noise(3, 4, generator)",
                   exact_dtype=True)
