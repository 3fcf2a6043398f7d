"""From an assignment and a submission's files to a GradeJob, and the grader hash.

Heavy modules (the grading runner imports pytest and torch) are imported inside the
functions: a warm run where everything is cached never loads them.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Mapping

import deepgrade
from deepgrade.store import hash_tree

_ENGINE_PACKAGES = ("grading", "sandbox", "submission")


def grader_hash(assignment: Any) -> str:
    """Changes whenever anything that decides a score changes: the hidden graders, the public
    tests, assignment.yml, the reference solution, and the engine (version and source)."""
    return hash_tree(
        [assignment.grader_dir, assignment.public_tests_dir, Path(assignment.dir) / "assignment.yml",
         assignment.solution_dir],
        label=f"deepgrade {deepgrade.__version__} engine {engine_fingerprint()}",
    )


def engine_fingerprint() -> str:
    """The engine's own source: a fixed engine regrades everything once, and only then."""
    package = Path(deepgrade.__file__).parent
    return hash_tree([package / name for name in _ENGINE_PACKAGES])


def fixture_dirs(assignment: Any, course: Any) -> dict[str, str]:
    """Path inside the sandbox's workdir -> read-only source folder, per declared fixture."""
    found: dict[str, str] = {}
    for name in assignment.config.fixtures:
        if name == "mnist":
            from deepgrade.fixtures.mnist import ensure_mnist

            found["data/MNIST/raw"] = str(ensure_mnist(Path(course.state) / "fixtures"))
    return found


def seed_for(content_hash: str) -> int:
    """Per submission, stable across runs: the same files always see the same random inputs."""
    return int(hashlib.sha256(content_hash.encode()).hexdigest()[:8], 16)


def build_job(course: Any, assignment: Any, files: Mapping[str, bytes], content_hash: str,
              fixtures: Mapping[str, str]) -> Any:
    from deepgrade.grading.runner import GradeJob
    from deepgrade.grading.scoring import ProblemSpec
    from deepgrade.sandbox.spec import SandboxSpec
    from deepgrade.submission.loader import load_units

    config = assignment.config
    units = load_units(files, config, language=course.language)
    hidden = tuple(str(Path(p).resolve()) for p in (
        course.root, course.inbox, course.state, course.export, assignment.grader_dir, assignment.solution_dir))
    spec = SandboxSpec(units=units.units, limits=config.sandbox_limits(), fixtures=dict(fixtures),
                       provides=config.provides(), hide_paths=hidden)
    test_paths = tuple(str(p) for p in (assignment.public_tests_dir, assignment.grader_dir) if Path(p).exists())
    return GradeJob(
        assignment=assignment.id, test_paths=test_paths,
        reference_dir=str(assignment.solution_dir) if Path(assignment.solution_dir).exists() else None,
        spec=spec, problems=tuple(ProblemSpec(p.id, p.title, float(p.points)) for p in config.problems),
        seed=seed_for(content_hash), default_visibility=config.default_visibility,
        language=course.language, notes=tuple(units.notes) + tuple(units.problems),
    )
