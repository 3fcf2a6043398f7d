"""The realistic-mistakes corpus: week 1 as careless students hand it in (issue 10, evidence).

Each case is the reference solution (as a student who solved it would hand it in) with the
student's mistake written as edits: the solution's text and what the student wrote instead. Every case is graded through
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
    edits: tuple[tuple[str, str, str], ...] = ()  # the mistake: (file, the solution's text, the student's)
    note: str = ""                   # text a note on the student's page contains


MISTAKES: dict[str, Mistake] = {
    "textbook_spelling": Mistake(
        100, "FourCal, MoreFourCal, SafeFourCal as the textbook spells them: correct code, a note, no deduction",
        {}, note="과제의 이름은 Fourcal인데 FourCal(으)로 썼습니다",
        edits=(
            ('fourcal.py',
             'class SafeFourcal(Fourcal):\n    """Fourcal을 상속받아 div만 바꾼(메소드 오버라이딩) 클래스."""\n',
             'class SafeFourCal(FourCal):\n    """FourCal을 상속받아 div만 바꾼(메소드 오버라이딩) 클래스."""\n'),
            ('fourcal.py',
             'class MoreFourcal(Fourcal):\n    """Fourcal을 상속받아 거듭제곱(pow)을 추가한 클래스.\n',
             'class MoreFourCal(FourCal):\n    """FourCal을 상속받아 거듭제곱(pow)을 추가한 클래스.\n'),
            ('fourcal.py',
             'class Fourcal:\n',
             'class FourCal:\n'),
            ('fourcal.py',
             '"""1주차 과제 1: 클래스와 상속 (Fourcal).\n',
             '"""1주차 과제 1: 클래스와 상속 (FourCal).\n'),)),
    "floor_division_div": Mistake(
        97, "// in Fourcal.div: the division tests only (SafeFourcal's own div and inheritance are right)",
        {"test_fourcal_div_is_true_division": "Fourcal(7, 2).div(): 3 (기대값 3.5)", "test_fourcal_div_random": "div()"},
        edits=(
            ('fourcal.py',
             '        """TODO: first / second를 반환하세요 (나눗셈 결과는 실수)."""\n        return self.first / self.second\n',
             '        """TODO: first / second를 반환하세요 (나눗셈 결과는 실수)."""\n        return self.first // self.second\n'),)),
    "floor_division_everywhere": Mistake(
        93, "// in both divs: Fourcal's and SafeFourcal's division tests",
        {"test_fourcal_div_is_true_division": "3.5", "test_fourcal_div_random": "div()",
         "test_safefourcal_div_slide": "SafeFourcal(7, 2).div(): 3", "test_safefourcal_div": "div()"},
        edits=(
            ('fourcal.py',
             '            return 0\n        return self.first / self.second\n',
             '            return 0\n        return self.first // self.second\n'),
            ('fourcal.py',
             '        """TODO: first / second를 반환하세요 (나눗셈 결과는 실수)."""\n        return self.first / self.second\n',
             '        """TODO: first / second를 반환하세요 (나눗셈 결과는 실수)."""\n        return self.first // self.second\n'),)),
    "safe_div_without_zero_check": Mistake(
        96, "SafeFourcal.div divides by zero: its two division tests",
        {"test_safefourcal_div_slide": "0으로 나누었습니다", "test_safefourcal_div": "ZeroDivisionError"},
        edits=(
            ('fourcal.py',
             '        if self.second == 0:\n            return 0\n',
             ''),)),
    "add_left_unimplemented": Mistake(
        96, "add left as the stub: the add tests only, not MoreFourcal's or SafeFourcal's",
        {"test_fourcal_add_sub_mul": "아직 구현되지 않았습니다", "test_fourcal_add_sub_mul_random": "아직 구현되지"},
        edits=(
            ('fourcal.py',
             '        return self.first + self.second\n',
             '        raise NotImplementedError()\n'),)),
    "child_without_super": Mistake(
        97, "Child stores p1, p2 itself instead of calling super().__init__",
        {"test_child_init_uses_super": "super()를 쓰지 않았습니다"},
        edits=(
            ('fourcal.py',
             '        super(Child, self).__init__(p1, p2)\n',
             '        self.p1 = p1\n        self.p2 = p2\n'),)),
    "morefourcal_copies_parent": Mistake(
        97, "MoreFourcal copies add/sub/mul/div instead of inheriting them",
        {"test_morefourcal_inherits": "부모의 메소드를 다시 정의했습니다"},
        edits=(
            ('fourcal.py',
             '    """\n\n',
             '    """\n\n    def add(self):\n        return self.first + self.second\n\n    def sub(self):\n        return self.first - self.second\n\n    def mul(self):\n        return self.first * self.second\n\n    def div(self):\n        return self.first / self.second\n\n'),)),
    "class_variables": Mistake(
        98, "setdata writes class variables: objects share their numbers",
        {"test_objects_are_independent": "클래스 변수"},
        edits=(
            ('fourcal.py',
             '        self.first = first\n        self.second = second\n',
             '        Fourcal.first = first\n        Fourcal.second = second\n'),
            ('fourcal.py',
             '    """두 수(first, second)로 사칙연산을 하는 계산기 클래스."""\n',
             '    """두 수(first, second)로 사칙연산을 하는 계산기 클래스."""\n    first = 0\n    second = 0\n'),)),
    "print_instead_of_return": Mistake(
        96, "add prints the sum and returns None",
        {"test_fourcal_add_sub_mul": "받은 값: None", "test_fourcal_add_sub_mul_random": "return을 빠뜨렸거나"},
        edits=(
            ('fourcal.py',
             '        return self.first + self.second\n',
             '        print(self.first + self.second)\n'),)),
    "leftover_demo_call_at_end": Mistake(
        100, "a leftover `a = SafeFourcal()` after every class: every class is defined, a note shows the line",
        {}, note="fourcal.py:92 in <module>: a = SafeFourcal()",
        edits=(
            ('fourcal.py',
             '        return super().act()\n',
             '        return super().act()\n\n\na = SafeFourcal()\nprint(a.div())\n'),)),
    "leftover_print_in_the_middle": Mistake(
        82, "a leftover print(a.add()) after Fourcal stops the import there: only the classes after it are missing",
        {name: "43번째 줄에서 멈춰서" for name in (
            "test_morefourcal_pow", "test_safefourcal_div_slide", "test_child_slide_example", "test_morefourcal_inherits",
            "test_morefourcal_pow_random", "test_safefourcal_overrides_only_div", "test_safefourcal_div",
            "test_child_init_uses_super", "test_child_parent_act_uses_super")},
        note="fourcal.py:43 in <module>: print(a.add())",
        edits=(
            ('fourcal.py',
             '        """TODO: first / second를 반환하세요 (나눗셈 결과는 실수)."""\n        return self.first / self.second\n',
             '        """TODO: first / second를 반환하세요 (나눗셈 결과는 실수)."""\n        return self.first / self.second\n\n\nprint(a.add())\n'),)),
    "leftover_exit_at_end": Mistake(
        100, "a leftover exit() at the end of data.py: everything before it is defined", {}, note="exit()",
        edits=(
            ('data.py',
             '    return iterations_per_epoch(n_samples, batch_size) * epochs\n',
             '    return iterations_per_epoch(n_samples, batch_size) * epochs\n\n\nprint(total_iterations(640, BATCH_SIZE, EPOCHS))\nexit()\n'),)),
    "means_without_float": Mistake(
        96, "mean of an integer tensor without .float(): the means tests",
        {"test_means": "t.float()로 실수 복사본", "test_means_random_and_int_input": "could not infer output dtype"},
        edits=(
            ('tensor_ops.py',
             '    f = t.float()\n',
             '    f = t\n'),)),
    "matmul_as_elementwise": Mistake(
        98, "* instead of matmul: the matrix product tests",
        {"test_matrix_product": "torch.matmul(또는 @)", "test_matrix_product_random": ""},
        edits=(
            ('tensor_ops.py',
             '    return torch.matmul(a, b)\n',
             '    return a * b\n'),)),
    "double_inplace_returns_new_tensor": Mistake(
        97, "returns t * 2: right values, but not in place",
        {"test_double_inplace_keeps_identity": "in-place로 2배가 되어야 함"},
        edits=(
            ('tensor_ops.py',
             '    t.mul_(2)\n    return t\n',
             '    return t * 2\n'),)),
    "double_inplace_float_factor": Mistake(
        99, "t.mul_(2.0) cannot stay an integer tensor: the integer case only",
        {"test_double_inplace_values": "제자리(in-place) 연산"},
        edits=(
            ('tensor_ops.py',
             '    t.mul_(2)\n',
             '    t.mul_(2.0)\n'),)),
    "device_as_string": Mistake(
        97, "'cpu' as a string instead of torch.device", {"test_get_device": "torch.device를 반환해야",
                                                         "test_get_device_matches_machine": "torch.device를 반환해야"},
        edits=(
            ('tensor_ops.py',
             '        return torch.device("cuda")\n    return torch.device("cpu")\n',
             '        return "cuda"\n    return "cpu"\n'),)),
    "cast_ignores_dtype": Mistake(98, "cast always to float", {"test_cast_random": "자료형(dtype)"},
        edits=(
            ('tensor_ops.py',
             '    return t.to(dtype)\n',
             '    return t.float()\n'),)),
    "stack_with_cat": Mistake(97, "cat instead of stack", {"test_stack": "형상(shape)", "test_stack_random": "형상(shape)"},
        edits=(
            ('tensor_ops.py',
             '    return torch.stack(list(tensors), dim=dim)\n',
             '    return torch.cat(list(tensors), dim=dim)\n'),)),
    "squeeze_first_axis_only": Mistake(98, "squeeze(0) keeps the other size-1 axes", {"test_drop_axes_random": "형상(shape)"},
        edits=(
            ('tensor_ops.py',
             '    return t.squeeze()\n',
             '    return t.squeeze(0)\n'),)),
    "describe_returns_size": Mistake(100, "torch.Size is a tuple: right", {},
        edits=(
            ('tensor_ops.py',
             '    return t.dim(), tuple(t.shape)\n',
             '    return t.dim(), t.size()\n'),)),
    "iterations_floor_division": Mistake(
        94, "// drops the last partial batch: iterations and, through them, the totals of such sizes",
        {"test_iterations_count_the_last_partial_batch": "20 (기대값 21)", "test_iterations_per_epoch_random": "",
         "test_total_iterations_random": ""},
        edits=(
            ('data.py',
             '    return -(-n_samples // batch_size)\n',
             '    return n_samples // batch_size\n'),)),
    "iterations_as_float": Mistake(
        90, "an iteration count as a float (20.0): every count test",
        {"test_iterations_per_epoch_slide": "정수(int)", "test_iterations_count_the_last_partial_batch": "정수(int)",
         "test_total_iterations_slide": "정수(int)", "test_iterations_per_epoch_random": "정수(int)",
         "test_total_iterations_random": "정수(int)"},
        edits=(
            ('data.py',
             '    return -(-n_samples // batch_size)\n',
             '    import math\n    return math.ceil(n_samples / batch_size) * 1.0\n'),)),
    "build_datasets_without_return": Mistake(
        93, "build_datasets without return: the two dataset tests, not the loaders (tested on their own data)",
        {"test_datasets_are_the_mnist_splits": "return을 빠뜨렸거나", "test_dataset_items_are_tensors": "테스트 준비 단계(datasets)"},
        edits=(
            ('data.py',
             '    return train, test\n',
             ''),)),
    "datasets_without_to_tensor": Mistake(
        97, "no ToTensor: items are images, not tensors", {"test_dataset_items_are_tensors": "ToTensor"},
        edits=(
            ('data.py',
             '    train = datasets.MNIST(root=root, train=True, download=False, transform=transforms.ToTensor())\n    test = datasets.MNIST(root=root, train=False, download=False, transform=transforms.ToTensor())\n',
             '    train = datasets.MNIST(root=root, train=True, download=False)\n    test = datasets.MNIST(root=root, train=False, download=False)\n'),)),
    "loaders_hard_coded_batch_size": Mistake(
        97, "batch_size=32 hard-coded: only the test giving another size", {"test_loaders_honour_batch_size": "batch_size"},
        edits=(
            ('data.py',
             '    train_loader = torch.utils.data.DataLoader(train_dataset, batch_size=batch_size, shuffle=True)\n    test_loader = torch.utils.data.DataLoader(test_dataset, batch_size=batch_size, shuffle=False)\n',
             '    train_loader = torch.utils.data.DataLoader(train_dataset, batch_size=32, shuffle=True)\n    test_loader = torch.utils.data.DataLoader(test_dataset, batch_size=32, shuffle=False)\n'),)),
    "loaders_shuffle_both": Mistake(97, "the test loader shuffles too", {"test_loaders_shuffle_train_only": "shuffle=False"},
        edits=(
            ('data.py',
             '    test_loader = torch.utils.data.DataLoader(test_dataset, batch_size=batch_size, shuffle=False)\n',
             '    test_loader = torch.utils.data.DataLoader(test_dataset, batch_size=batch_size, shuffle=True)\n'),)),
    "loaders_wrong_signature": Mistake(
        92, "build_loaders(batch_size, train, test): every loader test calls it as specified",
        {"test_loaders_shuffle_train_only": "", "test_loaders_honour_batch_size": "",
         "test_loader_length_is_iterations": "missing 1 required positional argument"},
        edits=(
            ('data.py',
             'def build_loaders(train_dataset, test_dataset, batch_size=BATCH_SIZE):\n',
             'def build_loaders(batch_size, train_dataset, test_dataset):\n'),)),
    "batch_size_constant_changed": Mistake(
        95, "BATCH_SIZE = 64: the slide's total and the default loader length",
        {"test_total_iterations_slide": "BATCH_SIZE: 64 (기대값 32)", "test_loader_length_is_iterations": ""},
        edits=(
            ('data.py',
             'BATCH_SIZE = 32\n',
             'BATCH_SIZE = 64\n'),)),
}


