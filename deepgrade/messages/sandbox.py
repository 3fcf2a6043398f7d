"""What the sandbox's trusted client tells a student (missing names, crashes, limits): codes
``sandbox.*``."""
from __future__ import annotations

KO = {
    "not_submitted": "{file} 파일이 제출되지 않아 {name}을(를) 찾을 수 없습니다",
    "unit_failed": "{file}을(를) 불러오는 중 문제가 생겨 {name}이(가) 정의되지 않았습니다 ({status}: {message})",
    "unit_stopped": "{file}을(를) 불러오다 {line}번째 줄에서 멈춰서, 그 뒤에 있는 {name}이(가) 정의되지 않았습니다 "
                    "({status}: {message}). 그 줄을 고치거나 지우세요 (그 앞에서 정의한 이름은 채점했습니다)",
    "no_name": "{file}에 {name}이(가) 없습니다",
    "no_name_anywhere": "제출한 코드에 {name}이(가) 없습니다",
    "not_in_notebook": "{notebook}에 {name}이(가) 정의되어 있지 않습니다 (풀이 셀을 지웠거나, 정의한 셀이 실패했거나, del 했나요?)",
    "did_you_mean": "; 혹시 {suggestion}을(를) 말한 건가요?",
    "defines": ". 이 파일에 정의된 이름: {names}",
    "defines_nothing": ". 이 파일에는 정의된 클래스나 함수가 없습니다",
    "timeout": "시간 제한 {seconds:g}초를 넘었습니다",
    "import_timeout": "불러오기 시간 제한 {seconds:g}초를 넘었습니다 (무한 루프나 오래 걸리는 코드가 모듈 최상단에 있나요?)",
    "memory": "메모리 제한 {mb} MiB를 넘었습니다",
    "cpu": "CPU 시간 제한을 넘었습니다",
    "signal": "시그널 {name}로 종료되었습니다",
    "exited": "프로세스가 종료되었습니다: os._exit({code}) 또는 그에 준하는 호출",
    "exit_called": "{detail}이(가) 호출되어 실행이 끝났습니다 (채점 중에는 프로그램을 끝내지 마세요)",
    "base_exception": "{detail} 예외로 실행이 중단되었습니다",
    "too_large": "결과가 너무 큽니다 ({mb} MiB 초과)",
    "too_much_data": "결과에 텐서가 아닌 값이 너무 많습니다 ({mb} MiB 초과; 큰 데이터는 텐서로 돌려주세요)",
    "unreadable": "샌드박스가 읽을 수 없는 응답을 보냈습니다",
    "restarted": "샌드박스가 다시 시작되어 이전 객체를 더 쓸 수 없습니다 (sandbox was restarted)",
    "not_run": "앞선 파일들이 멈추거나 종료되어 실행하지 않았습니다",
    "shadowing": "{file}은(는) 설치된 모듈 이름과 같아 import로는 불러올 수 없습니다 (이름만 읽었습니다)",
    "stopped_at": " — {file} {line}번째 줄(`{code}`)에서 멈췄습니다. 다시 불러올 때 그 줄부터는 실행하지 않았고, 그 앞에서 정의한 이름은 채점합니다 (채점용 파일의 맨 위에서 학습이나 입력 대기 같은 오래 걸리는 코드를 실행하지 마세요)",
}

EN = {
    "not_submitted": "{file} was not submitted, so {name} is missing",
    "unit_failed": "{file} failed at import, so {name} is not defined ({status}: {message})",
    "unit_stopped": "{file} stopped at line {line} while importing, so {name}, defined after it, is not defined "
                    "({status}: {message}). Fix or remove that line (the names before it were graded)",
    "no_name": "{file} has no {name}",
    "no_name_anywhere": "the submission has no {name}",
    "not_in_notebook": "{notebook} does not define {name} (a solution cell deleted, the defining cell failed, or del?)",
    "did_you_mean": "; did you mean {suggestion}?",
    "defines": ". This file defines: {names}",
    "defines_nothing": ". This file defines no class or function",
    "timeout": "time limit of {seconds:g} s exceeded",
    "import_timeout": "import time limit of {seconds:g} s exceeded (an endless loop or long job at module level?)",
    "memory": "memory limit {mb} MiB exceeded",
    "cpu": "CPU time limit exceeded",
    "signal": "killed by signal {name}",
    "exited": "the process exited: os._exit({code}) or similar",
    "exit_called": "{detail} was called and ended the run (do not exit the program while it is graded)",
    "base_exception": "{detail} raised",
    "too_large": "result too large (over {mb} MiB)",
    "too_much_data": "result holds too much non-tensor data (over {mb} MiB; return large data as tensors)",
    "unreadable": "the sandbox sent an unreadable reply",
    "restarted": "sandbox was restarted: objects from before cannot be used",
    "not_run": "not run: earlier files hung or exited",
    "shadowing": "{file} has the name of an installed module; its names were read but it cannot be imported",
    "stopped_at": " — it stopped at {file} line {line} (`{code}`); when loaded again that line and the rest were not run, and the names defined before it are graded (do not run long jobs such as training or input() at the top of a graded file)",
}
