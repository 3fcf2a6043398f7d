"""`deepgrade check`, a student's self-check on the console: codes ``check.*``."""
from __future__ import annotations

KO = {
    "no_dir": "`{path}` 폴더(또는 노트북 파일)가 없습니다.",
    "nothing": "`{path}`에서 제출할 파일({files} 또는 {notebook})을 찾지 못했습니다.",
    "missing_file": "`{file}` 파일이 없습니다.",
    "missing_name": "`{file}`에 {kind} `{name}`이(가) 없습니다.",
    "did_you_mean": " `{guess}`을(를) 말씀하신 건가요?",
    "case_only": "`{file}`의 `{guess}`은(는) 과제의 이름 `{name}`과(와) 대소문자만 다릅니다: 채점은 되지만 "
                 "(참고에 적힙니다) 과제에 적힌 이름으로 고치세요.",
    "syntax": "`{file}` {line}번째 줄: 문법 오류입니다 ({msg}).",
    "kinds": {"class": "클래스", "function": "함수", "name": "이름"},
    "using_notebook": "노트북 `{file}`을(를) 확인합니다.",
    "using_files": "확인할 파일: {files}",
    "title": "{title}: 공개 테스트 자가 점검",
    "passed": "통과", "failed": "실패",
    "summary": "공개 테스트 {total}개 중 {passed}개 통과 · 공개 테스트 점수 {points:g} / {max_points:g}점",
    "all_passed": "모든 공개 테스트를 통과했습니다. 채점 때는 숨은 테스트가 더 많은 경우를 확인합니다.",
    "some_failed": "통과하지 못한 테스트가 있습니다. 위의 메시지를 보고 고친 뒤 다시 확인하세요.",
    "engine_error": "채점을 끝내지 못했습니다: {error}",
    "deadline": "마감: {deadline} · {left}",
    "left": "남은 시간 {days}일 {hours}시간 {minutes}분",
    "past": "마감이 {days}일 {hours}시간 {minutes}분 지났습니다 (지각 제출)",
    "in_process": "참고: 샌드박스를 쓸 수 없어 격리 없이 실행했습니다.",
    "weekdays": "월화수목금토일",
}

EN = {
    "no_dir": "`{path}`: no such folder (or notebook file).",
    "nothing": "`{path}` holds none of the files to submit ({files} or {notebook}).",
    "missing_file": "`{file}` is missing.",
    "missing_name": "`{file}` has no {kind} `{name}`.",
    "did_you_mean": " Did you mean `{guess}`?",
    "case_only": "`{guess}` in `{file}` differs from the assignment's `{name}` in letter case only: it is "
                 "graded (with a note), but use the assignment's spelling.",
    "syntax": "`{file}` line {line}: syntax error ({msg}).",
    "kinds": {"class": "class", "function": "function", "name": "name"},
    "using_notebook": "Checking the notebook `{file}`.",
    "using_files": "Checking: {files}",
    "title": "{title}: public self-check",
    "passed": "passed", "failed": "failed",
    "summary": "{passed} of {total} public tests passed · public points {points:g} / {max_points:g}",
    "all_passed": "Every public test passed. Grading also runs hidden tests on more cases.",
    "some_failed": "Some tests failed. Fix them using the messages above and check again.",
    "engine_error": "Grading could not finish: {error}",
    "deadline": "Deadline: {deadline} · {left}",
    "left": "{days}d {hours}h {minutes}m left",
    "past": "the deadline passed {days}d {hours}h {minutes}m ago (late)",
    "in_process": "note: the sandbox is not available; ran without isolation.",
    "weekdays": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
