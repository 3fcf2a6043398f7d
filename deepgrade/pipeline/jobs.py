"""From an assignment and a submission's files to a GradeJob, and the grader hash.

Heavy modules (the grading runner imports pytest and torch) are imported inside the
functions: a warm run where everything is cached never loads them.
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any, Mapping

import deepgrade
from deepgrade.store import hash_tree

_ENGINE_PACKAGES = ("grading", "sandbox", "submission")


def grader_hash(assignment: Any) -> str:
    """Changes whenever anything that decides a score changes: the hidden graders, the public
    tests, assignment.yml, the reference solution, the engine (version and source), and the
    Python, torch and torchvision the code runs on (an upgrade can change numbers)."""
    return hash_tree(
        [assignment.grader_dir, assignment.public_tests_dir, Path(assignment.dir) / "assignment.yml",
         assignment.solution_dir],
        label=f"deepgrade {deepgrade.__version__} engine {engine_fingerprint()} runtime {runtime_fingerprint()}",
    )


def runtime_fingerprint() -> str:
    """Python's version and the installed torch/torchvision, read from package metadata (a warm
    run with nothing to grade must not pay for importing torch)."""
    from importlib.metadata import PackageNotFoundError, version

    parts = [f"python {sys.version_info.major}.{sys.version_info.minor}"]
    for package in ("torch", "torchvision"):
        try:
            parts.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package} none")
    return ", ".join(parts)


def engine_fingerprint() -> str:
    """The engine's own source: a fixed engine regrades everything once, and only then."""
    package = Path(deepgrade.__file__).parent
    return hash_tree([package / name for name in _ENGINE_PACKAGES])


def seed_for(content_hash: str) -> int:
    """Per submission, stable across runs: the same files always see the same random inputs."""
    return int(hashlib.sha256(content_hash.encode()).hexdigest()[:8], 16)


def build_job(course: Any, assignment: Any, files: Mapping[str, bytes], *, seed: int,
              public_only: bool = False, declare_problems: bool = True,
              fixtures: Mapping[str, str] | None = None, allow_unisolated: bool = False) -> Any:
    """The one way a submission's files become a GradeJob (grade, validate and check).

    ``public_only``: a student's self-check (public tests, no reference solution).
    ``declare_problems=False`` lets tests name undeclared problems (validate reports them).
    ``fixtures``: the prepared fixture mapping, when the caller already made it once per week.
    ``allow_unisolated``: run the code even where the sandbox cannot isolate it (a student's
    self-check, the author's own solution and stub, or a TA's explicit choice).
    """
    from deepgrade.fixtures.registry import prepare_week_fixtures
    from deepgrade.grading.job import GradeJob
    from deepgrade.grading.scoring import ProblemSpec
    from deepgrade.sandbox.shared.spec import SandboxSpec
    from deepgrade.submission.loader import load_units

    config = assignment.config
    if fixtures is None:
        fixtures = prepare_week_fixtures(assignment, course.state)
    units = load_units(files, config, language=course.language)
    hidden = tuple(sorted({str(Path(p).resolve()) for p in (
        course.root, course.inbox, course.state, course.export, assignment.grader_dir, assignment.solution_dir)}))
    spec = SandboxSpec(units=units.units, limits=config.sandbox_limits(), fixtures=dict(fixtures),
                       provides=config.provides(), hide_paths=hidden,
                       allow_unisolated=allow_unisolated or public_only)
    notes = (*units.notes, *units.problems, *_integrity_findings(assignment, files, course.language))
    folders = (assignment.public_tests_dir,) if public_only else (assignment.public_tests_dir, assignment.grader_dir)
    has_reference = not public_only and Path(assignment.solution_dir).exists()
    return GradeJob(
        assignment=assignment.id, test_paths=tuple(str(p) for p in folders if Path(p).exists()),
        reference_dir=str(assignment.solution_dir) if has_reference else None,
        spec=spec,
        problems=tuple(ProblemSpec(p.id, p.title, float(p.points)) for p in config.problems) if declare_problems else (),
        seed=seed, default_visibility=config.default_visibility,
        language=course.language, notes=notes,
        name_case=config.names.case, name_deduction=config.names.deduction,
    )


def _integrity_findings(assignment: Any, files: Mapping[str, bytes], language: str) -> list[str]:
    """Locked cells of the released notebook that a submitted notebook edited or deleted.

    Reported with the result (staff see it in the summary); it never changes a score: the
    graders run against the student's code whatever the notebook's cells say.
    """
    released = Path(assignment.dir) / (assignment.config.notebook or "")
    submitted = [name for name in files if name.endswith(".ipynb")]
    if not assignment.config.notebook or not released.is_file() or not submitted:
        return []
    from deepgrade.submission.integrity import check_integrity

    findings: list[str] = []
    for name in submitted:
        findings += check_integrity(files[name], released.read_bytes(), filename=name, language=language)
    return findings
