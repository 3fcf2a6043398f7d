"""What reading a submitted notebook tells the student: codes ``notebook.*``."""
from __future__ import annotations

KO = {
    'cell': '셀',
    'too_big': '{f}: 파일이 너무 큽니다 ({mb:.0f} MB). 출력을 지우고(편집 > 모든 출력 지우기) 다시 저장해 제출하세요.',
    'not_utf8': "{f}: UTF-8 텍스트가 아니어서 노트북으로 읽을 수 없습니다. Colab에서 '파일 > 다운로드 > .ipynb 다운로드'로 다시 저장하세요.",
    'empty': '{f}: 빈 파일입니다. 노트북을 저장한 뒤 다시 제출하세요.',
    'bad_json': "{f}: 노트북(JSON) 형식이 깨져 읽을 수 없습니다 ({line}번째 줄 {col}번째 글자: {msg}). Colab에서 '파일 > 다운로드 > .ipynb 다운로드'로 다시 저장하세요.",
    'is_python': "{f}은(는) 노트북(JSON)이 아니라 파이썬 코드입니다. 파일 전체를 하나의 셀로 보고 채점했습니다. 다음부터는 Colab에서 '파일 > 다운로드 > .ipynb 다운로드'로 저장하세요.",
    'not_notebook': '{f}: JSON이지만 노트북 형식이 아닙니다 ({what}).',
    'old_format': '{f}: 오래된 노트북 형식(nbformat {v})이라 최신 형식(4)으로 변환해 채점했습니다.',
    'unsupported': '{f}: 지원하지 않는 노트북 형식입니다 (nbformat {v}; 3 또는 4가 필요합니다). Colab이나 Jupyter에서 다시 저장하세요.',
    'out_of_order': "{f}: 제출한 노트북은 Colab에서 위에서 아래 순서로 실행되지 않았습니다 (실행 번호 {counts}). 채점은 셀을 위에서 아래로 한 번씩 실행하므로 결과가 Colab과 다를 수 있습니다. 제출 전에 '런타임 > 모두 실행'으로 확인하세요.",
    'magics': '{f}: {cells}의 셸 명령(!pip 등)과 매직(%matplotlib 등)은 채점할 때 실행하지 않습니다 (%%writefile, %env, %cd, %time의 코드는 실행합니다).',
    'skipped_cells': '{f}: {cells}은(는) 파이썬이 아닌 셀 매직(%%bash 등)이라 채점할 때 건너뜁니다.',
    'no_code': '{f}: 노트북에 코드 셀이 없습니다.',
}

EN = {
    'cell': 'cell',
    'too_big': '{f}: file is too large ({mb:.0f} MB). Clear all outputs (Edit > Clear all outputs), save and resubmit.',
    'not_utf8': '{f}: not UTF-8 text, so it cannot be read as a notebook. Re-download it from Colab (File > Download > .ipynb).',
    'empty': '{f}: the file is empty. Save the notebook and resubmit.',
    'bad_json': '{f}: the notebook JSON is broken ({line}:{col}: {msg}). Re-download it from Colab (File > Download > .ipynb).',
    'is_python': '{f} is Python source, not a notebook (JSON). It was graded as one cell. Next time download it from Colab (File > Download > .ipynb).',
    'not_notebook': '{f}: JSON, but not a notebook ({what}).',
    'old_format': '{f}: old notebook format (nbformat {v}); converted to format 4 for grading.',
    'unsupported': '{f}: unsupported notebook format (nbformat {v}; expected 3 or 4). Save it again in Colab or Jupyter.',
    'out_of_order': "{f}: the notebook's cells were not run top to bottom in Colab (execution counts {counts}). Grading runs each cell once, top to bottom, so results may differ from your session. Check with Runtime > Run all before submitting.",
    'magics': "{f}: shell commands (!pip, ...) and magics (%matplotlib, ...) in {cells} are not run when grading (%%writefile, %env, %cd and %time's code are).",
    'skipped_cells': '{f}: {cells} use non-Python cell magics (%%bash, ...) and are skipped when grading.',
    'no_code': '{f}: the notebook has no code cells.',
}
