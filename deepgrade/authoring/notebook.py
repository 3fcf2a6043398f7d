"""The week's Colab notebook, built from the same solution sources as the ``.py`` stubs.

Layout: a locked Korean intro (topic, deadline in KST, how to submit), a locked setup cell
(the self-check runner), then one section per submitted file: a locked heading with the
problem's title and points, the code cell (an nbgrader solution cell), and a locked
self-check cell made from that problem's public tests. The self-check runs in plain
Colab, with no deepgrade: a TODO prints "아직 구현하지 않음", it never stops "Run all".

Stubs come from nbgrader's own ``ClearSolutions`` run on this notebook; locked cells carry
nbgrader's checksum (``nbgrader.utils.compute_checksum``) so edits can be detected.
Cell ids are fixed (not random) so a rebuilt notebook is byte-identical: stubgen --check.
"""
from __future__ import annotations

import ast
from datetime import datetime
from pathlib import Path
from typing import Any, Mapping, Sequence
from zoneinfo import ZoneInfo

import nbformat
from nbformat import NotebookNode

from deepgrade.authoring.shipped_helpers import SHIPPED_COMPARE_MODULE, compare_module_source
from deepgrade.messages import Language, say, text
from deepgrade.submission.notebook import SELF_CHECK_ROLE, source_digest

KST = ZoneInfo("Asia/Seoul")
DEFAULT_CODE_STUB = "# TODO: 여기에 코드를 작성하세요\nraise NotImplementedError()"


# --- self-check cells: the public tests, run in plain Colab ---------------------------------

# One runner per language; the public tests' own assertion messages are shown as they are.
_RUNNER_TEMPLATE = '''\
# {lock}
import inspect as _inspect


class _NotebookStudent:
    """{student_doc}"""

    def __getattr__(self, name):
        try:
            return globals()[name]
        except KeyError:
            raise AttributeError({missing}) from None


def _run_self_check(tests):
    passed = 0
    for test in tests:
        title = ((test.__doc__ or "").strip().splitlines() or [test.__name__])[0]
        arguments = {{}}
        for name in _inspect.signature(test).parameters:
            if name == "seed":
                import torch
                arguments[name] = torch.Generator().manual_seed(0)
            elif name == "new":
                arguments[name] = lambda cls, *args, **kwargs: cls(*args, **kwargs)
            else:
                arguments[name] = _NotebookStudent()
        try:
            test(**arguments)
        except NotImplementedError:
            print({todo})
        except AssertionError as exc:
            print({failed} + (f" ({{exc}})" if str(exc) else ""))
        except Exception as exc:
            print({error})
        else:
            passed += 1
            print({passed})
    print({summary})
'''
def _runner(language: Language) -> str:
    fills = ("lock", "student_doc", "missing", "todo", "failed", "error", "passed", "summary")
    return _RUNNER_TEMPLATE.format(**{name: text(language, f"release.runner.{name}") for name in fills})


_SUPPORTED_FIXTURES = frozenset({"student", "seed", "new"})

# The public tests import deepgrade's value comparison; in Colab they get the same file, made an
# importable module by the setup cell (never exec'd into the notebook's globals: its helper
# names, such as ``describe``, would replace the student's own).
def runner_source(language: Language) -> str:
    """The self-check setup cell: the runner, and the comparison helper as a module."""
    source = compare_module_source()
    quotes = "'" * 3
    if quotes in source or source.rstrip().endswith("\\"):
        raise ValueError("compare.py cannot be embedded in a raw triple-quoted string")
    module, filename = repr(SHIPPED_COMPARE_MODULE), repr(SHIPPED_COMPARE_MODULE + ".py")
    return "\n".join([
        _runner(language),
        say(language, "release.compare_registration"),
        "import sys as _sys",
        "import types as _types",
        "",
        f"_COMPARE_SOURCE = r{quotes}{source}{quotes}",
        f"_compare = _types.ModuleType({module})",
        f"exec(compile(_COMPARE_SOURCE, {filename}, 'exec'), _compare.__dict__)",
        f"_sys.modules[{module}] = _compare",
        "",
    ])


def _mentions(node: ast.AST, word: str) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == word or isinstance(n, ast.Name) and n.id == word
               for n in ast.walk(node))


def _defined_names(node: ast.stmt) -> set[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}


