"""5주차 과제: 고전 CNN (LeNet-5, AlexNet, VGG) 만들고 세어 보기.

세미나 슬라이드 'CNN 심화 1'의 세 모델을 PyTorch로 만듭니다.
`raise NotImplementedError()`가 있는 TODO 자리를 채우세요.

공통 규칙 (채점도 이 규칙대로 합니다):
- 텐서의 형상은 (N, C, H, W) = (배치, 채널, 높이, 너비)입니다.
- 층의 **속성 이름과 순서**를 과제 설명 그대로 만드세요. 채점은 여러분의 모델에 정해진
  가중치를 불러온 뒤(load_state_dict) 출력을 비교하므로, 여러분이 만든 무작위 초기 가중치는
  점수와 상관없습니다. 쓰지 않는 층을 더 만들어도 감점되지 않습니다.
- 파일 맨 아래에 시험용 print나 학습 호출을 남겨도 채점은 되지만, 채점 시간을 쓰니 지우는 것이 좋습니다.
"""
from collections import OrderedDict

import torch
import torch.nn.functional as F
import torchvision
from torch import nn
from torch.utils.data import DataLoader
from torchvision import transforms


class LeNet5(nn.Module):
    """28x28 흑백 이미지를 분류하는 LeNet-5 (활성화는 ReLU, 풀링은 최대 풀링).

    속성 이름과 모양을 이대로 만드세요:
    - self.conv1 = nn.Conv2d(1, 6, kernel_size=5, padding=2)   # (N, 1, 28, 28) -> (N, 6, 28, 28)
    - self.conv2 = nn.Conv2d(6, 16, kernel_size=5)             # (N, 6, 14, 14) -> (N, 16, 10, 10)
    - self.fc1 = nn.Linear(16 * 5 * 5, 120)
    - self.fc2 = nn.Linear(120, 84)
    - self.fc3 = nn.Linear(84, num_classes)
    forward(x): x (N, 1, 28, 28) -> 로짓 (N, num_classes), 이 순서로:
        conv1 -> ReLU -> 2x2 최대 풀링 (F.max_pool2d(x, 2)) ->
        conv2 -> ReLU -> 2x2 최대 풀링 -> 펼치기 (x.flatten(1)) ->
        fc1 -> ReLU -> fc2 -> ReLU -> fc3
    (원래 논문의 시그모이드와 평균 풀링이 아니라 ReLU와 최대 풀링입니다. fc3 뒤에는 활성화 함수가
    없습니다.) num_classes=10이면 파라미터는 모두 61,706개입니다.
    """

    def __init__(self, num_classes=10):
        super().__init__()
        # TODO: 여기에 코드를 작성하세요
        raise NotImplementedError()

    def forward(self, x):
        # TODO: 여기에 코드를 작성하세요
        raise NotImplementedError()


