"""1주차 과제 2: 텐서 다루기.

세미나 슬라이드 '04. 텐서'의 메소드들을 함수로 완성합니다.
각 함수의 `raise NotImplementedError()`가 있는 TODO 자리를 채우세요.
"""
import torch


def describe(t):
    """텐서의 (차원 수, 형상)을 반환합니다. 예: 4x3 행렬 -> (2, (4, 3)).

    TODO: t.dim()과 tuple(t.shape)를 튜플로 묶어 반환하세요.
    """
    return t.dim(), tuple(t.shape)


def top_right(t):
    """슬라이싱: 앞의 두 행, 두 번째 열부터 끝까지 (t[0:2, 1:])를 반환합니다."""
    return t[0:2, 1:]


def elementwise(a, b):
    """요소별(element-wise) 사칙연산 결과를 딕셔너리로 반환합니다.

    TODO: 키 "add", "sub", "mul", "div"에 a+b, a-b, a*b, a/b를 담으세요 (브로드캐스팅 허용).
    """
    return {"add": a + b, "sub": a - b, "mul": a * b, "div": a / b}


def matrix_product(a, b):
    """행렬 곱을 반환합니다 (torch.matmul). 요소별 곱(*)이 아닙니다."""
    return torch.matmul(a, b)


def dot(u, v):
    """두 벡터의 내적을 반환합니다 (torch.dot)."""
    return torch.dot(u, v)


def means(t):
    """(전체 평균, dim=0 평균, dim=-1 평균)을 반환합니다.

    정수 텐서도 받을 수 있으니 먼저 실수(float) 복사본을 만들어 계산하세요.
    원래 텐서 t는 바꾸지 마세요.
    """
    f = t.float()
    return f.mean(), f.mean(dim=0), f.mean(dim=-1)


def sums(t):
    """(전체 합계, dim=0 합계, dim=-1 합계)를 반환합니다 (dtype은 torch 기본 규칙 그대로)."""
    return t.sum(), t.sum(dim=0), t.sum(dim=-1)


def max_along(t, dim):
    """dim 방향의 최대값과 그 인덱스를 (values, indices) 튜플로 반환합니다 (t.max(dim=dim))."""
    values, indices = t.max(dim=dim)
    return values, indices


def to_pairs(t):
    """view로 형상을 (-1, 2)로 바꿉니다: 두 개씩 짝지은 행들 (t.view(-1, 2))."""
    return t.view(-1, 2)


def add_axis(t, dim):
    """dim 위치에 크기 1인 축을 추가합니다 (unsqueeze)."""
    return t.unsqueeze(dim)


def drop_axes(t):
    """크기가 1인 축을 모두 없앱니다 (squeeze)."""
    return t.squeeze()


def concat(x, y, dim):
    """두 텐서를 dim 방향으로 이어 붙입니다 (torch.cat)."""
    return torch.cat([x, y], dim=dim)


def stack(tensors, dim=0):
    """텐서 여러 개(리스트)를 새 축 dim으로 쌓습니다 (torch.stack)."""
    return torch.stack(list(tensors), dim=dim)


def cast(t, dtype):
    """텐서를 주어진 dtype으로 바꾼 텐서를 반환합니다 (타입 캐스팅, 예: torch.float32)."""
    return t.float()


def double_inplace(t):
    """t의 모든 값을 제자리(in-place)에서 2배로 만들고, 같은 텐서 t를 반환합니다.

    TODO: 새 텐서를 만들지 말고 밑줄(_)이 붙은 in-place 연산(mul_)을 쓰세요.
    """
    t.mul_(2)
    return t


def like(t):
    """t와 같은 형상·dtype의 (1로 가득 찬 텐서, 0으로 가득 찬 텐서)를 반환합니다."""
    return torch.ones_like(t), torch.zeros_like(t)


def get_device():
    """GPU(CUDA)를 쓸 수 있으면 torch.device('cuda'), 아니면 torch.device('cpu')를 반환합니다."""
    if torch.cuda.is_available():
        return torch.device("cuda")
    return torch.device("cpu")
