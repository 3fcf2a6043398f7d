"""A Korean explanation beside common PyTorch and Python error texts, for beginners.

One catalogue: (pattern of the original English text, what it means and what to do). The
original text is always kept; the explanation is added after it as "도움말: …". Patterns match
the text the student's page shows (``TypeError: …`` lines, ``assert_close`` dumps, pytest's
comparison text), so the same table serves test messages and failed imports alike.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

HINT_PREFIX = "도움말: "
MAX_HINTS = 2


@dataclass(frozen=True)
class Explanation:
    pattern: re.Pattern[str]
    korean: str  # formatted with the pattern's groups ({0}, {1}, ...)


def _entry(pattern: str, korean: str) -> Explanation:
    return Explanation(re.compile(pattern), korean)


CATALOGUE: tuple[Explanation, ...] = (
    # --- shapes ---------------------------------------------------------------------------
    _entry(r"mat1 and mat2 shapes cannot be multiplied \((\d+)x(\d+) and (\d+)x(\d+)\)",
           "행렬 곱은 앞 행렬의 열 수와 뒤 행렬의 행 수가 같아야 합니다: ({0}x{1}) @ ({2}x{3})에서 {1}과 {2}가 "
           "다릅니다. 두 텐서의 형상을 print(t.shape)로 확인하세요."),
    _entry(r"The size of tensor a \((\d+)\) must match the size of tensor b \((\d+)\) at non-singleton dimension (\d+)",
           "요소별 연산(+, -, *, /)은 두 텐서의 형상이 같거나 브로드캐스팅할 수 있어야 합니다: 축 {2}의 크기가 "
           "{0}과 {1}로 다릅니다. 행렬 곱을 하려던 것이라면 *가 아니라 torch.matmul(또는 @)을 쓰세요."),
    _entry(r"shape '\[([^\]]*)\]' is invalid for input of size (\d+)",
           "원소 {1}개로는 형상 [{0}]을 만들 수 없습니다: 새 형상의 원소 수(각 크기의 곱)가 원래와 같아야 합니다."),
    _entry(r"view size is not compatible with input tensor's size and stride",
           "view는 메모리에 이어서 놓인 텐서에만 쓸 수 있습니다 (transpose 뒤 등): .contiguous().view(...)나 "
           ".reshape(...)를 쓰세요."),
    _entry(r"Dimension out of range \(expected to be in range of \[(-?\d+), (-?\d+)\], but got (-?\d+)\)",
           "dim={2}는 이 텐서에 없는 축입니다: 이 텐서에서는 {0}부터 {1}까지 쓸 수 있습니다."),
    _entry(r"Sizes of tensors must match except in dimension (\d+)",
           "torch.cat으로 이어 붙일 때는 붙이는 축(dim={0})을 뺀 나머지 축의 크기가 모두 같아야 합니다."),
    _entry(r"stack expects each tensor to be equal size",
           "torch.stack은 형상이 모두 같은 텐서만 쌓을 수 있습니다 (새 축을 만들어 쌓습니다)."),
    _entry(r"1D tensors expected, but got (\d+)D and (\d+)D tensors",
           "torch.dot은 1차원 벡터 두 개의 내적만 구합니다 ({0}차원과 {1}차원을 받았습니다). 행렬이라면 "
           "torch.matmul을 쓰세요."),
    _entry(r"index (-?\d+) is out of bounds for dimension (\d+) with size (\d+)",
           "인덱스 {0}은(는) 크기가 {2}인 축 {1}의 범위(0부터 {2}-1까지)를 벗어났습니다."),
    # --- dtypes ---------------------------------------------------------------------------
    _entry(r"mean\(\): could not infer output dtype\. Input dtype must be either a floating point or complex dtype\. "
           r"Got: (\w+)",
           "평균(mean)은 실수 텐서에서만 구할 수 있는데 입력이 {0}(정수) 텐서입니다. t.float()로 실수 복사본을 "
           "만든 뒤 평균을 구하세요."),
    _entry(r"result type (\w+) can't be cast to the desired output type (\w+)",
           "제자리(in-place) 연산(mul_, add_, /= 등)은 텐서의 dtype을 바꿀 수 없습니다: 결과는 {0}인데 텐서는 "
           "{1}입니다. 새 텐서를 만드는 연산을 쓰거나, dtype을 먼저 맞추세요."),
    _entry(r"expected (?:both vectors to have same dtype|scalar type \w+), but found (\w+)(?: and (\w+))?",
           "두 텐서의 dtype이 달라 계산할 수 없습니다: .float()나 .to(dtype)으로 dtype을 맞추세요."),
    _entry(r"Expected all tensors to be on the same device",
           "텐서들이 서로 다른 장치(cpu와 cuda)에 있습니다: .to(device)로 한 장치에 모으세요."),
    _entry(r"a leaf Variable that requires grad is being used in an in-place operation",
           "requires_grad=True인 텐서는 제자리(in-place)로 바꿀 수 없습니다: with torch.no_grad(): 안에서 "
           "바꾸세요."),
    _entry(r"Can't call numpy\(\) on Tensor that requires grad",
           "기울기를 추적하는 텐서는 바로 numpy로 바꿀 수 없습니다: t.detach().numpy()를 쓰세요."),
    # --- values compared by the graders -----------------------------------------------------
    _entry(r"Tensor-likes are not close!",
           "값이 허용 오차보다 크게 다릅니다. 'Greatest absolute difference'가 가장 큰 차이이고, 그 위치(index)의 "
           "원소를 직접 계산해 보세요."),
    _entry(r"The values for attribute 'shape' do not match",
           "텐서의 형상(shape)이 기대와 다릅니다: 어느 축이 빠지거나 더해졌는지 print(t.shape)로 확인하세요."),
    _entry(r"The values for attribute 'dtype' do not match",
           "텐서의 dtype(정수/실수 등)이 기대와 다릅니다."),
    # --- Python -------------------------------------------------------------------------------
    _entry(r"cannot unpack non-iterable NoneType object|'NoneType' object is not (?:subscriptable|iterable)"
           r"|'NoneType' object has no attribute|\(받은 값: None\)",
           "값이 None입니다: 함수가 return 없이 끝나면 None을 돌려줍니다. return을 빠뜨렸거나 결과를 print로 "
           "출력만 하지 않았는지 확인하세요."),
    _entry(r"missing (\d+) required positional arguments?: (.+)",
           "함수(메소드)를 부를 때 인자 {1}이(가) 빠졌습니다: 정의한 매개변수가 과제에 적힌 시그니처(인자의 개수와 "
           "순서)와 같은지 확인하세요. 과제를 확인하려고 모듈 최상단에 남긴 호출(예: a = SafeFourcal())이라면 "
           "지우세요."),
    _entry(r"takes (\d+) positional arguments? but (\d+) (?:were|was) given",
           "인자 개수가 맞지 않습니다: {0}개를 받도록 정의했는데 {1}개로 불렸습니다. 메소드의 첫 매개변수 self를 "
           "빠뜨렸거나, 과제에 적힌 시그니처와 다르게 정의하지 않았는지 확인하세요."),
    _entry(r"got an unexpected keyword argument '(\w+)'",
           "{0}이라는 이름의 인자를 받지 않도록 정의되어 있습니다: 과제에 적힌 매개변수 이름을 그대로 쓰세요."),
    _entry(r"name '(\w+)' is not defined",
           "{0}이(가) 정의되지 않았습니다: 철자(대소문자 포함)를 확인하고, 쓰기 전에 정의하거나 import했는지 "
           "보세요. 객체 변수라면 self.{0}처럼 써야 합니다."),
    _entry(r"unsupported operand type\(s\) for ([^:]+): '(\w+)' and '(\w+)'",
           "{1}와(과) {2} 사이에는 {0} 연산을 할 수 없습니다: 값의 종류(자료형)를 확인하세요 (예: None이 섞이지 "
           "않았는지)."),
    _entry(r"division by zero", "0으로 나누었습니다: 나누기 전에 나누는 수가 0인지 확인하세요."),
    _entry(r"'(\w+)' object is not callable",
           "함수가 아닌 {0} 값을 함수처럼 불렀습니다: 괄호 ()를 잘못 붙였거나, 같은 이름의 변수가 함수나 메소드를 "
           "덮어쓰지 않았는지 확인하세요."),
    _entry(r"'(?!NoneType)(\w+)' object has no attribute '(\w+)'",
           "{0} 값에 {1}이(가) 없습니다: 철자와 대소문자를 확인하고, 객체 변수라면 생성자에서 self.{1}에 값을 "
           "저장했는지 보세요."),
    _entry(r"maximum recursion depth exceeded",
           "함수가 자기 자신을 끝없이 부릅니다: 메소드 안에서 같은 이름의 메소드를 다시 부르지 않았는지 확인하세요 "
           "(부모의 메소드는 super()로 부릅니다)."),
    _entry(r"list index out of range", "리스트의 범위를 벗어난 인덱스를 썼습니다: 길이를 len()으로 확인하세요."),
    # --- data -------------------------------------------------------------------------------
    _entry(r"Dataset not found|No such file or directory: '[^']*MNIST",
           "데이터 파일을 찾지 못했습니다: build_datasets(root)가 받은 root를 그대로 쓰고 download=False로 두세요 "
           "(채점 컴퓨터는 인터넷에 연결되어 있지 않습니다)."),
    _entry(r"default_collate: batch must contain tensors",
           "DataLoader가 텐서가 아닌 값(PIL 이미지 등)을 받았습니다: 데이터셋에 transform=transforms.ToTensor()를 "
           "지정하세요."),
)


def explain(text: str) -> tuple[str, ...]:
    """The Korean explanations for what ``text`` shows (at most ``MAX_HINTS``, catalogue order)."""
    found: list[str] = []
    for entry in CATALOGUE:
        match = entry.pattern.search(text)
        if match is None:
            continue
        hint = entry.korean.format(*(group or "" for group in match.groups()))
        if hint not in found:
            found.append(hint)
        if len(found) == MAX_HINTS:
            break
    return tuple(found)


def with_explanation(text: str) -> str:
    """``text`` followed by its explanations, one "도움말: …" line each (unchanged when none fits)."""
    if HINT_PREFIX in text:
        return text  # explained once already
    hints = explain(text)
    return text if not hints else "\n".join([text, *(HINT_PREFIX + hint for hint in hints)])
