"""The benchmark's measurement counts the CPU and memory of every process a command starts,
also those whose parent exits first (a zygote's sandboxes), and the limit's shares split the
cohort like deepgrade's --jobs. Figures are checked for being counted at all, never for speed."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BENCH = REPO / "bench"
sys.path.insert(0, str(BENCH))

from systems import limit_shares  # noqa: E402

# The measured command forks a grandchild that burns ~0.4 s of CPU after its parent has
# exited: orphaned, it is reparented to the measuring process (a subreaper) and reaped there.
ORPHAN_BURNER = textwrap.dedent("""
    import os, time
    ready, told = os.pipe()
    if os.fork() == 0:
        os.setsid()                      # out of the command's process group, like a sandbox
        os.write(told, b"x")
        end = time.process_time() + 0.4
        while time.process_time() < end:
            pass
        os._exit(0)
    os.read(ready, 1)                    # it has left the group: killing the group misses it
    os._exit(0)                          # the parent does not wait: the grandchild is orphaned
""")

MEASURE = textwrap.dedent("""
    import dataclasses, json, sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[1])
    from proctree import run_measured
    done = run_measured([sys.executable, "-c", sys.argv[2]], cwd=Path("."), env={}, log_path=Path(sys.argv[3]),
                        timeout_s=60)
    print(json.dumps(dataclasses.asdict(done)))
""")


def test_an_orphaned_grandchild_is_reaped_into_the_cpu_time(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", MEASURE, str(BENCH), ORPHAN_BURNER, str(tmp_path / "log")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    measured = json.loads(done.stdout)
    assert measured["returncode"] == 0 and not measured["timed_out"]
    assert measured["cpu_s"] >= 0.35, measured  # the grandchild's 0.4 s, though its parent never waited
    assert measured["peak_rss_mb"] > 0 and measured["peak_pss_mb"] > 0


def test_the_limit_is_dealt_into_as_many_shares_as_jobs() -> None:
    ids = [f"s{i}" for i in range(7)]
    shares = limit_shares(ids, 2)
    assert shares == [["s0", "s2", "s4", "s6"], ["s1", "s3", "s5"]]
    assert limit_shares(ids[:1], 4) == [["s0"]]  # never an empty process
    assert sorted(sum(limit_shares(ids, 3), [])) == ids
