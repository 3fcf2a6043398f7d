"""Read pytest grader files as source: their tests, points, fixtures and helper code.

The nbgrader course is generated from this (one autograder cell per grader test, same
points), and the expected score of each synthetic submission kind is derived from it
(which tests touch a broken name), so neither drifts when an author edits the graders.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

FIXTURES_OFFERED = ("student", "reference", "seed", "data_root", "sandbox")
FIXTURE_PREFIX = "_grader_fixture_"  # a grader file's own fixtures, renamed in the notebook


@dataclass(frozen=True)
class GraderTest:
    file: str                     # "test_fourcal.py"
    name: str                     # "test_add"
    points: float
    fixtures: tuple[str, ...]     # argument names, in order
    source: str                   # the function, decorators removed, dedented to column 0
    student_names: frozenset[str]  # X in every ``student.X`` the test reads
    attributes: frozenset[str]     # every attribute name it reads (methods on handles too)


@dataclass(frozen=True)
class GraderFile:
    name: str
    helpers: str                  # everything that is not a test: imports, constants, helpers
    tests: tuple[GraderTest, ...]


class GraderSourceError(Exception):
    """A grader this benchmark cannot translate (said plainly, with file and line)."""


def _points(func: ast.FunctionDef, file: str) -> float:
    for deco in func.decorator_list:
        if (isinstance(deco, ast.Call) and isinstance(deco.func, ast.Attribute)
                and deco.func.attr == "points" and deco.args):
            try:
                return float(ast.literal_eval(deco.args[0]))
            except ValueError as exc:
                raise GraderSourceError(
                    f"{file}:{deco.lineno}: points: not a number literal (expected points(2))") from exc
        if isinstance(deco, ast.Call) and isinstance(deco.func, ast.Attribute) and deco.func.attr == "parametrize":
            raise GraderSourceError(
                f"{file}:{deco.lineno}: parametrize: not supported by the nbgrader translation "
                "(expected one test function per check)")
    return 0.0


def _names_read(func: ast.FunctionDef) -> tuple[set[str], set[str]]:
    """``student.X`` names, and every attribute or string constant (``getattr(h, "pow")``)."""
    student: set[str] = set()
    attributes: set[str] = set()
    for node in ast.walk(func):
        if isinstance(node, ast.Attribute):
            attributes.add(node.attr)
            if isinstance(node.value, ast.Name) and node.value.id == "student":
                student.add(node.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            attributes.add(node.value)
    return student, attributes


def _is_fixture(func: ast.FunctionDef) -> bool:
    for deco in func.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        if isinstance(target, ast.Attribute) and target.attr == "fixture":
            return True
        if isinstance(target, ast.Name) and target.id == "fixture":
            return True
    return False


def read_grader_file(path: Path) -> GraderFile:
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text, filename=path.name)
    lines = text.splitlines(keepends=True)
    # The file's own fixtures: what they read counts for every test that uses them.
    local_fixtures = {
        node.name: node for node in tree.body if isinstance(node, ast.FunctionDef) and _is_fixture(node)
    }

    def reads(func: ast.FunctionDef, seen: frozenset[str] = frozenset()) -> tuple[set[str], set[str]]:
        student, attributes = _names_read(func)
        for arg in func.args.args:
            if arg.arg in local_fixtures and arg.arg not in seen:
                more_student, more_attributes = reads(local_fixtures[arg.arg], seen | {arg.arg})
                student |= more_student
                attributes |= more_attributes
        return student, attributes

    tests: list[GraderTest] = []
    helper_chunks: list[str] = []
    for node in tree.body:
        start = (node.decorator_list[0].lineno if getattr(node, "decorator_list", None) else node.lineno) - 1
        end = node.end_lineno or node.lineno
        if isinstance(node, ast.FunctionDef) and node.name in local_fixtures:
            # A notebook has no fixture machinery: keep the plain function, drop the decorator
            # pytest would refuse to call, and rename it so it cannot shadow a student's global
            # in the shared notebook namespace (a fixture ``datasets`` vs ``torchvision.datasets``).
            chunk = lines[node.lineno - 1:end]
            chunk[0] = chunk[0].replace(f"def {node.name}(", f"def {FIXTURE_PREFIX}{node.name}(", 1)
            helper_chunks.append("".join(chunk))
        elif isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
            fixtures = tuple(arg.arg for arg in node.args.args)
            unknown = [f for f in fixtures if f not in FIXTURES_OFFERED and f not in local_fixtures]
            if unknown:
                raise GraderSourceError(
                    f"{path.name}:{node.lineno}: {node.name}: fixture {unknown[0]!r} has no notebook "
                    f"equivalent (expected only {', '.join(FIXTURES_OFFERED)})")
            body = "".join(lines[node.lineno - 1:end])
            student_names, attributes = reads(node)
            tests.append(GraderTest(
                file=path.name, name=node.name, points=_points(node, path.name), fixtures=fixtures,
                source=body, student_names=frozenset(student_names), attributes=frozenset(attributes),
            ))
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            raise GraderSourceError(
                f"{path.name}:{node.lineno}: {node.name}: test classes are not supported by the "
                "nbgrader translation (expected module-level test functions)")
        else:
            helper_chunks.append("".join(lines[start:end]))
    return GraderFile(name=path.name, helpers="\n".join(helper_chunks), tests=tuple(tests))


def read_graders(paths: list[Path]) -> list[GraderFile]:
    return [read_grader_file(path) for path in paths]
