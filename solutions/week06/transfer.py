"""6주차 과제 2: 전이학습 (미리 학습된 CNN의 머리만 바꿔 새 클래스 배우기).

과제 폴더의 data/shapes/backbone.pt는 16x16 컬러 도형 이미지(원, 정사각형, 삼각형, 십자)를 분류하도록
미리 학습해 둔 작은 CNN입니다. 이 모델의 특성 추출기(features)는 그대로 얼려 두고, 머리(head)만
새로 만들어 처음 보는 두 도형(고리, 마름모)을 배웁니다.
`raise NotImplementedError()`가 있는 TODO 자리를 채우세요.

- 파일 경로는 "data/shapes/backbone.pt" 그대로 쓰세요 (채점 환경에도 같은 경로에 있습니다).
  Colab에서는 data 폴더를 같은 구조로 올리세요.
- 아래 shapes_cnn은 이미 완성된 코드입니다 (고치지 마세요).
"""
from collections import OrderedDict

import torch
from torch import nn


def shapes_cnn(num_classes=4):
    """backbone.pt의 모델 구조 (이미 완성됨): 입력 (N, 3, 16, 16) -> 로짓 (N, num_classes).

    - model.features: 합성곱 3개(각각 BatchNorm2d, ReLU)와 최대 풀링 2번, 전역 평균 풀링, 펼치기
      -> 이미지마다 32개의 특성
    - model.head: nn.Linear(32, num_classes)  (머리; 이 이름이 중요합니다)
    """
    features = nn.Sequential(
        nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten())
    return nn.Sequential(OrderedDict(features=features, head=nn.Linear(32, num_classes)))


def load_backbone(path):
    """미리 학습된 모델을 불러와 반환합니다.

    - backbone.pt에는 모델 객체가 아니라 **state_dict**(이름 -> 텐서)가 들어 있습니다.
      torch.load(path, weights_only=True)로 읽고, shapes_cnn()(클래스 4개)으로 만든 모델에
      load_state_dict로 불러오세요.
    - 반환하기 전에 model.eval()을 부르세요 (바로 예측에 쓸 수 있게, 평가 모드로 반환).
    """
    ### BEGIN SOLUTION
    model = shapes_cnn()
    model.load_state_dict(torch.load(path, weights_only=True))
    model.eval()
    return model
    ### END SOLUTION


def freeze_backbone(model):
    """model.features의 모든 파라미터를 얼리고(requires_grad=False) 같은 model을 반환합니다.

    - 모델을 **제자리에서** 바꾸고, 그 모델을 반환합니다 (새 모델을 만들지 않습니다).
    - model.head의 파라미터는 건드리지 않습니다 (학습할 수 있게 그대로 둡니다).
    - 값은 바꾸지 않습니다. 배치 정규화의 모드(train/eval)도 여기서는 바꾸지 않습니다.
    """
    ### BEGIN SOLUTION
    for parameter in model.features.parameters():
        parameter.requires_grad = False
    return model
    ### END SOLUTION


def replace_head(model, num_classes):
    """model.head를 새 nn.Linear(입력 특성 수, num_classes)로 바꾸고 같은 model을 반환합니다.

    - 입력 특성 수는 지금 머리의 in_features입니다 (model.head.in_features).
    - **제자리에서** 바꾸고 그 모델을 반환합니다. 새 머리는 학습할 수 있어야 합니다
      (nn.Linear를 새로 만들면 requires_grad=True이므로, 백본을 먼저 얼렸어도 머리는 학습됩니다).
    - 새 머리의 초기 가중치는 PyTorch 기본값 그대로 둡니다 (채점은 정해진 가중치를 불러와 확인합니다).
    """
    ### BEGIN SOLUTION
    model.head = nn.Linear(model.head.in_features, num_classes)
    return model
    ### END SOLUTION


def finetune(model, loader, epochs, generator):
    """얼리지 않은(requires_grad=True) 파라미터만 학습하고, 끝난 뒤 model.state_dict()를 반환합니다.

    정확히 이 방법으로 학습하세요 (채점은 같은 generator로 기준 구현과 결과를 비교합니다):
    - **학습 내내 평가 모드**: 처음에 model.eval()을 부르고 model.train()은 부르지 않습니다.
      얼린 백본의 배치 정규화 통계(running_mean, running_var)가 바뀌지 않게 하기 위해서입니다
      (머리는 nn.Linear라 모드와 상관없이 학습됩니다).
    - optimizer = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.1, momentum=0.9)
    - loss_fn = nn.CrossEntropyLoss()
    - epochs번 반복, loader의 미니배치 (xb, yb)마다 이 순서로:
          flip = torch.rand(len(xb), generator=generator) < 0.5     # 데이터 증강: 이미지의 약 절반을
          xb = torch.where(flip[:, None, None, None], xb.flip(-1), xb)   #   좌우로 뒤집습니다
          optimizer.zero_grad() -> loss = loss_fn(model(xb), yb) -> loss.backward() -> optimizer.step()
      generator는 이 뒤집기에만 씁니다 (배치마다 torch.rand를 한 번).
    - 반환: 학습이 끝난 model.state_dict()
    """
    ### BEGIN SOLUTION
    model.eval()
    optimizer = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.1, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    for _ in range(epochs):
        for xb, yb in loader:
            flip = torch.rand(len(xb), generator=generator) < 0.5
            xb = torch.where(flip[:, None, None, None], xb.flip(-1), xb)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
    return model.state_dict()
    ### END SOLUTION
