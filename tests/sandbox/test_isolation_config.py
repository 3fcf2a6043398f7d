"""The isolation configuration: one typed structure, built from the spec in one place, sent to
the zygote as JSON (never pickle) and read back unchanged; the setup's steps in order."""
from __future__ import annotations

import json
import os

import pytest

from deepgrade.sandbox.inside import isolation
from deepgrade.sandbox.shared.isolation_config import (MOUNTS, NETWORK, PIDS, REQUIRED, ROOT, IsolationConfig,
                                                       missing_required)
from deepgrade.sandbox.shared.spec import Limits, SandboxSpec


def _config(tmp_path, **limits) -> IsolationConfig:
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    (tmp_path / "link").unlink(missing_ok=True)
    (tmp_path / "link").symlink_to(data)
    spec = SandboxSpec(units=(), limits=Limits(**limits), fixtures={"data/MNIST/raw": str(tmp_path / "link")},
                       hide_paths=(str(tmp_path / "link"),))
    return IsolationConfig.for_sandbox(spec, stage_dir=str(tmp_path / "stage"), root_dir=str(tmp_path / "root"),
                                       uid=60123, runtime_paths=("/usr/lib/python3",), init_program="/bin/cat")


def test_built_from_the_spec_and_its_job_slot(tmp_path):
    config = _config(tmp_path, disk_mb=128, file_size_mb=16, test_timeout_s=5, import_timeout_s=30)
    assert (config.workdir_mb, config.file_size_mb) == (128, 16)
    assert config.cpu_s == 2 * 30 + 60 * 5 + 60           # no cpu_s in the limits: derived from the timeouts
    assert _config(tmp_path, cpu_s=42).cpu_s == 42
    assert (config.uid, config.gid) == (60123, 60123)
    real = os.path.realpath(tmp_path / "data")             # links resolved on the trusted side
    assert config.fixtures == {"data/MNIST/raw": real} and config.hide_paths == (real,)
    assert config.required == REQUIRED and set(REQUIRED) == {NETWORK, MOUNTS, PIDS, ROOT}


def test_crosses_to_the_zygote_as_json_and_back_unchanged(tmp_path):
    config = _config(tmp_path)
    wire = json.dumps(config.to_dict())                    # the zygote's fork request is JSON
    assert IsolationConfig.from_dict(json.loads(wire)) == config


@pytest.mark.parametrize("change, field", [
    ({"root": "/"}, "root"),                               # unknown field
    ({"cpu_s": "600"}, "cpu_s"),                           # mistyped
    ({"uid": 1.5}, "uid"),
    ({"runtime_paths": "/usr"}, "runtime_paths"),          # a string is not a list of paths
    ({"namespaces": ["cgroup namespace"]}, "cgroup namespace"),
])
def test_a_wrong_field_is_named(tmp_path, change, field):
    data = {**_config(tmp_path).to_dict(), **change}
    with pytest.raises(ValueError, match=field):
        IsolationConfig.from_dict(data)


def test_a_missing_field_is_refused(tmp_path):
    data = _config(tmp_path).to_dict()
    del data["stage_dir"]
    with pytest.raises(ValueError, match="stage_dir"):
        IsolationConfig.from_dict(data)


def test_missing_required_reads_the_configured_layers():
    report = {NETWORK: "", MOUNTS: "", PIDS: "EPERM", ROOT: ""}
    assert missing_required(report) == ["PID namespace: EPERM"]
    assert missing_required(report, (NETWORK, ROOT)) == []
    assert missing_required({}, (ROOT,)) == ["allow-listed root: not attempted"]


def test_the_setup_is_two_flat_lists_of_named_steps_in_order():
    outer = [name for name, _ in isolation.OUTER_STEPS]
    worker = [name for name, _ in isolation.WORKER_STEPS]
    assert outer.index("host processes counted") < outer.index("namespaces") < outer.index("init")
    assert worker.index("root") < worker.index("resource limits") < worker.index("identity") \
        < worker.index("no new privileges") < worker.index("descriptors")
    assert len(set(outer + worker)) == len(outer + worker)
