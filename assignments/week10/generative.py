"""10주차 과제 1: 오토인코더, VAE의 두 부분, GAN의 손실.

세미나 슬라이드 'Other Topics (AE, GAN, 강화학습)'의 내용을 함수로 완성합니다.
`raise NotImplementedError()`가 있는 TODO 자리를 채우세요.

공통 규칙:
- 손실 함수는 모두 **0차원 텐서**를 반환합니다 (loss.backward()를 부를 수 있도록, .item()이나
  detach를 쓰지 마세요). 채점은 float64 입력으로 식의 값과 비교하고, GAN 손실은 한 번의 학습
  단계(역전파와 SGD 갱신)까지 확인합니다. GAN을 끝까지 학습시키지는 않습니다.
"""
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

HIDDEN = 64      # 오토인코더의 숨은 층 크기
LATENT = 8       # train_autoencoder가 쓰는 잠재 공간 크기


class Autoencoder(nn.Module):
    """입력을 작은 잠재 벡터로 줄였다가 다시 복원하는 오토인코더.

    속성 이름과 모양을 이대로 만드세요 (채점은 이 두 Sequential에 정해진 가중치를 불러와 비교합니다):
    - self.encoder = nn.Sequential(nn.Linear(in_dim, 64), nn.ReLU(), nn.Linear(64, latent_dim))
    - self.decoder = nn.Sequential(nn.Linear(latent_dim, 64), nn.ReLU(), nn.Linear(64, in_dim), nn.Sigmoid())
    forward(x): x (N, in_dim) -> 복원 (N, in_dim) = decoder(encoder(x)). 마지막 Sigmoid 때문에 값은 0과 1 사이입니다.
    """

    def __init__(self, in_dim, latent_dim):
        super().__init__()
        # TODO: 여기에 코드를 작성하세요
        raise NotImplementedError()

    def forward(self, x):
        # TODO: 여기에 코드를 작성하세요
        raise NotImplementedError()


def train_autoencoder(X, epochs, generator):
    """Autoencoder를 X로 학습시키고 (state_dict, losses)를 반환합니다.

    - X: (N, D) float32, 값은 0과 1 사이 (작은 흑백 이미지를 한 줄로 편 것)
    - 모델: **만들기 바로 전에** 전역 난수를 generator로 정하고 Autoencoder(D, 8)을 만듭니다:
          torch.manual_seed(int(torch.randint(0, 2**31 - 1, (1,), generator=generator)))
    - 데이터: DataLoader(TensorDataset(X), batch_size=32, shuffle=True, generator=generator)
      (배치는 한 원소짜리 튜플 (xb,)입니다)
    - 학습: torch.optim.Adam(model.parameters(), lr=1e-2), 손실은 F.mse_loss(복원, xb) (평균), epochs 에폭.
      미니배치마다 zero_grad -> 순전파 -> 손실 -> backward -> step
    - losses: 에폭마다 float 하나 (길이 epochs), 그 에폭의 **샘플당 평균** 손실
      ((배치 손실 x 배치 크기)의 합 / N, 갱신하기 전에 계산한 배치 손실로)
    - state_dict: 학습이 끝난 model.state_dict()
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def reparameterize(mu, logvar, eps):
    """VAE의 재매개변수화 트릭: z = mu + exp(0.5 * logvar) * eps (모두 같은 형상).

    eps는 표준정규분포에서 뽑아 둔 잡음으로, 밖에서 받습니다 (이 함수는 난수를 뽑지 않습니다).
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def vae_loss(recon, x, mu, logvar):
    """VAE 손실 = (복원 손실 + KL 발산) / N, 0차원 텐서 (N = x.shape[0], 배치 크기).

    - recon: 디코더가 낸 **확률** (Sigmoid를 거친 값, 0과 1 사이), x: 정답 (같은 형상, 0과 1 사이)
    - 복원 손실: 이진 교차 엔트로피(BCE)의 **합** (모든 원소): F.binary_cross_entropy(recon, x, reduction="sum")
    - KL 발산: **합**, KL = -0.5 * sum(1 + logvar - mu ** 2 - exp(logvar))   (mu, logvar: (N, latent))
    - 두 합을 더한 뒤 N으로 나눕니다 (샘플당 평균).
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def discriminator_loss(logits_real, logits_fake):
    """판별자(D)의 손실, 0차원 텐서: 진짜는 1, 가짜는 0으로 맞히도록.

    - logits_real: 진짜 데이터에 대한 D의 로짓 (시그모이드 전), logits_fake: 가짜 데이터의 로짓 (형상 (N, 1) 등)
    - 손실 = BCE(logits_real, 1)의 평균 + BCE(logits_fake, 0)의 평균   (두 평균을 **더합니다**, 2로 나누지 않음)
      F.binary_cross_entropy_with_logits(로짓, torch.ones_like(로짓))처럼 로짓을 받는 함수를 쓰세요.
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def generator_loss(logits_fake):
    """생성자(G)의 손실, 0차원 텐서: **non-saturating** 손실 -log D(G(z))의 평균.

    D(G(z)) = sigmoid(logits_fake)이므로 손실 = BCE(logits_fake, 1)의 평균
    (= F.binary_cross_entropy_with_logits(logits_fake, torch.ones_like(logits_fake))).
    (원래 논문의 log(1 - D(G(z)))를 최소화하는 식이 아닙니다.)
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def sample_noise(n, dim, generator):
    """생성자에 넣을 잡음 z: (n, dim) float32, 표준정규분포 N(0, 1).

    난수는 정확히 이렇게 한 번 뽑습니다: torch.randn(n, dim, generator=generator)
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()
