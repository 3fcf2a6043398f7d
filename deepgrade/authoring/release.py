"""``deepgrade release WEEK``: the student bundle, as a folder and a zip.

``<export>/release/weekNN/`` holds the stubs, the notebook (when there is one), the public
tests with their conftest, the week's shipped data files (``data/…``), and a Korean README
(deadline in KST, how to self-check);
``<export>/release/weekNN.zip`` holds the same under ``weekNN/``. Both are built in a temp
folder and renamed into place. Before anything is moved, the bundle is scanned: it must
contain no solution body (a line from inside a BEGIN/END SOLUTION region).
"""
from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from deepgrade.authoring.shipped_helpers import SHIPPED_COMPARE_MODULE, compare_module_path
from deepgrade.authoring.stubgen import stubgen
from deepgrade.errors import ConfigError

BEGIN, END = "BEGIN SOLUTION", "END SOLUTION"
MIN_LEAK_LENGTH = 12  # shorter solution lines ("return t") are too common to call a leak
WEEKDAYS_KO = "월화수목금토일"


def solution_lines(source: str) -> set[str]:
    """The distinctive lines inside BEGIN/END SOLUTION regions (stripped), except those the
    author also wrote outside the regions (a docstring that states ``model.eval()`` or a
    formula as the task's specification is shipped on purpose)."""
    found: set[str] = set()
    public: list[str] = []
    inside = False
    for line in source.splitlines():
        if BEGIN in line:
            inside = True
        elif END in line:
            inside = False
        elif inside and len(line.strip()) >= MIN_LEAK_LENGTH:
            found.add(line.strip())
        elif not inside:
            public.append(line)
    public_text = "\n".join(public)
    return {line for line in found if line not in public_text}


