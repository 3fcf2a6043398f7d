import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from rich.console import Console

from deepgrade.authoring.check import check

BEFORE_DEADLINE = datetime(2022, 3, 14, 12, 0, tzinfo=ZoneInfo("Asia/Seoul"))


def _run(course, folder: Path) -> tuple[int, str]:
    console = Console(record=True, width=200)
    code = check(course, 1, folder, console=console, now=BEFORE_DEADLINE)
    return code, console.export_text()


def test_reference_solution_passes_every_public_test(course_copy: Path, load):
    code, out = _run(load(course_copy), course_copy / "solutions/week01")
    assert code == 0
    assert "공개 테스트 19개 중 19개 통과" in out and "21 / 21점" in out
    assert "2022-03-16 (수) 23:59 KST" in out and "남은 시간 2일 11시간 59분" in out


def test_stub_fails_with_clear_messages(course_copy: Path, load):
    code, out = _run(load(course_copy), course_copy / "assignments/week01")
    assert code == 1
    assert "✘ 실패" in out and "NotImplementedError" in out and "통과하지 못한 테스트가 있습니다" in out


def test_missing_name_and_file_are_named_with_a_guess(course_copy: Path, load, tmp_path: Path):
    folder = tmp_path / "mine"
    folder.mkdir()
    for name in ("fourcal.py", "tensor_ops.py"):
        shutil.copy2(course_copy / "solutions/week01" / name, folder / name)
    source = (folder / "fourcal.py").read_text(encoding="utf-8")
    (folder / "fourcal.py").write_text(source.replace("class Fourcal:", "class FourCal:")
                                       .replace("(Fourcal)", "(FourCal)"), encoding="utf-8")
    code, out = _run(load(course_copy), folder)
    assert code == 1
    # graded with a note under the default names.case (note), and the self-check says so
    assert "`fourcal.py`의 `FourCal`은(는) 과제의 이름 `Fourcal`과(와) 대소문자만 다릅니다" in out
    assert "`data.py` 파일이 없습니다." in out
    config = course_copy / "assignments/week01/assignment.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("names: {case: note}", "names: {case: exact}"),
                      encoding="utf-8")
    code, out = _run(load(course_copy), folder)
    assert "`fourcal.py`에 클래스 `Fourcal`이(가) 없습니다. `FourCal`을(를) 말씀하신 건가요?" in out


def test_missing_folder_is_a_message_not_a_traceback(course_copy: Path, load, tmp_path: Path):
    code, out = _run(load(course_copy), tmp_path / "nowhere")
    assert code == 1 and "폴더(또는 노트북 파일)가 없습니다" in out and "Traceback" not in out
