"""Plain-data description of one sandbox: what to run and under which limits."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from deepgrade.submission.units import CodeUnit


@dataclass(frozen=True)
class Limits:
    test_timeout_s: float = 10.0     # wall time for one test's remote calls together
    import_timeout_s: float = 60.0   # wall time for running all units at start
    total_timeout_s: float = 120.0   # wall time for all of one submission's tests together
    memory_mb: int = 1536            # resident memory above the forked baseline
    output_bytes: int = 64 * 1024    # stdout+stderr kept; the rest is counted, not stored
    cpu_s: int | None = None         # RLIMIT_CPU for the sandbox, None: derived from timeouts
    file_size_mb: int = 64           # RLIMIT_FSIZE
    disk_mb: int = 256               # size of the private working directory (a tmpfs)
    memory_backstop_mb: int | None = None  # the memory cgroup's hard limit; None: derived (see proxy)


@dataclass(frozen=True)
class SandboxSpec:
    units: tuple[CodeUnit, ...]
    limits: Limits = Limits()
    fixtures: Mapping[str, str] = field(default_factory=dict)  # path in workdir -> read-only source
    provides: Mapping[str, str] = field(default_factory=dict)  # name -> unit expected to define it
    hide_paths: tuple[str, ...] = ()  # covered where they lie inside what the sandbox sees (e.g. /usr)
    language: str = "ko"      # student-facing messages (MissingName, crash reasons): "ko" | "en"
    # Run student code even where a required isolation layer (own root, PID or network
    # namespace) cannot be built: a student's own self-check, or a TA's explicit choice.
    allow_unisolated: bool = False
