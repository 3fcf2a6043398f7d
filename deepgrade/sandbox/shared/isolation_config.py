"""One sandbox's isolation as one typed structure: everything the sandbox's setup reads, each
field commented, and the names of the layers it reports.

Built once on the trusted side from the ``SandboxSpec`` (``for_sandbox``), sent to the zygote
as JSON (``to_dict``; never pickle), read back in the forked child (``from_dict``), which
applies the layers in ``deepgrade.sandbox.inside.isolation`` in order and reports each one's
outcome by name: "" when applied, else why not. The trusted side refuses to run student code
when a layer of ``required`` is missing (``missing_required``), unless the spec allows
unisolated runs.
"""
from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Mapping

from deepgrade.sandbox.shared.spec import SandboxSpec

# The layers' names, as the report (and ``Sandbox.layers``, and a TA's warning) spells them.
NETWORK, MOUNTS, IPC, PIDS = "network namespace", "mount namespace", "IPC namespace", "PID namespace"
ROOT, PROC, USER, UID = "allow-listed root", "own /proc", "user namespace", "dedicated uid"
PROCESS_LIMIT = "process limit"
NAMESPACES = (MOUNTS, NETWORK, IPC, PIDS)   # in the order they are made
REQUIRED = (NETWORK, MOUNTS, PIDS, ROOT)    # without any of these, no student code runs (fails closed)

DEFAULT_PROCESSES = 256


@dataclass(frozen=True, kw_only=True)
class IsolationConfig:
    # -- the allow-listed root (``inside.rootfs``)
    stage_dir: str                        # host folder holding the submission's files; becomes /home/student
    root_dir: str                         # empty host folder the sandbox's root is built on
    runtime_paths: tuple[str, ...]        # the Python installation's folders, bound read-only at their own paths
    fixtures: Mapping[str, str] = field(default_factory=dict)  # path in the work folder -> host folder, read-only
    hide_paths: tuple[str, ...] = ()      # host trees covered where they lie inside a bound one (repo, inbox, state)
    workdir_mb: int                       # size of the work folder's tmpfs (the student's disk: Limits.disk_mb)
    # -- who student code runs as
    uid: int | None = None                # the job slot's dedicated uid (as root); None: the grading user's own
    gid: int | None = None                # its group; None: the grading user's own
    # -- resource limits (setrlimit in the worker)
    cpu_s: int                            # RLIMIT_CPU soft limit in seconds (the hard one is 5 s later)
    file_size_mb: int                     # RLIMIT_FSIZE: the largest file student code may write
    processes: int = DEFAULT_PROCESSES    # RLIMIT_NPROC (without a dedicated uid: plus the host's processes)
    # -- the PID namespace's init
    init_program: str                     # path of ``cat`` (PID 1 reading its lifeline); "": the interpreter
    # -- which layers
    namespaces: tuple[str, ...] = NAMESPACES  # namespaces to make (after a user namespace, without root)
    required: tuple[str, ...] = REQUIRED      # layers without which the trusted side refuses; the rest best-effort

    def __post_init__(self) -> None:
        unknown = [name for name in self.namespaces if name not in NAMESPACES]
        if unknown:
            raise ValueError(f"unknown namespaces: {unknown}")

    @classmethod
    def for_sandbox(cls, spec: SandboxSpec, *, stage_dir: str, root_dir: str, uid: int | None,
                    runtime_paths: tuple[str, ...], init_program: str) -> IsolationConfig:
        """The one place a sandbox's isolation is decided from its spec and its job slot."""
        limits = spec.limits
        cpu = limits.cpu_s or int(2 * limits.import_timeout_s + 60 * limits.test_timeout_s + 60)
        return cls(stage_dir=stage_dir, root_dir=root_dir, runtime_paths=tuple(runtime_paths),
                   fixtures={rel: os.path.realpath(src) for rel, src in spec.fixtures.items()},
                   hide_paths=tuple(os.path.realpath(p) for p in spec.hide_paths),
                   workdir_mb=int(limits.disk_mb), uid=uid, gid=uid, cpu_s=int(cpu),
                   file_size_mb=int(limits.file_size_mb), init_program=init_program)

    def to_dict(self) -> dict[str, Any]:
        """JSON data (lists for tuples), what the zygote's fork request carries."""
        data = asdict(self)
        data["fixtures"] = dict(self.fixtures)
        return {key: list(value) if isinstance(value, tuple) else value for key, value in data.items()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> IsolationConfig:
        """Back from ``to_dict``; a missing, unknown or mistyped field raises ValueError."""
        types = {f.name: f.type for f in fields(cls)}  # annotations as written (strings)
        if set(data) - set(types):
            raise ValueError(f"unknown isolation fields: {sorted(set(data) - set(types))}")
        values = {name: _checked(name, types[name], value) for name, value in data.items()}
        try:
            return cls(**values)
        except TypeError as exc:  # a required field missing
            raise ValueError(str(exc)) from None


def _checked(name: str, annotation: str, value: Any) -> Any:
    """``value`` as the field's annotation wants it, read from JSON; ValueError if it is not."""
    if annotation == "tuple[str, ...]":
        return tuple(_strings(name, value))
    if annotation == "Mapping[str, str]":
        if not isinstance(value, Mapping):
            raise ValueError(f"{name}: not a mapping")
        return dict(zip(_strings(name, value), _strings(name, value.values())))
    if annotation == "str":
        if not isinstance(value, str):
            raise ValueError(f"{name}: not a string")
        return value
    if annotation in ("int", "int | None"):
        if not (type(value) is int or (value is None and annotation == "int | None")):
            raise ValueError(f"{name}: not an integer")
        return value
    raise ValueError(f"{name}: no JSON reading for a field of type {annotation}")  # a new field's type


def _strings(name: str, values: Any) -> list[str]:
    if isinstance(values, (str, bytes)) or not all(isinstance(value, str) for value in values):
        raise ValueError(f"{name}: not a list of strings")
    return list(values)


def missing_required(report: Mapping[str, str], required: tuple[str, ...] = REQUIRED) -> list[str]:
    """The required layers that were not applied, each with its reason."""
    return [f"{name}: {report.get(name, 'not attempted')}" for name in required if report.get(name, "not attempted")]