def find_leaks(bundle: Path, solution_dir: Path) -> list[str]:
    """``file: line`` for every solution line (or marker) found in a bundle file."""
    secrets: set[str] = set()
    for source in solution_dir.glob("*.py"):
        secrets |= solution_lines(source.read_text(encoding="utf-8"))
    leaks = []
    for path in sorted(p for p in bundle.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8", errors="replace")
        if BEGIN in text:
            leaks.append(f"{path.relative_to(bundle)}: contains a {BEGIN} marker")
        leaks += [f"{path.relative_to(bundle)}: {line}" for line in sorted(secrets) if line in text]
    return leaks


def format_deadline_ko(deadline: datetime) -> str:
    return f"{deadline:%Y년 %m월 %d일} ({WEEKDAYS_KO[deadline.weekday()]}) {deadline:%H:%M} (KST)"


def readme_text(course: Any, assignment: Any) -> str:
    config = assignment.config
    deadline = format_deadline_ko(course.deadline(assignment.week))
    files = "\n".join(f"- `{f.name}`: {', '.join(f'`{n}`' for n in f.provides)}" for f in config.files)
    problems = "\n".join(f"| {p.title} | {p.points:g} |" for p in config.problems)
    notebook = (f"\nColab에서 하려면 `{config.notebook}`을 열어 같은 TODO를 채워도 됩니다 "
                "(노트북 하나로 제출하면 .py 파일은 내지 않아도 됩니다).\n") if config.notebook else ""
    if config.data_files:
        listed = ", ".join(f"`{d.path}`" for d in config.data_files)
        notebook += (f"\n과제에 쓰는 데이터: {listed}. 코드에서는 이 경로를 그대로 쓰세요 (채점 환경에도 같은 "
                     "경로에 있습니다). Colab에서는 `data` 폴더를 같은 구조로 올리세요. 제출할 필요는 없습니다.\n")
    return f"""# {config.title}

{course.config.name} · {course.config.term}

**제출 마감: {deadline}** (다음 세미나 전날). 마감 후 제출은 지각 규정에 따라 감점됩니다.

## 할 일

아래 파일의 `# TODO` 자리(`raise NotImplementedError()`)를 채우세요. 클래스·함수 이름과 인자는 바꾸지 마세요.

{files}
{notebook}
## 배점

| 문제 | 점수 |
| --- | --- |
{problems}
| 합계 | {config.total_points:g} |

`tests/` 안의 공개 테스트는 슬라이드 예제를 확인합니다. 채점 때는 여기에 더해 숨은 테스트가
임의의 입력으로 더 많은 경우를 확인하므로, 공개 테스트만 맞추는 답(값을 그대로 적어 넣기 등)은 점수를 받지 못합니다.

## 스스로 확인하기 (self-check)

이 폴더에서 공개 테스트를 실행하세요 (pytest만 있으면 됩니다, `pip install pytest`):

```
python -m pytest tests
```

deepgrade가 설치된 과제 저장소(course.yml이 있는 폴더)에서는 채점과 똑같은 방식으로 확인할 수 있습니다:

```
deepgrade check {assignment.week} <이 폴더의 경로>
```

모두 통과(passed)하면 제출할 준비가 된 것입니다.

## 제출

완성한 파일을 마감 전에 학회 구글 드라이브의 {assignment.week}주차 과제 폴더에 올리세요.
파일 이름에 학번이나 이름을 넣어도 됩니다 (예: `{config.id}_홍길동.zip`).
"""


def _copy_bundle(course: Any, assignment: Any, target: Path) -> None:
    config = assignment.config
    for submitted in config.files:
        shutil.copy2(assignment.dir / submitted.name, target / submitted.name)
    if config.notebook and (assignment.dir / config.notebook).is_file():
        shutil.copy2(assignment.dir / config.notebook, target / config.notebook)
    if assignment.public_tests_dir.is_dir():
        (target / "tests").mkdir()
        for test_file in sorted(assignment.public_tests_dir.glob("*.py")):
            shutil.copy2(test_file, target / "tests" / test_file.name)
        # The public tests compare values with deepgrade's helper; without deepgrade they import
        # this copy of it (`python -m pytest tests` puts tests/ on the import path).
        shutil.copy2(compare_module_path(), target / "tests" / f"{SHIPPED_COMPARE_MODULE}.py")
    for data in config.data_files:  # checked by sha256 when the course was loaded
        (target / data.path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(assignment.dir / data.path, target / data.path)
    (target / "README.md").write_text(readme_text(course, assignment), encoding="utf-8")


def _zip_folder(folder: Path, zip_path: Path, top: str) -> None:
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            archive.write(path, f"{top}/{path.relative_to(folder).as_posix()}")


def release(course: Any, week: int, *, export: Path | None = None) -> Path:
    """Build the week's student bundle; return ``<export>/release/weekNN``.

    Raises ``ConfigError`` (the CLI prints it, exit 2) when the week is unknown, the stubs
    are stale, or the bundle would contain solution code.
    """
    if week not in course.assignments:
        raise ConfigError.at(course.course_file, None, "week", f"no assignment for week {week}")
    assignment = course.assignments[week]
    problems = [r for r in stubgen(course, [week], check=True) if not r.ok]
    if problems:
        detail = "; ".join(f"{r.path.name}: {r.status}" for r in problems)
        raise ConfigError.at(assignment.dir, None, "stubs", f"not fresh ({detail}): run `deepgrade stubgen` first")
    missing = [f.name for f in assignment.config.files if not (assignment.dir / f.name).is_file()]
    if missing:
        raise ConfigError.at(assignment.dir, None, "files", f"stub missing: {', '.join(missing)}")

    release_root = Path(export if export is not None else course.export) / "release"
    release_root.mkdir(parents=True, exist_ok=True)
    final_dir = release_root / assignment.id
    final_zip = release_root / f"{assignment.id}.zip"
    # checked before anything moves: a failure halfway would leave a new folder beside an old zip
    for target, kind, wrong in ((final_dir, "folder", final_dir.exists() and not final_dir.is_dir()),
                                (final_zip, "file", final_zip.is_dir())):
        if wrong:
            raise ConfigError.at(target, None, "release", f"something else is in the way (expected a {kind} "
                                                          "deepgrade may replace; move it away)")
    staging = Path(tempfile.mkdtemp(prefix=f".{assignment.id}-", dir=release_root))
    try:
        bundle = staging / assignment.id
        bundle.mkdir()
        _copy_bundle(course, assignment, bundle)
        leaks = find_leaks(bundle, assignment.solution_dir)
        if leaks:
            raise ConfigError.at(assignment.dir, None, "release",
                                 "solution code would be shipped: " + "; ".join(leaks[:5]))
        _zip_folder(bundle, staging / "bundle.zip", assignment.id)
        if final_dir.exists():  # a folder cannot be replaced by rename: move the old one aside first
            os.replace(final_dir, staging / "previous")
        os.replace(bundle, final_dir)
        os.replace(staging / "bundle.zip", final_zip)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final_dir
