"""The adversarial corpus (issue 3, item 7): each attack scores exactly what it honestly earns.

Every case under ``cases/`` is one submission for the small assignment in ``assignment/``
(add: 2 points, mul: 3, mul via allclose: 1). Graded through ``grade_submission`` with the
real sandbox; skipped until ``deepgrade.sandbox`` provides Sandbox and Zygote.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import psutil
import pytest

from deepgrade.grading.runner import GradeJob, grade_submission
from deepgrade.grading.scoring import ProblemSpec
from deepgrade.results import SubmissionResult
from deepgrade.sandbox.shared.spec import Limits, SandboxSpec
from deepgrade.submission.loader import load_units

HERE = Path(__file__).parent
ASSIGNMENT = HERE / "assignment"
ESCAPE_MARK = "escaped_by_student.txt"


@dataclass(frozen=True)
class Case:
    points: float
    outcomes: dict[str, tuple[str, str]]  # test -> (outcome, text its message contains)
    note: str = ""                        # text some note (import report) contains
    output: str = ""                      # text the captured output contains
    limits: dict[str, Any] = field(default_factory=dict)


PASS = ("passed", "")
UNREADABLE = ("crashed", "읽을 수 없는 응답")  # the reply was refused: a crash, never a hang
CASES: dict[str, Case] = {
    "exit_at_import": Case(0, {"test_add": ("error", "add")}, note="sys.exit"),
    "os_exit_at_import": Case(0, {"test_add": ("error", "add")}, note="os._exit"),
    "exit_in_method": Case(2, {"test_add": PASS, "test_mul": ("crashed", "sys.exit"),
                               "test_mul_allclose": ("crashed", "sys.exit")}),
    "os_exit_in_method": Case(2, {"test_add": PASS, "test_mul": ("crashed", "os._exit"),
                                  "test_mul_allclose": ("crashed", "os._exit")}),
    "infinite_loop": Case(4, {"test_add": ("timeout", "1s"), "test_mul": PASS}, limits={"test_timeout_s": 1.0}),
    "sigint_ignoring_loop": Case(4, {"test_add": ("timeout", "1s"), "test_mul": PASS},
                                 limits={"test_timeout_s": 1.0}),
    "sleep_at_import": Case(0, {"test_add": ("error", "add")}, note="timeout", limits={"import_timeout_s": 2.0}),
    "bounded_spawner": Case(6, {"test_add": PASS}),
    "bounded_memory_hog": Case(2, {"test_add": PASS, "test_mul": ("crashed", "128 MiB")}, limits={"memory_mb": 128}),
    "big_output": Case(6, {"test_add": PASS, "test_mul": PASS}),
    "eq_always_true": Case(0, {"test_add": ("failed", "assert"), "test_mul": ("failed", "")}),
    "getattr_returns_self": Case(2, {"test_add": PASS, "test_mul": ("failed", "")}),
    "torch_function_subclass": Case(2, {"test_add": PASS, "test_mul": ("failed", "Mismatched elements"),
                                        "test_mul_allclose": ("failed", "assert False")}),
    "allclose_monkeypatch": Case(2, {"test_add": PASS, "test_mul": ("failed", "Mismatched elements"),
                                     "test_mul_allclose": ("failed", "assert False")}),
    "getframe_locals": Case(4, {"test_add": ("failed", "assert -1 == 5"), "test_mul": PASS}),
    "planted_conftest": Case(0, {"test_add": ("failed", "assert 0 == 5"), "test_mul": ("failed", "")}),
    "fake_torch": Case(2, {"test_add": PASS, "test_mul": ("failed", "Mismatched elements")}),
    "reads_solutions": Case(4, {"test_add": ("failed", "assert -1 == 5"), "test_mul": PASS}),
    "fake_result": Case(0, {"test_add": ("failed", "assert None == 5")}),
    "writes_outside": Case(6, {"test_add": PASS, "test_mul": PASS}),
    # Replies forged inside the sandbox (student code shares the worker's process).
    "shared_reference_bomb": Case(3, {"test_add": UNREADABLE, "test_mul": PASS, "test_mul_allclose": UNREADABLE}),
    "zip_bomb_reply": Case(2, {"test_add": PASS, "test_mul": UNREADABLE, "test_mul_allclose": UNREADABLE}),
    "forged_reply": Case(2, {"test_add": PASS, "test_mul": UNREADABLE, "test_mul_allclose": UNREADABLE}),
    "setsid_daemon": Case(6, {"test_add": PASS}),
    "value_disguises": Case(4, {"test_add": ("failed", "assert 6 == 5"), "test_mul": PASS,
                                "test_mul_allclose": PASS}),
    # Its parent is outside its PID namespace: getppid() is 0, and kill(0, SIGKILL) is its own
    # process group. The attack reaches no one else and ends that test as a crash.
    "attacks_the_zygote": Case(4, {"test_add": ("crashed", "SIGKILL"), "test_mul": PASS}),
    "hostile_text": Case(4, {"test_add": ("error", "bad \\udcff byte"), "test_mul": PASS},
                         output="\ufffd\ufffd not utf-8"),
}


def test_every_case_folder_has_an_expectation() -> None:
    assert sorted(p.name for p in (HERE / "cases").iterdir() if p.is_dir()) == sorted(CASES)


@pytest.fixture(scope="module")
def zygote(session_zygote: Any) -> Any:
    return session_zygote


def _job(name: str, case: Case, workdir: Path) -> GradeJob:
    folder = HERE / "cases" / name
    files = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
    units = load_units(files, expected_files=["calc.py"])
    limits = Limits(**{"test_timeout_s": 5.0, "import_timeout_s": 20.0, "memory_mb": 512, **case.limits})
    spec = SandboxSpec(units=units.units, limits=limits, provides={"add": "calc", "mul": "calc"},
                       hide_paths=(str(HERE), str(workdir)))
    return GradeJob(
        assignment="adversarial", test_paths=(str(ASSIGNMENT / "graders"),),
        reference_dir=str(ASSIGNMENT / "solutions"), spec=spec,
        problems=(ProblemSpec("calc", "계산", 6),), seed=int.from_bytes(name.encode()[:8], "big"),
        notes=units.notes,
    )


def _sleepers() -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["cmdline"]):
        if process.info["cmdline"] and "313.25" in process.info["cmdline"]:
            found.append(process)
    return found


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CASES))
def test_attack_scores_what_it_honestly_earns(name: str, zygote: Any, tmp_path: Path) -> None:
    case = CASES[name]
    outside = [Path("/tmp/deepgrade_adversarial_escape.txt"), HERE / "cases" / ESCAPE_MARK, HERE / ESCAPE_MARK]
    for path in outside:
        path.unlink(missing_ok=True)
    result: SubmissionResult = grade_submission(_job(name, case, tmp_path), backend="sandbox", zygote=zygote)

    assert result.error is None, result.error
    tests = {t.name: t for t in result.tests()}
    summary = {n: (t.outcome, t.message[:200]) for n, t in tests.items()}
    assert result.points == case.points, summary
    assert result.max_points == 6
    for test_name, (outcome, text) in case.outcomes.items():
        assert tests[test_name].outcome == outcome, summary
        assert text in tests[test_name].message, summary
    for test in tests.values():  # never grader source, paths or the reference
        assert "test_calc.py" not in test.message and str(ASSIGNMENT) not in test.message
        assert "reference.mul" not in test.message
    if case.note:
        assert any(case.note in note for note in result.notes), result.notes
    assert case.output in result.output, result.output[:500]
    for text in (result.output, *result.notes, *(t.message for t in tests.values())):
        text.encode("utf-8")  # storable and writable: no lone surrogates from the student
    assert zygote.pid is not None and psutil.Process(zygote.pid).status() != psutil.STATUS_ZOMBIE
    assert len(result.output) <= 64 * 1024 + 1024  # the 50 MB case is capped
    assert not [p for p in outside if p.exists()], "the submission wrote outside its directory"
    deadline = time.monotonic() + 5
    while _sleepers() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _sleepers() == [], "spawned processes outlived the sandbox"
    assert os.getpid() == os.getpid()  # still us: no os._exit reached the grader


@pytest.mark.slow
def test_a_student_string_that_is_not_utf8_is_still_stored(zygote: Any, tmp_path: Path) -> None:
    """A grader's own message copies the student's str verbatim: a lone surrogate (bytes read
    with surrogateescape) must not make the result unstorable (SQLite) and crash the grade run."""
    from deepgrade.store import ResultStore

    graders = tmp_path / "graders"
    graders.mkdir()
    (graders / "test_calc.py").write_text(
        "import pytest\n\n@pytest.mark.points(6)\ndef test_name(student):\n"
        "    got = student.name()\n    assert got == 'calculator', f'name() gave {got}'\n", encoding="utf-8")
    source = "def name():\n    return b'calcul\\xffator'.decode('utf-8', 'surrogateescape')\n"
    units = load_units({"calc.py": source.encode()}, expected_files=["calc.py"])
    job = GradeJob(assignment="adversarial", test_paths=(str(graders),), reference_dir=None,
                   spec=SandboxSpec(units=units.units, limits=Limits(test_timeout_s=5.0)),
                   problems=(ProblemSpec("calc", "계산", 6),), seed=1)
    result = grade_submission(job, backend="sandbox", zygote=zygote)
    (test,) = result.tests()
    assert (test.outcome, result.points) == ("failed", 0)
    assert "calcul\\udcffator" in test.message
    with ResultStore(tmp_path / "state") as store:
        store.save("adversarial", "hash", "graders", result, student_id="s1")
        assert store.lookup("adversarial", "hash", "graders") == result
