"""4주차 과제 2: MNIST를 분류하는 작은 CNN과 학습/평가 함수.

`raise NotImplementedError()`가 있는 TODO 자리를 채우세요.
이 파일에서는 nn.Conv2d, F.max_pool2d 같은 PyTorch의 층을 마음껏 쓰세요
(반복문으로 직접 구현하는 규칙은 conv.py에만 적용됩니다).
"""
import torch
import torch.nn.functional as F
from torch import nn


class SimpleCNN(nn.Module):
    """28x28 흑백 MNIST 이미지를 분류하는 CNN.

    속성 이름과 모양을 이대로 만드세요 (채점은 이 세 층에 정해진 가중치를 불러와 비교합니다):
    - self.conv1 = nn.Conv2d(1, 8, kernel_size=3, padding=1)    # (N, 1, 28, 28) -> (N, 8, 28, 28)
    - self.conv2 = nn.Conv2d(8, 16, kernel_size=3, padding=1)   # (N, 8, 14, 14) -> (N, 16, 14, 14)
    - self.fc = nn.Linear(16 * 7 * 7, num_classes)
    forward(x): x (N, 1, 28, 28) -> 로짓 (N, num_classes), 이 순서로:
        conv1 -> ReLU -> 2x2 최대 풀링 (F.max_pool2d(x, 2)) ->
        conv2 -> ReLU -> 2x2 최대 풀링 -> 펼치기 (x.flatten(1)) -> fc
    (fc 뒤에는 활성화 함수가 없습니다.)
    """

    def __init__(self, num_classes=10):
        super().__init__()
        ### BEGIN SOLUTION
        self.conv1 = nn.Conv2d(1, 8, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, kernel_size=3, padding=1)
        self.fc = nn.Linear(16 * 7 * 7, num_classes)
        ### END SOLUTION

    def forward(self, x):
        ### BEGIN SOLUTION
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc(x.flatten(1))
        ### END SOLUTION


def train_one_epoch(model, loader, optimizer, loss_fn):
    """한 에폭 학습하고, 그 에폭의 평균 손실을 float로 반환합니다.

    - 먼저 model.train()을 부릅니다.
    - 미니배치 (xb, yb)마다: optimizer.zero_grad() -> 순전파 -> loss_fn(출력, yb)
      -> loss.backward() -> optimizer.step()
    - 반환값은 **샘플당 평균**입니다: (배치 손실 x 배치 크기)의 합 / 전체 샘플 수.
    """
    ### BEGIN SOLUTION
    model.train()
    total, count = 0.0, 0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(yb)
        count += len(yb)
    return total / count
    ### END SOLUTION


def evaluate(model, loader):
    """정확도(맞힌 샘플 수 / 전체 샘플 수)를 0과 1 사이의 float로 반환합니다.

    - model.eval()로 평가 모드로 바꾸고, torch.no_grad() 안에서 계산합니다.
    - 예측은 출력(로짓)에서 가장 큰 값의 클래스(argmax)입니다.
    """
    ### BEGIN SOLUTION
    model.eval()
    correct, total = 0, 0
    with torch.no_grad():
        for xb, yb in loader:
            correct += (model(xb).argmax(dim=1) == yb).sum().item()
            total += len(yb)
    return correct / total
    ### END SOLUTION