def self_check_source(test_source: str, test_name: str, provided: set[str],
                      language: Language = "ko") -> str | None:
    """A public test module -> a notebook cell that runs its tests on the notebook's names.

    pytest itself is dropped (imports, ``pytestmark``, decorators); tests needing other
    fixtures or parametrisation are listed as not checked here. Raises ValueError when a
    helper of the test module would shadow a name the student defines.
    """
    lines = test_source.split("\n")
    tree = ast.parse(test_source, filename=test_name)
    kept: list[str] = []
    tests: list[str] = []
    unsupported: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the module docstring
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            aliases = [a for a in node.names if a.name.split(".")[0] != "pytest"]
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "pytest":
                aliases = []
            if aliases:
                node.names = aliases
                kept.append(ast.unparse(node))
            continue
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets):
            continue
        is_function = isinstance(node, ast.FunctionDef)
        if is_function and any(_mentions(d, "fixture") for d in node.decorator_list):
            continue
        if is_function and node.name.startswith("test"):
            params = {a.arg for a in node.args.args}
            if params <= _SUPPORTED_FIXTURES and not any(
                    _mentions(d, "parametrize") for d in node.decorator_list):
                tests.append(node.name)
                kept.append("\n".join(lines[node.lineno - 1:node.end_lineno]))  # no decorators
            else:
                unsupported.append(node.name)
            continue
        clash = _defined_names(node) & provided
        if clash:
            raise ValueError(f"{test_name}:{node.lineno}: {', '.join(sorted(clash))} would replace the "
                             "student's own name in the notebook (expected helpers with other names)")
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        kept.append("\n".join(lines[first - 1:node.end_lineno]))
    if not tests:
        return None
    header = say(language, "release.self_check_header", test_name=test_name)
    later = say(language, "release.self_check_later")
    parts = [header] + kept
    if unsupported:
        parts.append(later + ", ".join(unsupported))
    parts.append(f"_run_self_check([{', '.join(tests)}])")
    return "\n\n".join(parts) + "\n"


def _format_deadline(deadline: datetime, language: Language) -> str:
    local = deadline.astimezone(KST) if deadline.tzinfo else deadline.replace(tzinfo=KST)
    # the entry is a strftime pattern around the weekday (the locale's weekday names are not Korean)
    return local.strftime(say(language, "release.deadline", weekday=text(language, "release.weekdays")[local.weekday()]))


def _intro(title: str, deadline_text: str, notebook_name: str, language: Language) -> str:
    return say(language, "release.intro", title=title, deadline=deadline_text, notebook=notebook_name)


def _section(number: int, heading: str, points: float | None, file_name: str,
             names: Sequence[str], description: str, language: Language) -> str:
    worth = say(language, "release.section_worth", points=points) if points is not None else ""
    lines = [say(language, "release.section_heading", number=number, heading=heading, worth=worth),
             say(language, "release.section_same", file=file_name)]
    if names:
        lines.append(say(language, "release.section_define") + ", ".join(f"`{n}`" for n in names))
    if description:
        lines.append(description)
    return "\n\n".join(lines)


def _outro(language: Language) -> str:
    return say(language, "release.outro")


