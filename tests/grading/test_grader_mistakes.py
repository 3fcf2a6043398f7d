"""A TA's mistakes in graders: each is named by grader file:line and never becomes a student's
score (red-team findings: they used to be cached zeros, 150/100 totals, or a hung run)."""
from __future__ import annotations

import contextlib
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Iterator

import pytest

from deepgrade.grading import plugin
from deepgrade.grading.inprocess import InProcessSession
from deepgrade.sandbox.shared.spec import Limits, SandboxSpec
from deepgrade.submission.units import CodeUnit


class RemoteLikeSession:
    """Like the sandbox proxy: a deadline that uses no signal (remote calls bound themselves)."""

    def __init__(self) -> None:
        self.student = SimpleNamespace(add=lambda a, b: a + b, shape_of=lambda: None)
        self.output = ""

    @contextlib.contextmanager
    def deadline(self, seconds: float) -> Iterator[None]:
        yield


def _run(pytester: pytest.Pytester, session: Any = None, reference_dir: str | None = None,
         **files: str) -> plugin.RunContext:
    pytester.makepyfile(**files)
    context = plugin.RunContext(session=session or RemoteLikeSession(), seed=1, problem_ids=("calc",),
                                reference_dir=reference_dir, test_timeout_s=2.0)
    pytester.inline_run("-p", "no:cacheprovider", plugins=[plugin, context])
    return context


def _names(context: plugin.RunContext) -> list[str]:
    return [r.name for r in context.records]


def test_a_fixture_that_raises_is_a_grader_fault_and_stops_the_run(pytester: pytest.Pytester) -> None:
    context = _run(pytester, test_calc='''
import pytest

@pytest.fixture
def calc(student):
    raise RuntimeError("typo in the fixture")

def test_a(calc):
    pass

def test_b(student):
    assert student.add(1, 2) == 3
''')
    assert context.grader_faults == ["test_calc.py:5: test_a: fixture error: RuntimeError: typo in the fixture"]
    assert _names(context) == ["test_a"]  # stopped: the score is void anyway


def test_a_module_scoped_fixture_using_student_is_named(pytester: pytest.Pytester) -> None:
    context = _run(pytester, test_calc='''
import pytest

@pytest.fixture(scope="module")
def calc(student):
    return student

def test_a(calc):
    pass
''')
    assert len(context.grader_faults) == 1
    assert context.grader_faults[0].startswith("test_calc.py:")
    assert "ScopeMismatch" in context.grader_faults[0]


def test_reference_name_the_solution_lacks_is_not_the_students_wrong_answer(
        pytester: pytest.Pytester, tmp_path: Path) -> None:
    solution = tmp_path / "solution"
    solution.mkdir()
    (solution / "calc.py").write_text("def add(a, b):\n    return a + b\n")
    context = _run(pytester, reference_dir=str(solution), test_calc='''
def test_a(student, reference):
    assert not hasattr(reference, "nothing")   # hasattr still answers
    assert student.add(1, 2) == reference.ADD(1, 2)
''')
    assert context.grader_faults == [
        "test_calc.py:3: test_a: grader error: ReferenceMissing: the reference solution defines no 'ADD'"]


def test_a_typo_in_a_test_body_is_a_grader_fault_but_a_bad_student_value_is_not(pytester: pytest.Pytester) -> None:
    context = _run(pytester, test_calc='''
def test_wrong_value(student):
    assert student.shape_of().shape == (2,)      # the student returned None: their mistake

def test_typo(student):
    assert student.add(1, 2) == expected
''')
    outcomes = {r.name: r.outcome for r in context.records}
    assert outcomes == {"test_wrong_value": "failed", "test_typo": "error"}
    assert context.grader_faults == ["test_calc.py:5: test_typo: grader error: NameError: name 'expected' is not defined"]


def test_a_student_fault_inside_a_fixture_stays_the_students(pytester: pytest.Pytester) -> None:
    spec = SandboxSpec(units=(CodeUnit("calc", "calc.py", "def make():\n    return {}['x']\n"),),
                       limits=Limits(test_timeout_s=5))
    with InProcessSession(spec) as session:
        context = _run(pytester, session=session, test_calc='''
import pytest

@pytest.fixture
def made(student):
    return student.make()

def test_a(made):
    pass
''')
    assert context.grader_faults == []
    assert context.records[0].outcome == "error" and "KeyError" in context.records[0].message


