"""The points plugin end to end under pytest's own ``pytester``: markers, problems from file
names, visibility, descriptions, seeds and outcomes, as a grader author writes them."""
from __future__ import annotations

from typing import Any

import pytest

from deepgrade.grading import plugin
from deepgrade.grading.inprocess import InProcessSession
from deepgrade.sandbox.shared.spec import Limits, SandboxSpec
from deepgrade.submission.units import CodeUnit

STUDENT = '''
def add(a, b):
    return a + b

def mul(a, b):
    return a + b          # wrong on purpose

def boom():
    return {}["missing"]
'''

GRADER = '''
import pytest

@pytest.mark.points(2)
def test_add(student):
    """add(2, 3) is 5"""
    assert student.add(2, 3) == 5

@pytest.mark.points(3)
@pytest.mark.visibility("visible")
def test_mul(student):
    assert student.mul(4, 5) == 20

@pytest.mark.problem("extra")
def test_boom(student):
    student.boom()

def test_seed_is_a_generator(seed):
    import torch
    assert isinstance(seed, torch.Generator)
    pytest.seed_value = seed.initial_seed()
'''


def _run(pytester: pytest.Pytester, seed: int = 11) -> list[Any]:
    pytester.makepyfile(test_calc=GRADER)
    spec = SandboxSpec(units=(CodeUnit("calc", "calc.py", STUDENT),), limits=Limits(test_timeout_s=5))
    with InProcessSession(spec) as session:
        context = plugin.RunContext(session=session, seed=seed, problem_ids=("calc", "extra"))
        pytester.inline_run("-p", "no:cacheprovider", plugins=[plugin, context])
    return context.records


def test_records_carry_points_problem_visibility_and_outcome(pytester: pytest.Pytester) -> None:
    records = {r.name: r for r in _run(pytester)}
    assert records["test_add"].outcome == "passed" and records["test_add"].max_points == 2
    assert records["test_add"].problem == "calc"              # from the file name test_calc.py
    assert records["test_add"].description == "add(2, 3) is 5"
    assert records["test_add"].visibility == "hidden"         # the default
    assert records["test_mul"].outcome == "failed" and records["test_mul"].visibility == "visible"
    assert "9" in records["test_mul"].message                 # what the student returned
    assert records["test_boom"].problem == "extra" and records["test_boom"].outcome == "error"
    assert "KeyError" in records["test_boom"].message
    assert records["test_seed_is_a_generator"].outcome == "passed"


def test_a_bad_points_marker_stops_the_run_with_file_and_line(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_calc='''
import pytest

@pytest.mark.points("many")
def test_add(student):
    assert student.add(1, 1) == 2
''')
    spec = SandboxSpec(units=(CodeUnit("calc", "calc.py", STUDENT),))
    with InProcessSession(spec) as session:
        context = plugin.RunContext(session=session, seed=1, problem_ids=("calc",))
        result = pytester.runpytest_inprocess("-p", "no:cacheprovider", plugins=[plugin, context])
    assert result.ret != 0
    result.stderr.fnmatch_lines(["*test_calc.py:*points*many*expected a number*"])