def test_every_mistake_is_a_change_of_the_solution() -> None:
    assert len(MISTAKES) >= 20
    for name, mistake in MISTAKES.items():
        assert mistake.edits, name
        _with_mistake(mistake)  # each edit's solution text is found exactly once


def _solution(name: str) -> bytes:
    text = (REPO / "solutions/week01" / name).read_text(encoding="utf-8")
    return "".join(line for line in text.splitlines(keepends=True)
                   if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")).encode()


def _with_mistake(mistake: Mistake) -> dict[str, bytes]:
    """The week-1 files as this student hands them in: the solution, with the mistake's edits."""
    files = {f: _solution(f).decode() for f in FILES}
    for name, old, new in mistake.edits:
        assert files[name].count(old) == 1, (name, old)
        files[name] = files[name].replace(old, new)
    return {name: text.encode() for name, text in files.items()}


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
    result = grade(_with_mistake(mistake))
    assert result.error is None, result.error
    lost = {t.name: t.message for t in result.tests() if t.points < t.max_points}
    assert sorted(lost) == sorted(mistake.lost), {n: m[:160] for n, m in lost.items()}
    for test, text in mistake.lost.items():
        assert text in lost[test], (test, lost[test])
    assert result.points == mistake.points, (mistake.why, {n: m[:120] for n, m in lost.items()})
    if mistake.note:
        assert any(mistake.note in note for note in result.notes), result.notes
