"""6주차 과제 1: GoogLeNet의 Inception 블록과 ResNet의 Residual 블록.

세미나 슬라이드 'CNN 심화 2'의 두 블록을 nn.Module로 만듭니다.
`raise NotImplementedError()`가 있는 TODO 자리를 채우세요.

공통 규칙 (채점도 이 규칙대로 합니다):
- 텐서의 형상은 (N, C, H, W)입니다. 두 블록 모두 높이와 너비를 그대로 둡니다 (Residual의 stride=2만 절반).
- 층의 **속성 이름**을 과제 설명 그대로 만드세요. 채점은 이 이름의 층마다 정해진 가중치를
  불러온 뒤(load_state_dict) 출력을 비교하므로, 여러분의 무작위 초기 가중치는 점수와 상관없습니다.
"""
import torch
import torch.nn.functional as F
from torch import nn


class Inception(nn.Module):
    """GoogLeNet의 Inception 블록: 네 갈래(branch)를 나란히 계산해 채널 방향으로 이어 붙입니다.

    Inception(in_channels, c1, c2, c3, c4): c2와 c3는 (중간 채널, 출력 채널) 튜플입니다.
    속성 이름과 층 (모든 합성곱은 편향 있음, 기본값):
    - 갈래 1: self.p1_1 = nn.Conv2d(in_channels, c1, kernel_size=1)
    - 갈래 2: self.p2_1 = nn.Conv2d(in_channels, c2[0], kernel_size=1)
              self.p2_2 = nn.Conv2d(c2[0], c2[1], kernel_size=3, padding=1)
    - 갈래 3: self.p3_1 = nn.Conv2d(in_channels, c3[0], kernel_size=1)
              self.p3_2 = nn.Conv2d(c3[0], c3[1], kernel_size=5, padding=2)
    - 갈래 4: self.p4_1 = nn.MaxPool2d(kernel_size=3, stride=1, padding=1)
              self.p4_2 = nn.Conv2d(in_channels, c4, kernel_size=1)
    forward(x): **모든 합성곱 뒤에 ReLU** (풀링 뒤에는 없음):
        p1 = relu(p1_1(x)); p2 = relu(p2_2(relu(p2_1(x)))); p3 = relu(p3_2(relu(p3_1(x))))
        p4 = relu(p4_2(p4_1(x)))
        반환: torch.cat((p1, p2, p3, p4), dim=1)  (이 순서로; 출력 채널 c1 + c2[1] + c3[1] + c4)
    """

    def __init__(self, in_channels, c1, c2, c3, c4):
        super().__init__()
        ### BEGIN SOLUTION
        self.p1_1 = nn.Conv2d(in_channels, c1, kernel_size=1)
        self.p2_1 = nn.Conv2d(in_channels, c2[0], kernel_size=1)
        self.p2_2 = nn.Conv2d(c2[0], c2[1], kernel_size=3, padding=1)
        self.p3_1 = nn.Conv2d(in_channels, c3[0], kernel_size=1)
        self.p3_2 = nn.Conv2d(c3[0], c3[1], kernel_size=5, padding=2)
        self.p4_1 = nn.MaxPool2d(kernel_size=3, stride=1, padding=1)
        self.p4_2 = nn.Conv2d(in_channels, c4, kernel_size=1)
        ### END SOLUTION

    def forward(self, x):
        ### BEGIN SOLUTION
        p1 = F.relu(self.p1_1(x))
        p2 = F.relu(self.p2_2(F.relu(self.p2_1(x))))
        p3 = F.relu(self.p3_2(F.relu(self.p3_1(x))))
        p4 = F.relu(self.p4_2(self.p4_1(x)))
        return torch.cat((p1, p2, p3, p4), dim=1)
        ### END SOLUTION


class Residual(nn.Module):
    """ResNet의 잔차 블록 (basic block): 출력 = ReLU(주 경로(x) + 지름길(x)).

    Residual(in_channels, out_channels, stride=1). 속성 이름과 층:
    - self.conv1 = nn.Conv2d(in_channels, out_channels, kernel_size=3, stride=stride, padding=1, bias=False)
      (**stride는 첫 합성곱에만** 줍니다)
    - self.bn1 = nn.BatchNorm2d(out_channels)
    - self.conv2 = nn.Conv2d(out_channels, out_channels, kernel_size=3, padding=1, bias=False)
    - self.bn2 = nn.BatchNorm2d(out_channels)
      (합성곱 바로 뒤에 배치 정규화가 오므로 합성곱에는 편향이 없습니다: bias=False)
    - 지름길(shortcut): 모양이 바뀔 때만 (stride != 1 또는 in_channels != out_channels)
      self.shortcut = nn.Sequential(
          nn.Conv2d(in_channels, out_channels, kernel_size=1, stride=stride, bias=False),
          nn.BatchNorm2d(out_channels))
      모양이 그대로이면 파라미터가 있는 지름길을 만들지 마세요 (self.shortcut = None 또는 nn.Identity();
      x를 그대로 더합니다).
    forward(x): y = relu(bn1(conv1(x))); y = bn2(conv2(y)); 반환 relu(y + 지름길(x))
    배치 정규화가 있으므로 model.train()과 model.eval()의 출력이 다릅니다 (채점은 둘 다 봅니다).
    """

    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        ### BEGIN SOLUTION
        self.conv1 = nn.Conv2d(in_channels, out_channels, kernel_size=3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, kernel_size=3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.shortcut = None
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, kernel_size=1, stride=stride, bias=False),
                nn.BatchNorm2d(out_channels))
        ### END SOLUTION

    def forward(self, x):
        ### BEGIN SOLUTION
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        shortcut = x if self.shortcut is None else self.shortcut(x)
        return F.relu(y + shortcut)
        ### END SOLUTION
