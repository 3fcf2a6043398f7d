"""The student's notebook as released (intro, sections, self-check cells, deadline): codes
``release.*``. The ``runner.*`` entries are Python expressions placed into the self-check cell."""
from __future__ import annotations

KO = {
    'runner.lock': '🔒 자가 점검 도구 (수정하지 마세요): deepgrade 없이 공개 테스트를 실행합니다.',
    'runner.student_doc': '공개 테스트의 `student.이름`: 이 노트북에 정의된 이름을 찾습니다.',
    'runner.missing': 'f"노트북에 `{name}`이(가) 없습니다 (위의 셀을 먼저 실행했나요?)"',
    'runner.todo': 'f"… 아직 구현하지 않음: {title}"',
    'runner.failed': 'f"✗ 실패: {title}"',
    'runner.error': 'f"✗ 오류: {title} ({type(exc).__name__}: {exc})"',
    'runner.passed': 'f"✓ 통과: {title}"',
    'runner.summary': 'f"→ 공개 테스트 {passed}/{len(tests)}개 통과"',
    'compare_registration': '# 🔒 값 비교 도우미: 공개 테스트가 쓰는 deepgrade의 assert_matches와 같은 파일입니다.',
    'self_check_header': '# 🔒 자가 점검: {test_name}의 공개 테스트 (수정하지 마세요)',
    'self_check_later': '# 노트북에서는 확인하지 않는 공개 테스트 (`deepgrade check`로 확인하세요): ',
    'weekdays': '월화수목금토일',
    'deadline': '%Y년 %-m월 %-d일 ({weekday}) %H:%M KST',
    'intro': '# {title}\n\n**마감: {deadline}**\n\n1. Colab에서 *파일 > Drive에 사본 저장*을 한 뒤, `# TODO`가 있는 셀을 채우세요 (`raise NotImplementedError()`를 지우고 코드를 작성합니다).\n2. *런타임 > 모두 실행*으로 확인하세요: 문제마다 자가 점검 셀이 통과 / 실패 / 아직 구현하지 않음을 보여 줍니다. 실제 채점은 숨은 테스트를 더 많이 실행합니다.\n3. 제출: *파일 > 다운로드 > .ipynb 다운로드*로 받은 `{notebook}`을(를) 파일 이름에 본인 이름을 넣어 스터디 Drive 폴더에 올리세요.\n\n채점은 코드 셀을 **위에서 아래로 한 번씩**, 인터넷이 없는 CPU에서 실행합니다. 클래스와 함수 이름은 바꾸지 말고, 잠긴 셀(🔒)은 수정하지 마세요.',
    'section_worth': ' ({points:g}점)',
    'section_heading': '## 문제 {number}. {heading}{worth}',
    'section_same': '.py 버전의 `{file}` 파일과 같은 내용입니다.',
    'section_define': '정의할 이름: ',
    'outro': "## 제출 전에\n\n*런타임 > 다시 시작 및 모두 실행*으로 위에서 아래로 오류 없이 실행되는지 확인하세요 (자가 점검의 '아직 구현하지 않음'은 괜찮습니다).",
    'sibling_note': '# 노트북에서는 위의 셀에서 이미 정의했으므로 필요 없습니다: ',
}

EN = {
    'runner.lock': '🔒 Self-check helper (do not edit): runs the public tests without deepgrade.',
    'runner.student_doc': '`student.name` in the public tests: the name defined in this notebook.',
    'runner.missing': 'f"this notebook has no `{name}` (did you run the cells above?)"',
    'runner.todo': 'f"… not implemented yet: {title}"',
    'runner.failed': 'f"✗ failed: {title}"',
    'runner.error': 'f"✗ error: {title} ({type(exc).__name__}: {exc})"',
    'runner.passed': 'f"✓ passed: {title}"',
    'runner.summary': 'f"→ {passed}/{len(tests)} public tests passed"',
    'compare_registration': "# 🔒 Value comparison helper: the same file as deepgrade's assert_matches, used by the public tests.",
    'self_check_header': '# 🔒 Self-check: the public tests of {test_name} (do not edit)',
    'self_check_later': '# Not checked here (run `deepgrade check`): ',
    'weekdays': ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    'deadline': '{weekday} %d %B %Y, %H:%M KST',
    'intro': "# {title}\n\n**Deadline: {deadline}**\n\n1. In Colab: *File > Save a copy in Drive*, then fill in every `# TODO` cell (replace `raise NotImplementedError()` with your code).\n2. Run *Runtime > Run all*: each section's self-check prints passed / failed / not implemented yet. The real grading runs more (hidden) tests.\n3. Submit: *File > Download > Download .ipynb* and upload `{notebook}` to the course Drive folder, with your name in the file name.\n\nGrading runs the code cells once, **top to bottom**, on a CPU without internet. Keep the class and function names; do not edit the locked cells (🔒).",
    'section_worth': ' ({points:g} points)',
    'section_heading': '## Problem {number}. {heading}{worth}',
    'section_same': 'Same as `{file}` in the .py version.',
    'section_define': 'Define: ',
    'outro': '## Before you submit\n\n*Runtime > Restart and run all*: every cell must run top to bottom without errors (the self-checks may still say not implemented).',
    'sibling_note': '# Not needed in the notebook (defined in a cell above): ',
}
