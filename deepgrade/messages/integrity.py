"""Locked notebook cells a submission edited or deleted, for staff: codes ``integrity.*``."""
from __future__ import annotations

KO = {
    'unreadable': '잠긴 셀을 확인하지 못했습니다: {why}',
    'deleted': "잠긴 셀 '{id}'(릴리스의 {pos}번째 셀)이 삭제되었거나 내용이 바뀌었습니다",
    'edited': "잠긴 셀 '{id}'(제출본의 {pos}번째 셀)이 수정되었습니다",
}

EN = {
    'unreadable': 'could not check the locked cells: {why}',
    'deleted': "locked cell '{id}' (cell {pos} of the release) was deleted or its content changed",
    'edited': "locked cell '{id}' (cell {pos} of the submission) was edited",
}
