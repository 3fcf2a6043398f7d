"""A submission's files that cannot become code units: codes ``loader.*``."""
from __future__ import annotations

KO = {
    "not_utf8": "{name}: UTF-8 텍스트가 아닙니다 ({pos}번째 바이트). 파일을 UTF-8로 다시 저장해 주세요.",
    "bad_name": "{name}: 파일 이름을 파이썬 모듈 이름으로 쓸 수 없습니다 (예상: {expected}).",
    "empty": "{name}: 빈 파일입니다.",
    "missing": "{name}: 제출되지 않았습니다.",
    "duplicate": "{name}: 같은 이름의 모듈 {other} 이(가) 이미 있어 무시했습니다.",
    "ignored": "{name}: .py 또는 .ipynb 파일이 아니어서 채점하지 않습니다.",
    "no_notebook_reader": "{name}: 노트북을 읽을 수 없습니다 (노트북 채점 모듈이 없습니다).",
}

EN = {
    "not_utf8": "{name}: not UTF-8 text (byte {pos}). Please save the file as UTF-8.",
    "bad_name": "{name}: the file name cannot be a Python module name (expected: {expected}).",
    "empty": "{name}: the file is empty.",
    "missing": "{name}: not submitted.",
    "duplicate": "{name}: ignored, module {other} was already given by another file.",
    "ignored": "{name}: not a .py or .ipynb file, not graded.",
    "no_notebook_reader": "{name}: cannot read notebooks (the notebook module is missing).",
}