@pytest.mark.parametrize("source, expected", [
    ("import pytest\n\ndef test_x(:\n    pass\n", "test_calc.py:3: SyntaxError: invalid syntax"),
    ("import pytest\nimport no_such_helper_module\n", "test_calc.py:2: ModuleNotFoundError: No module named 'no_such_helper_module'"),
    ("import pytest\nTOL = tolerance * 2\n", "test_calc.py:2: NameError: name 'tolerance' is not defined"),
])
def test_an_unimportable_grader_file_is_named_with_its_line(pytester: pytest.Pytester, source: str,
                                                            expected: str) -> None:
    context = _run(pytester, test_calc=source)
    assert context.grader_faults == [expected]


def test_a_grader_looping_in_pure_python_is_stopped(pytester: pytest.Pytester,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plugin, "HANG_MARGIN_S", 0.3)
    started = time.monotonic()
    context = _run(pytester, test_calc='''
import pytest

@pytest.mark.time_limit(0.2)
def test_spin(student):
    while True:
        try:
            pass
        except Exception:   # a grader's broad except must not swallow the stop
            pass

def test_after(student):
    pass
''')
    assert time.monotonic() - started < 10
    assert len(context.grader_faults) == 1 and "test_calc.py:" in context.grader_faults[0]
    assert "GraderHang" in context.grader_faults[0]
    assert _names(context) == ["test_spin"]


def test_a_conftest_hook_changing_the_report_is_honoured(pytester: pytest.Pytester) -> None:
    pytester.makeconftest('''
import pytest

@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if call.when == "call" and "lenient" in item.name:
        report.outcome = "passed"
    return report
''')
    context = _run(pytester, test_calc='''
def test_lenient(student):
    assert student.add(1, 2) == 4
''')
    assert [(r.name, r.outcome) for r in context.records] == [("test_lenient", "passed")]


def test_skip_and_xfail_say_why_and_parametrized_cases_each_carry_the_points(pytester: pytest.Pytester) -> None:
    context = _run(pytester, test_calc='''
import pytest

@pytest.mark.points(2)
def test_skipped(student):
    pytest.skip("GPU only")

@pytest.mark.points(2)
def test_xfailed(student):
    pytest.xfail("known grader gap")

@pytest.mark.points(1)
@pytest.mark.parametrize("a", [1, 2, 3])
def test_cases(student, a):
    assert student.add(a, 0) == a
''')
    records = {r.name: r for r in context.records}
    assert (records["test_skipped"].outcome, records["test_skipped"].message) == ("skipped", "Skipped: GPU only")
    assert records["test_xfailed"].message == "known grader gap"
    assert [records[f"test_cases[{a}]"].max_points for a in (1, 2, 3)] == [1.0, 1.0, 1.0]
    assert context.grader_faults == []


def test_points_that_do_not_add_up_to_assignment_yml_are_no_score(assignment: Path, make_job: Any) -> None:
    from deepgrade.grading.runner import grade_submission

    (assignment / "graders" / "test_calc.py").write_text(
        "import pytest\n\n@pytest.mark.points(50)\ndef test_add(student):\n    assert student.add(1, 2) == 3\n")
    solution = (assignment / "solutions" / "calc.py").read_bytes()
    result = grade_submission(make_job(assignment, {"calc.py": solution}), backend="inprocess")
    assert result.problems == ()  # was 50 + 5 of a declared 10: a cached wrong score
    assert "'calc' is worth 5 points, but its grader tests add up to 50" in (result.error or "")


def test_a_grader_fault_voids_the_whole_submission(assignment: Path, make_job: Any) -> None:
    from deepgrade.grading.runner import grade_submission

    (assignment / "graders" / "test_calc.py").write_text(
        "import pytest\n\n@pytest.fixture\ndef two(student):\n    return 1 / 0\n\n"
        "@pytest.mark.points(5)\ndef test_add(two):\n    pass\n")
    result = grade_submission(make_job(assignment, {"calc.py": b"def add(a, b):\n    return a + b\n"}),
                              backend="inprocess")
    assert result.problems == ()
    assert result.error is not None and "not the student's fault" in result.error
    assert "test_calc.py:5: test_add: fixture error: ZeroDivisionError" in result.error


def test_graders_without_tests_say_so(assignment: Path, make_job: Any) -> None:
    from deepgrade.grading.runner import grade_submission

    for path in (assignment / "graders").glob("test_*.py"):
        path.write_text("import pytest\n")
    result = grade_submission(make_job(assignment, {"calc.py": b""}), backend="inprocess")
    assert result.problems == () and result.error is not None
    assert result.error.startswith("no grader tests were found")  # was "pytest exit code 5:" and a log
