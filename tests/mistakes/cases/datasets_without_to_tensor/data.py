"""1주차 과제 3: 데이터셋, DataLoader, 배치/에폭/이터레이션.

세미나 슬라이드 '05. DataSet'과 BATCH_SIZE / EPOCH / ITERATION 설명을 코드로 옮깁니다.
"""
import torch
from torchvision import datasets, transforms

# 사용자 정의 하이퍼파라미터 (슬라이드: batch size = 32, epoch = 10)
BATCH_SIZE = 32
EPOCHS = 10


def build_datasets(root):
    """root 아래의 MNIST로 (학습용, 시험용) 데이터셋 튜플을 만듭니다.

    TODO: torchvision.datasets.MNIST를 train=True / train=False로 두 번 만들고,
    transform=transforms.ToTensor()로 이미지를 [0, 1] 범위의 텐서로 바꾸세요.
    데이터는 이미 root/MNIST/raw에 있으니 download=False로 두면 됩니다.
    """
    train = datasets.MNIST(root=root, train=True, download=False)
    test = datasets.MNIST(root=root, train=False, download=False)
    return train, test


def build_loaders(train_dataset, test_dataset, batch_size=BATCH_SIZE):
    """(학습용 DataLoader, 시험용 DataLoader)를 반환합니다.

    TODO: 학습용은 shuffle=True(순서를 섞음), 시험용은 shuffle=False로,
    둘 다 batch_size를 지정하세요.
    """
    train_loader = torch.utils.data.DataLoader(train_dataset, batch_size=batch_size, shuffle=True)
    test_loader = torch.utils.data.DataLoader(test_dataset, batch_size=batch_size, shuffle=False)
    return train_loader, test_loader


def iterations_per_epoch(n_samples, batch_size):
    """1 epoch당 iteration 수: 미니배치 개수 (마지막 배치가 덜 차도 1개로 셉니다).

    예: 640개, batch size 32 -> 20. 650개라면 -> 21.
    """
    return -(-n_samples // batch_size)


def total_iterations(n_samples, batch_size, epochs):
    """전체 학습에서 iteration 수: (1 epoch당 iteration 수) x epoch 수. 예: 640, 32, 10 -> 200."""
    return iterations_per_epoch(n_samples, batch_size) * epochs
