"""4주차 과제 1: 합성곱과 최대 풀링을 반복문으로 직접 구현하기.

세미나 슬라이드 'CNN 기초'의 계산을 함수로 완성합니다.
`raise NotImplementedError()`가 있는 TODO 자리를 채우세요.

공통 규칙 (채점도 이 규칙대로 합니다):
- 텐서의 형상은 (N, C, H, W) = (배치, 채널, 높이, 너비)입니다.
- conv2d_naive와 maxpool2d_naive는 **출력 위치마다 반복문(for)을 돌며** 직접 계산하세요.
  torch의 합성곱/풀링 함수(F.conv2d, nn.Conv2d, F.max_pool2d, nn.MaxPool2d), 창을 한 번에
  펼치는 함수(unfold, F.unfold, as_strided)를 코드에서 쓰면 그 테스트는 실패합니다
  (채점은 실제 호출을 봅니다. 주석이나 docstring에 이름을 적는 것은 괜찮습니다).
  이 규칙은 conv2d_naive와 maxpool2d_naive에만 적용됩니다 (cnn.py에서는 마음껏 쓰세요).
  쓸 수 있는 것: 인덱싱/슬라이싱, +, *, sum, amax/max, matmul(@), torch.einsum,
  torch.nn.functional.pad(F.pad), torch.zeros 같은 텐서 생성.
- 채점은 float64 입력으로, F.conv2d와 F.max_pool2d의 결과와 비교합니다.
"""
import torch
import torch.nn.functional as F


def conv_output_size(size, kernel, stride=1, padding=0):
    """합성곱(또는 풀링) 출력의 한 변 크기를 **int**로 반환합니다.

    출력 크기 = (size + 2 * padding - kernel) // stride + 1 (나누어떨어지지 않으면 버림)
    예: conv_output_size(28, 3, 1, 1) = 28, conv_output_size(7, 3, 2, 0) = 3
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def conv2d_naive(x, w, b, stride=1, padding=0):
    """F.conv2d(x, w, b, stride=stride, padding=padding)와 같은 값을 반복문으로 계산합니다.

    - x: (N, C, H, W), w: (F, C, KH, KW) (KH와 KW는 다를 수 있습니다), b: (F,)
    - stride, padding: 정수 하나 (가로와 세로에 똑같이 적용). padding은 사방에 0을 채웁니다.
    - 결과: (N, F, H_out, W_out), H_out = conv_output_size(H, KH, stride, padding) (W_out도 같은 식)
    - PyTorch처럼 **교차 상관(cross-correlation)** 입니다: 커널을 뒤집지 않습니다.
      out[n, f, i, j] = sum(창 * w[f]) + b[f], 창 = 패딩한 x[n, :, i*stride : i*stride+KH, j*stride : j*stride+KW]
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()


def maxpool2d_naive(x, kernel, stride):
    """F.max_pool2d(x, kernel, stride)와 같은 값을 반복문으로 계산합니다 (패딩 없음).

    - x: (N, C, H, W), kernel: 정사각형 창의 한 변 (정수), stride: 창을 옮기는 간격 (정수,
      kernel과 다를 수 있습니다: 창이 겹치거나 건너뛸 수 있습니다)
    - 결과: (N, C, H_out, W_out), H_out = conv_output_size(H, kernel, stride) (W_out도 같은 식)
      out[n, c, i, j] = x[n, c, i*stride : i*stride+kernel, j*stride : j*stride+kernel]의 최댓값
    """
    # TODO: 여기에 코드를 작성하세요
    raise NotImplementedError()