def without_sibling_imports(source: str, siblings: set[str], language: Language = "ko") -> str:
    """``source`` with its imports of the other submitted files commented out.

    In the ``.py`` route ``mlp.py`` imports ``backprop``; in the notebook every file is a cell of
    one namespace and no module ``backprop`` exists, so the import would fail its cell.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    lines = source.split("\n")
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            named = {(node.module or "").split(".")[0]}
        elif isinstance(node, ast.Import):
            named = {alias.name.split(".")[0] for alias in node.names}
        else:
            continue
        if named and named <= siblings:
            first, last = node.lineno - 1, (node.end_lineno or node.lineno) - 1
            for index in range(first, last + 1):
                lines[index] = (say(language, "release.sibling_note") if index == first else "# ") + lines[index]
    return "\n".join(lines)


def _docstring_summary(source: str) -> str:
    try:
        doc = ast.get_docstring(ast.parse(source)) or ""
    except SyntaxError:
        return ""
    return doc.split("\n\n")[0].strip()


def _lock(cell: NotebookNode, grade_id: str) -> NotebookNode:
    cell.metadata["nbgrader"] = {"grade": False, "solution": False, "locked": True,
                                 "grade_id": grade_id, "schema_version": 3}
    cell.metadata["editable"] = False   # Jupyter honours these; nbgrader checks the checksum
    cell.metadata["deletable"] = False
    cell["id"] = grade_id
    return cell


def _markdown(source: str, grade_id: str) -> NotebookNode:
    return _lock(nbformat.v4.new_markdown_cell(source), grade_id)


def _self_check_cell(source: str, grade_id: str) -> NotebookNode:
    cell = _lock(nbformat.v4.new_code_cell(source), grade_id)
    cell.metadata["deepgrade"] = {"role": SELF_CHECK_ROLE, "source_sha256": source_digest(source)}
    return cell


def _solution_cell(source: str, grade_id: str) -> NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    has_region = "BEGIN SOLUTION" in source
    cell.metadata["nbgrader"] = {"grade": False, "solution": has_region, "locked": False,
                                 "grade_id": grade_id, "schema_version": 3}
    cell["id"] = grade_id
    return cell


def _public_tests(assignment: Any, given: Mapping[str, str] | None) -> dict[str, str]:
    if given is not None:
        return dict(given)
    folder = getattr(assignment, "public_tests_dir", None)
    if folder is None or not Path(folder).is_dir():
        return {}
    return {p.name: p.read_text(encoding="utf-8")
            for p in sorted(Path(folder).glob("test*.py"))}


def _build(assignment: Any, solution_sources: Mapping[str, str], *, deadline: datetime,
           language: Language, public_tests: Mapping[str, str] | None) -> NotebookNode:
    config = getattr(assignment, "config", assignment)
    notebook_name = config.notebook or f"{config.id}.ipynb"
    problems = {p.id: p for p in config.problems}
    tests_by_problem = _group_tests(_public_tests(assignment, public_tests), problems)
    provided = {name for f in config.files for name in f.provides}

    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "colab": {"name": notebook_name, "provenance": []},
    }
    cells = [
        _markdown(_intro(config.title, _format_deadline(deadline, language), notebook_name, language),
                  "intro"),
        _self_check_cell(runner_source(language), "self_check_setup"),
    ]
    for number, spec in enumerate(config.files, start=1):
        stem = spec.name[:-3]
        if spec.name not in solution_sources:
            raise ValueError(f"solution source for {spec.name} is missing (expected a key "
                             f"{spec.name!r} in solution_sources)")
        siblings = {f.name[:-3] for f in config.files if f.name != spec.name}
        source = without_sibling_imports(solution_sources[spec.name].rstrip("\n"), siblings, language)
        problem = problems.get(stem)
        heading, points = (problem.title, problem.points) if problem else (spec.name, None)
        file_tests = tests_by_problem.get(stem, [])
        if problem is None and len(config.files) == 1:
            # one file for the whole week, graded as several problems: they all belong here
            heading = " · ".join(p.title for p in config.problems)
            points = sum(p.points for p in config.problems)
            file_tests = [test for p in config.problems for test in tests_by_problem.get(p.id, [])]
        cells.append(_markdown(
            _section(number, heading, points, spec.name, spec.provides, _docstring_summary(source), language),
            f"{stem}_instructions"))
        cells.append(_solution_cell(source, stem))
        for test_name, test_source in file_tests:
            check = self_check_source(test_source, test_name, provided, language)
            if check:
                cells.append(_self_check_cell(check, f"self_check_{Path(test_name).stem}"))
    cells.append(_markdown(_outro(language), "outro"))
    nb.cells = cells
    return nb


def _problem_of(test_name: str, source: str, problem_ids: Sequence[str]) -> str | None:
    """``pytest.mark.problem("id")`` in the test module, else the file name test_[public_]<id>.py."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "problem" and node.args
                and isinstance(node.args[0], ast.Constant) and node.args[0].value in problem_ids):
            return node.args[0].value
    stem = Path(test_name).stem.removeprefix("test_").removeprefix("public_")
    return stem if stem in problem_ids else None


def _group_tests(tests: Mapping[str, str], problems: Mapping[str, Any]) -> dict[str, list[tuple[str, str]]]:
    grouped: dict[str, list[tuple[str, str]]] = {}
    for name in sorted(tests):
        problem = _problem_of(name, tests[name], list(problems))
        if problem is not None:
            grouped.setdefault(problem, []).append((name, tests[name]))
    return grouped


def _checksum_locked(nb: NotebookNode) -> NotebookNode:
    from nbgrader.utils import compute_checksum, is_locked  # slow import: only when building

    for cell in nb.cells:
        if is_locked(cell):
            cell.metadata["nbgrader"]["checksum"] = compute_checksum(cell)
    return nb


def build_reference_notebook(assignment: Any, solution_sources: Mapping[str, str], *,
                             deadline: datetime, language: Language = "ko",
                             public_tests: Mapping[str, str] | None = None) -> NotebookNode:
    """The release notebook with the solutions left in (for validate and the equivalence test)."""
    nb = _build(assignment, solution_sources, deadline=deadline, language=language,
                public_tests=public_tests)
    return _checksum_locked(nb)


def build_release_notebook(assignment: Any, solution_sources: Mapping[str, str], *,
                           deadline: datetime, language: Language = "ko",
                           public_tests: Mapping[str, str] | None = None,
                           code_stub: str = DEFAULT_CODE_STUB) -> NotebookNode:
    """The student notebook: solution regions replaced by nbgrader's ClearSolutions.

    ``assignment`` is a ``deepgrade.config`` Assignment (or its AssignmentConfig);
    ``solution_sources`` maps each submitted file name ("fourcal.py") to its solution
    text with ``### BEGIN SOLUTION`` / ``### END SOLUTION`` regions. Public tests come
    from ``public_tests`` (file name -> source) or the assignment's public tests folder.
    """
    from nbgrader.preprocessors import ClearSolutions  # slow import: only when building

    nb = _build(assignment, solution_sources, deadline=deadline, language=language,
                public_tests=public_tests)
    clear = ClearSolutions(code_stub={"python": code_stub}, enforce_metadata=True)
    nb, _ = clear.preprocess(nb, {})
    return _checksum_locked(nb)