def vgg_block(in_channels, out_channels, num_convs):
    """VGG 블록 하나를 nn.Sequential로 반환합니다 (배치 정규화 없음).

    Sequential 안의 순서 (이 순서가 state_dict의 키 "0.weight", "0.bias", "2.weight", ...를 정합니다):
        Conv2d(in_channels, out_channels, kernel_size=3, padding=1), ReLU(),
        Conv2d(out_channels, out_channels, kernel_size=3, padding=1), ReLU(),
        ... (합성곱과 ReLU 쌍이 모두 num_convs개; 첫 합성곱만 in_channels를 받습니다)
        MaxPool2d(kernel_size=2, stride=2)
    예: vgg_block(3, 8, 2) -> [Conv2d(3, 8), ReLU, Conv2d(8, 8), ReLU, MaxPool2d] (길이 5)
    높이와 너비는 합성곱에서 그대로, 풀링에서 절반(버림)이 됩니다.
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def make_vgg(conv_arch, num_classes, image_size):
    """작은 VGG: 흑백(채널 1) image_size x image_size 이미지 -> 로짓 (N, num_classes).

    - conv_arch: [(num_convs, out_channels), ...] 블록마다 하나. 예: [(1, 8), (2, 16)]
    - image_size는 2 ** len(conv_arch)로 나누어떨어진다고 가정합니다. 블록을 지날 때마다 크기가
      절반이 되므로 마지막 특성 맵은 (마지막 out_channels, s, s), s = image_size // 2 ** len(conv_arch).
    - 반환하는 모델은 두 부분을 **features**와 **classifier**라는 이름으로 가집니다
      (nn.Sequential(OrderedDict(features=..., classifier=...)) 또는 두 속성을 가진 nn.Module):
      features = nn.Sequential(vgg_block(1, c1, n1), vgg_block(c1, c2, n2), ...)
      classifier = nn.Sequential(
          Flatten(), Linear(c_last * s * s, 128), ReLU(), Dropout(0.5),
          Linear(128, 128), ReLU(), Dropout(0.5), Linear(128, num_classes))
      순전파는 features -> classifier 순서입니다.
    - 드롭아웃이 있으므로 model.train()과 model.eval()의 출력이 다릅니다 (채점은 둘 다 봅니다).
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def count_parameters(model):
    """모델의 파라미터(학습되는 값) 개수를 **int**로 반환합니다.

    - requires_grad=False로 얼린 파라미터도 셉니다 (파라미터이기만 하면 모두).
    - 버퍼(BatchNorm의 running_mean, running_var, num_batches_tracked)는 파라미터가 아니므로 세지 않습니다.
    - 두 층이 같은 파라미터를 함께 쓰면 한 번만 셉니다 (model.parameters()가 주는 그대로).
    예: count_parameters(nn.Linear(3, 2)) = 8 (가중치 6 + 편향 2)
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def alexnet_parameter_count(num_classes=1000):
    """torchvision의 AlexNet, torchvision.models.alexnet(weights=None, num_classes=num_classes)의
    파라미터 개수를 int로 반환합니다 (num_classes=1000이면 61,100,840개).

    - 모델을 직접 만들어 count_parameters로 세세요. 숫자를 그대로 적어 넣으면 안 됩니다: 채점은
      다른 num_classes로도 부릅니다.
    - 가중치를 내려받지 마세요 (weights=None). 채점 환경에는 인터넷이 없습니다.
    - 값이 필요 없고 개수만 세면 되므로 'meta' 장치에서 만들면 메모리를 쓰지 않고 곧바로 끝납니다:
          with torch.device("meta"):
              model = torchvision.models.alexnet(weights=None, num_classes=num_classes)
      CPU에서 그냥 만들어도 됩니다 (약 250MB, 1초 미만; 채점 환경의 메모리 한도 1.5GB 안입니다).
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def receptive_field(layers):
    """층을 차례로 쌓았을 때, 마지막 출력 한 칸이 보는 입력 영역의 한 변 길이(수용 영역)를 int로 반환합니다.

    - layers: [(kernel, stride), ...] 입력 쪽 층부터 차례로 (합성곱과 풀링 모두; 정사각형 커널,
      패딩은 수용 영역과 상관없습니다, dilation은 없습니다).
    - 계산: r = 1, j = 1 (j: 지금까지 stride의 곱)로 시작해 층마다
          r = r + (kernel - 1) * j,  그다음 j = j * stride
    - 예: 3x3 합성곱 두 개 [(3, 1), (3, 1)] -> 5 (5x5 합성곱 하나와 같음),
          [(3, 1), (2, 2), (3, 1)] -> 8, 빈 리스트 -> 1
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def train_lenet(root, epochs, generator):
    """MNIST 학습 데이터로 LeNet5를 epochs 에폭 학습하고, 학습된 model.state_dict()를 반환합니다.

    정확히 이 방법으로 학습하세요 (채점 기준 정확도는 이 방법으로 정했습니다):
    - 데이터: torchvision.datasets.MNIST(root, train=True, download=False,
      transform=transforms.ToTensor())  (픽셀 값 [0, 1], Normalize는 하지 않습니다)
    - DataLoader(데이터, batch_size=32, shuffle=True, generator=generator)
      generator는 **섞는 순서에만** 씁니다. 모델은 LeNet5()로 만들고 초기 가중치는 PyTorch 기본 초기화
      그대로 둡니다 (채점 환경이 전역 난수를 고정해 둡니다).
    - 옵티마이저 torch.optim.Adam(model.parameters(), lr=1e-3), 손실 nn.CrossEntropyLoss()
    - 학습 중에는 model.train(). 미니배치마다: optimizer.zero_grad() -> 순전파 -> 손실
      -> loss.backward() -> optimizer.step()
    - 반환: model.state_dict() (키: conv1.weight, conv1.bias, ..., fc3.bias)
    채점은 반환한 state_dict를 기준 LeNet5에 불러와, 평가 모드에서 MNIST 시험 데이터(ToTensor와 같은
    [0, 1] 입력)의 정확도를 잽니다. root는 채점 환경에서 "data"입니다.
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()
