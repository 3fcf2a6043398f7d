"""The realistic-mistakes corpus: week 1 as careless students hand it in (issue 10, evidence).

Each folder under ``cases/`` holds the files a student changed; the other week-1 files are the
reference solution as a student who solved them would submit it. Every case is graded through
the real engine (sandbox, hidden graders, public tests) and must earn exactly the points a fair
TA gives it: one mistake costs the tests of that behaviour, and nothing else. ``lost`` names
every test that loses points, with a piece of the message the student reads.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest

from deepgrade.results import SubmissionResult

HERE = Path(__file__).parent
REPO = HERE.parents[1]
FILES = ("fourcal.py", "tensor_ops.py", "data.py")


@dataclass(frozen=True)
class Mistake:
    points: float                    # what a fair TA gives (of 100)
    why: str                         # the TA's reasoning, in one line
    lost: dict[str, str]             # test -> text its message contains ("" for any)
    note: str = ""                   # text a note on the student's page contains


MISTAKES: dict[str, Mistake] = {
    "textbook_spelling": Mistake(
        100, "FourCal, MoreFourCal, SafeFourCal as the textbook spells them: correct code, a note, no deduction",
        {}, note="과제의 이름은 Fourcal인데 FourCal(으)로 썼습니다"),
    "floor_division_div": Mistake(
        97, "// in Fourcal.div: the division tests only (SafeFourcal's own div and inheritance are right)",
        {"test_fourcal_div_is_true_division": "Fourcal(7, 2).div(): 3 (기대값 3.5)", "test_fourcal_div_random": "div()"}),
    "floor_division_everywhere": Mistake(
        93, "// in both divs: Fourcal's and SafeFourcal's division tests",
        {"test_fourcal_div_is_true_division": "3.5", "test_fourcal_div_random": "div()",
         "test_safefourcal_div_slide": "SafeFourcal(7, 2).div(): 3", "test_safefourcal_div": "div()"}),
    "safe_div_without_zero_check": Mistake(
        96, "SafeFourcal.div divides by zero: its two division tests",
        {"test_safefourcal_div_slide": "0으로 나누었습니다", "test_safefourcal_div": "ZeroDivisionError"}),
    "add_left_unimplemented": Mistake(
        96, "add left as the stub: the add tests only, not MoreFourcal's or SafeFourcal's",
        {"test_fourcal_add_sub_mul": "아직 구현되지 않았습니다", "test_fourcal_add_sub_mul_random": "아직 구현되지"}),
    "child_without_super": Mistake(
        97, "Child stores p1, p2 itself instead of calling super().__init__",
        {"test_child_init_uses_super": "super()를 쓰지 않았습니다"}),
    "morefourcal_copies_parent": Mistake(
        97, "MoreFourcal copies add/sub/mul/div instead of inheriting them",
        {"test_morefourcal_inherits": "부모의 메소드를 다시 정의했습니다"}),
    "class_variables": Mistake(
        98, "setdata writes class variables: objects share their numbers",
        {"test_objects_are_independent": "클래스 변수"}),
    "print_instead_of_return": Mistake(
        96, "add prints the sum and returns None",
        {"test_fourcal_add_sub_mul": "받은 값: None", "test_fourcal_add_sub_mul_random": "return을 빠뜨렸거나"}),
    "leftover_demo_call_at_end": Mistake(
        100, "a leftover `a = SafeFourcal()` after every class: every class is defined, a note shows the line",
        {}, note="fourcal.py:92 in <module>: a = SafeFourcal()"),
    "leftover_print_in_the_middle": Mistake(
        82, "a leftover print(a.add()) after Fourcal stops the import there: only the classes after it are missing",
        {name: "43번째 줄에서 멈춰서" for name in (
            "test_morefourcal_pow", "test_safefourcal_div_slide", "test_child_slide_example", "test_morefourcal_inherits",
            "test_morefourcal_pow_random", "test_safefourcal_overrides_only_div", "test_safefourcal_div",
            "test_child_init_uses_super", "test_child_parent_act_uses_super")},
        note="fourcal.py:43 in <module>: print(a.add())"),
    "leftover_exit_at_end": Mistake(
        100, "a leftover exit() at the end of data.py: everything before it is defined", {}, note="exit()"),
    "means_without_float": Mistake(
        96, "mean of an integer tensor without .float(): the means tests",
        {"test_means": "t.float()로 실수 복사본", "test_means_random_and_int_input": "could not infer output dtype"}),
    "matmul_as_elementwise": Mistake(
        98, "* instead of matmul: the matrix product tests",
        {"test_matrix_product": "torch.matmul(또는 @)", "test_matrix_product_random": ""}),
    "double_inplace_returns_new_tensor": Mistake(
        97, "returns t * 2: right values, but not in place",
        {"test_double_inplace_keeps_identity": "in-place로 2배가 되어야 함"}),
    "double_inplace_float_factor": Mistake(
        99, "t.mul_(2.0) cannot stay an integer tensor: the integer case only",
        {"test_double_inplace_values": "제자리(in-place) 연산"}),
    "device_as_string": Mistake(
        97, "'cpu' as a string instead of torch.device", {"test_get_device": "torch.device를 반환해야",
                                                         "test_get_device_matches_machine": "torch.device를 반환해야"}),
    "cast_ignores_dtype": Mistake(98, "cast always to float", {"test_cast_random": "자료형(dtype)"}),
    "stack_with_cat": Mistake(97, "cat instead of stack", {"test_stack": "형상(shape)", "test_stack_random": "형상(shape)"}),
    "squeeze_first_axis_only": Mistake(98, "squeeze(0) keeps the other size-1 axes", {"test_drop_axes_random": "형상(shape)"}),
    "describe_returns_size": Mistake(100, "torch.Size is a tuple: right", {}),
    "iterations_floor_division": Mistake(
        94, "// drops the last partial batch: iterations and, through them, the totals of such sizes",
        {"test_iterations_count_the_last_partial_batch": "20 (기대값 21)", "test_iterations_per_epoch_random": "",
         "test_total_iterations_random": ""}),
    "iterations_as_float": Mistake(
        90, "an iteration count as a float (20.0): every count test",
        {"test_iterations_per_epoch_slide": "정수(int)", "test_iterations_count_the_last_partial_batch": "정수(int)",
         "test_total_iterations_slide": "정수(int)", "test_iterations_per_epoch_random": "정수(int)",
         "test_total_iterations_random": "정수(int)"}),
    "build_datasets_without_return": Mistake(
        93, "build_datasets without return: the two dataset tests, not the loaders (tested on their own data)",
        {"test_datasets_are_the_mnist_splits": "return을 빠뜨렸거나", "test_dataset_items_are_tensors": "테스트 준비 단계(datasets)"}),
    "datasets_without_to_tensor": Mistake(
        97, "no ToTensor: items are images, not tensors", {"test_dataset_items_are_tensors": "ToTensor"}),
    "loaders_hard_coded_batch_size": Mistake(
        97, "batch_size=32 hard-coded: only the test giving another size", {"test_loaders_honour_batch_size": "batch_size"}),
    "loaders_shuffle_both": Mistake(97, "the test loader shuffles too", {"test_loaders_shuffle_train_only": "shuffle=False"}),
    "loaders_wrong_signature": Mistake(
        92, "build_loaders(batch_size, train, test): every loader test calls it as specified",
        {"test_loaders_shuffle_train_only": "", "test_loaders_honour_batch_size": "",
         "test_loader_length_is_iterations": "missing 1 required positional argument"}),
    "batch_size_constant_changed": Mistake(
        95, "BATCH_SIZE = 64: the slide's total and the default loader length",
        {"test_total_iterations_slide": "BATCH_SIZE: 64 (기대값 32)", "test_loader_length_is_iterations": ""}),
}


def test_every_case_folder_has_an_expectation() -> None:
    assert sorted(p.name for p in (HERE / "cases").iterdir() if p.is_dir()) == sorted(MISTAKES)
    assert len(MISTAKES) >= 20


def _solution(name: str) -> bytes:
    text = (REPO / "solutions/week01" / name).read_text(encoding="utf-8")
    return "".join(line for line in text.splitlines(keepends=True)
                   if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")).encode()


@pytest.fixture(scope="module")
def grade(tmp_path_factory: pytest.TempPathFactory, session_zygote: Any) -> Iterator[Any]:
    from deepgrade.config.loader import load_course
    from deepgrade.grading.runner import grade_submission
    from deepgrade.pipeline.jobs import build_job
    state = tmp_path_factory.mktemp("state")
    course = load_course(REPO / "course.yml", state=state, export=tmp_path_factory.mktemp("export"))
    assignment = course.assignments[1]

    def run(files: dict[str, bytes], zygote: Any) -> SubmissionResult:
        job = build_job(course, assignment, files, seed=20220316)
        return grade_submission(job, backend="sandbox", zygote=zygote)

    yield lambda files: run(files, session_zygote)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_a_mistake_costs_only_the_tests_of_its_behaviour(name: str, grade: Any) -> None:
    mistake = MISTAKES[name]
    files = {f: _solution(f) for f in FILES}
    files.update({p.name: p.read_bytes() for p in (HERE / "cases" / name).iterdir()})
    result = grade(files)
    assert result.error is None, result.error
    lost = {t.name: t.message for t in result.tests() if t.points < t.max_points}
    assert sorted(lost) == sorted(mistake.lost), {n: m[:160] for n, m in lost.items()}
    for test, text in mistake.lost.items():
        assert text in lost[test], (test, lost[test])
    assert result.points == mistake.points, (mistake.why, {n: m[:120] for n, m in lost.items()})
    if mistake.note:
        assert any(mistake.note in note for note in result.notes), result.notes
