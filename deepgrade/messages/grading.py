"""What a test's outcome says to a student (timeouts, crashes, wrong results): codes ``grading.*``."""
from __future__ import annotations

KO = {
    "not_implemented": "아직 구현되지 않았습니다 (NotImplementedError)",
    "timeout": "시간 제한({seconds})을 넘었습니다",
    "budget": "제출물 전체 채점 시간({seconds})을 다 써서 실행하지 않았습니다 (앞선 테스트들이 시간 제한에 걸렸습니다)",
    "crashed": "학생 코드가 비정상 종료되었습니다: {reason}",
    "failed": "틀린 결과: {detail}",
    "grader": "채점기 준비 중 오류: {detail}",
    "fixture": "테스트 준비 단계({fixture})에서 학생 코드가 돌려준 값을 쓸 수 없어 테스트를 하지 못했습니다: {detail}",
}

EN = {
    "not_implemented": "not implemented yet (NotImplementedError)",
    "timeout": "took longer than the time limit ({seconds})",
    "budget": "not run: the submission's total grading time ({seconds}) was used up by earlier tests that timed out",
    "crashed": "the student's code stopped abnormally: {reason}",
    "failed": "wrong result: {detail}",
    "grader": "grader setup failed: {detail}",
    "fixture": "the test's setup ({fixture}) could not use what the student's code returned, so the test did not run: {detail}",
}
