from pathlib import Path

import pytest

from deepgrade.authoring.stubgen import CODE_STUB, import_problem, make_stub, stubgen

SOLUTION = '''"""모듈 설명."""


class Box:
    def size(self):
        """크기를 반환합니다."""
        ### BEGIN SOLUTION
        return 42
        ### END SOLUTION
'''


def test_make_stub_replaces_body_keeps_docstring_and_indentation():
    stub = make_stub(SOLUTION)
    assert "return 42" not in stub and "SOLUTION" not in stub
    assert '"""크기를 반환합니다."""' in stub
    assert "        # TODO: 여기에 코드를 작성하세요\n        raise NotImplementedError()" in stub
    namespace: dict = {}
    exec(compile(stub, "stub.py", "exec"), namespace)
    with pytest.raises(NotImplementedError):
        namespace["Box"]().size()


def test_make_stub_rejects_an_unclosed_region():
    with pytest.raises(ValueError, match="no end solution"):
        make_stub("def f():\n    ### BEGIN SOLUTION\n    return 1\n", "broken.py")


def test_import_problem_reports_a_stub_that_does_not_run():
    assert import_problem({"ok.py": "X = 1\n"}) is None
    problem = import_problem({"bad.py": "import definitely_not_a_module_xyz\n"})
    assert problem is not None and "definitely_not_a_module_xyz" in problem


def test_committed_week1_stubs_are_fresh_and_import_cleanly(course_copy: Path, load):
    results = stubgen(load(course_copy), [1], check=True)
    py = {r.path.name: r.status for r in results if r.path.suffix == ".py" and r.path.parent.name == "week01"}
    assert py == {"fourcal.py": "fresh", "tensor_ops.py": "fresh", "data.py": "fresh"}
    stubs = {name: (course_copy / "assignments/week01" / name).read_text() for name in py}
    assert import_problem(stubs) is None
    assert all(CODE_STUB.splitlines()[1] in text for text in stubs.values())


def test_check_detects_a_stale_and_a_missing_stub_and_writes_nothing(course_copy: Path, load):
    week = course_copy / "assignments/week01"
    (week / "fourcal.py").write_text("# edited by hand\n")
    (week / "data.py").unlink()
    statuses = {r.path.name: r.status for r in stubgen(load(course_copy), [1], check=True)}
    assert statuses["fourcal.py"] == "stale" and statuses["data.py"] == "missing"
    assert (week / "fourcal.py").read_text() == "# edited by hand\n" and not (week / "data.py").exists()
    written = {r.path.name: r.status for r in stubgen(load(course_copy), [1])}
    assert written["fourcal.py"] == "written" and written["data.py"] == "written"
    assert all(r.status == "fresh" for r in stubgen(load(course_copy), [1], check=True))


def test_a_solution_change_makes_the_stub_stale(course_copy: Path, load):
    solution = course_copy / "solutions/week01/tensor_ops.py"
    solution.write_text(solution.read_text().replace("텐서의 (차원 수, 형상)", "텐서의 차원 수와 형상"))
    statuses = {r.path.name: r.status for r in stubgen(load(course_copy), [1], check=True)}
    assert statuses["tensor_ops.py"] == "stale" and statuses["fourcal.py"] == "fresh"


def test_unknown_week_is_an_error_not_a_crash(course_copy: Path, load):
    (result,) = stubgen(load(course_copy), [9], check=True)
    assert result.status == "error" and "week 9" in result.message


def test_every_weeks_public_conftest_is_the_one_template(load):
    """Weeks differ only in the files students submit: a fix to the template reaches every week."""
    from deepgrade.authoring.public_conftest import render_public_conftest

    repo = Path(__file__).resolve().parents[2]
    course = load(repo)  # check mode writes nothing
    conftests = [r for r in stubgen(course, check=True) if r.path.name == "conftest.py"]
    assert len(conftests) == len(course.assignments) == 10 and all(r.status == "fresh" for r in conftests), conftests
    week2 = (repo / "assignments/week02/tests/conftest.py").read_text(encoding="utf-8")
    assert week2 == render_public_conftest(2, ["backprop.py", "mlp.py"])
    assert 'MODULES = ("backprop", "mlp")' in week2 and '"week02-plain-student"' in week2
    assert 'MODULES = ("classic_cnns",)' in render_public_conftest(5, ["classic_cnns.py"])


def test_a_hand_edited_public_conftest_is_stale_until_stubgen_writes_it_again(course_copy: Path, load):
    conftest = course_copy / "assignments/week01/tests/conftest.py"
    conftest.write_text(conftest.read_text(encoding="utf-8").replace('"fourcal", ', ""), encoding="utf-8")
    statuses = {r.path.name: r.status for r in stubgen(load(course_copy), [1], check=True)}
    assert statuses["conftest.py"] == "stale"
    written = {r.path.name: r.status for r in stubgen(load(course_copy), [1])}
    assert written["conftest.py"] == "written" and '"fourcal", ' in conftest.read_text(encoding="utf-8")
