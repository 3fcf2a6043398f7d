"""A synthetic week 1 cohort: submissions of known kinds written as a Drive-style inbox.

Every submission starts from the reference solution with its solution markers removed,
then one kind of fault is applied. The kinds are chosen so that each one's score is known
in advance (see ``expected_points`` in run.py), which lets the quick test check that the
benchmark still grades what it claims to grade.
"""
from __future__ import annotations

import ast
import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Mapping

Kind = Literal["correct", "partial", "import_error", "hang"]

# What each faulty kind changes. Kept here, in one place, so the expected scores and the
# nbgrader notebooks follow automatically when this changes.
PARTIAL_FILE = "tensor_ops.py"
PARTIAL_FUNCTION = "dot"              # returns a wrong value: its tests fail, nothing else
IMPORT_ERROR_FILE = "data.py"         # a syntax error: every name of that file is missing
HANG_FILE = "fourcal.py"
HANG_FUNCTION = "MoreFourcal.pow"     # an infinite loop: the tests calling it time out

# Fictional students; the groups are the course's seven study groups.
STUDY_GROUPS = ("월1", "월2", "화1", "화2", "수1", "수2", "금1")
FAMILY_NAMES = ("가", "나", "다", "라", "마", "바", "사", "아", "자", "차")
GIVEN_NAMES = ("하늘", "바다", "구름", "별빛", "새벽", "노을", "이슬")


@dataclass(frozen=True)
class PlannedSubmission:
    student_id: str
    name: str
    group: str
    kind: Kind


def plan_cohort(n: int, hang: int = 0) -> list[PlannedSubmission]:
    """About 70 % correct, 20 % partial, 10 % failing to import, plus ``hang`` hanging ones.

    With n >= 3 every non-hanging kind occurs at least once; hanging ones replace correct ones.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    if not 0 <= hang <= n:
        raise ValueError(f"hang must be between 0 and n ({n})")
    import_errors = max(1, n // 10) if n >= 3 else 0
    partials = max(1, n // 5) if n >= 2 else 0
    # Alternate the two faulty kinds, then spread them evenly through the cohort.
    faulty: list[Kind] = []
    for index in range(max(partials, import_errors)):
        faulty += ["partial"] if index < partials else []
        faulty += ["import_error"] if index < import_errors else []
    spread: list[Kind] = ["correct"] * n
    for order, kind in enumerate(faulty):
        spread[int((order + 0.5) * n / len(faulty))] = kind
    hanging = 0
    for index in range(n - 1, -1, -1):  # the last correct ones become hanging ones
        if hanging == hang:
            break
        if spread[index] == "correct":
            spread[index] = "hang"
            hanging += 1
    if hanging < hang:
        raise ValueError(f"cannot make {hang} hanging submissions out of {n}")
    return [
        PlannedSubmission(
            student_id=f"2022{index + 1:05d}",
            name=FAMILY_NAMES[index % len(FAMILY_NAMES)] + GIVEN_NAMES[index % len(GIVEN_NAMES)],
            group=STUDY_GROUPS[index % len(STUDY_GROUPS)],
            kind=kind,
        )
        for index, kind in enumerate(spread)
    ]


def strip_solution_markers(source: str) -> str:
    """The reference solution as a student would hand it in: the marker comments removed."""
    kept = [
        line for line in source.splitlines(keepends=True)
        if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")
    ]
    return "".join(kept)


def _find_function(tree: ast.Module, dotted: str) -> ast.FunctionDef:
    scope: list[ast.stmt] = tree.body
    parts = dotted.split(".")
    for depth, part in enumerate(parts):
        for node in scope:
            if isinstance(node, (ast.ClassDef, ast.FunctionDef)) and node.name == part:
                if depth == len(parts) - 1:
                    if not isinstance(node, ast.FunctionDef):
                        break
                    return node
                scope = node.body
                break
        else:
            break
    raise LookupError(f"no function {dotted} in the reference solution")


def replace_body(source: str, dotted: str, new_body: list[str]) -> str:
    """Replace the whole body (docstring included) of function ``dotted`` with ``new_body``."""
    func = _find_function(ast.parse(source), dotted)
    lines = source.splitlines(keepends=True)
    first = func.body[0].lineno - 1
    last = func.body[-1].end_lineno or func.body[-1].lineno
    indent = " " * func.body[0].col_offset
    replacement = [f"{indent}{line}\n" for line in new_body]
    return "".join(lines[:first] + replacement + lines[last:])


def apply_kind(files: Mapping[str, str], kind: Kind) -> dict[str, str]:
    """The submission's files for one kind, from the marker-free reference files."""
    out = dict(files)
    if kind == "partial":
        out[PARTIAL_FILE] = replace_body(
            out[PARTIAL_FILE], PARTIAL_FUNCTION,
            ["# 내적 대신 요소별 곱의 합에 1을 더함 (틀린 답)", "return (u * v).sum() + 1"],
        )
    elif kind == "import_error":
        # A typical unfinished edit: a missing closing parenthesis at the end of the file.
        out[IMPORT_ERROR_FILE] = out[IMPORT_ERROR_FILE] + "\nprint(\"다 못 했어요\"\n"
    elif kind == "hang":
        out[HANG_FILE] = replace_body(
            out[HANG_FILE], HANG_FUNCTION, ["while True:  # 끝나지 않는 반복", "    pass"],
        )
    return out


def reference_files(solution_dir: Path, file_names: list[str]) -> dict[str, str]:
    return {
        name: strip_solution_markers((solution_dir / name).read_text(encoding="utf-8"))
        for name in file_names
    }


def write_cohort(
    plan: list[PlannedSubmission],
    reference: Mapping[str, str],
    *,
    inbox: Path,
    roster_path: Path,
    week_dir: str = "week01",
    submitted_at: str = "2022-03-16T20:00:00+09:00",
) -> dict[str, dict[str, str]]:
    """Write ``<inbox>/<week_dir>/<id>/<files>``, a manifest with on-time upload times, and a
    matching roster. Returns every submission's files by student id."""
    week_inbox = inbox / week_dir
    week_inbox.mkdir(parents=True, exist_ok=True)
    submissions: dict[str, dict[str, str]] = {}
    for planned in plan:
        files = apply_kind(reference, planned.kind)
        folder = week_inbox / planned.student_id
        folder.mkdir(exist_ok=True)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        submissions[planned.student_id] = files
    # Upload times before the deadline: the benchmark measures grading, not the late policy.
    with open(week_inbox / "manifest.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "submitted_at"])
        for planned in plan:
            writer.writerow([planned.student_id, submitted_at])
    roster_path.parent.mkdir(parents=True, exist_ok=True)
    with open(roster_path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "group", "role", "status", "dropped_on"])
        for planned in plan:
            writer.writerow([planned.student_id, planned.name, planned.group, "member", "active", ""])
    return submissions
