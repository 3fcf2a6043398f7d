"""Print the sandbox's own costs: zygote start, fork-to-ready, round trips, tensor transfer.

    .venv/bin/python -m deepgrade.sandbox.client.measure [--forks 20] [--calls 500]
"""
from __future__ import annotations

import argparse
import statistics
import time

import torch

from deepgrade.sandbox import Sandbox, SandboxSpec, Zygote
from deepgrade.submission.units import CodeUnit

UNIT = CodeUnit("bench", "bench.py", "class Box:\n    def __init__(self, v):\n        self.v = v\n"
                "    def get(self):\n        return self.v\n\ndef echo(x):\n    return x\n")


def _ms(samples: list[float]) -> str:
    return f"median {statistics.median(samples) * 1000:.2f} ms, max {max(samples) * 1000:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--forks", type=int, default=20)
    parser.add_argument("--calls", type=int, default=500)
    args = parser.parse_args()
    started = time.perf_counter()
    with Zygote() as zygote:
        print(f"zygote start (imports torch once): {time.perf_counter() - started:.2f} s")
        spec = SandboxSpec(units=(UNIT,))
        starts, closes = [], []
        for _ in range(args.forks):
            began = time.perf_counter()
            sandbox = Sandbox(spec, zygote)
            sandbox.start()
            starts.append(time.perf_counter() - began)
            began = time.perf_counter()
            sandbox.close()
            closes.append(time.perf_counter() - began)
        print(f"sandbox start (fork + isolate + run 1 unit): {_ms(starts)}")
        print(f"sandbox close (kill + reap + clean up): {_ms(closes)}")
        with Sandbox(spec, zygote) as sandbox:
            print("isolation warnings:", list(sandbox.isolation_warnings) or "none")
            box = sandbox.student.Box(3)
            for label, call in (("plain call (h.get())", box.get),
                                ("lookup + call (student.echo(1))", lambda: sandbox.student.echo(1))):
                samples = []
                for _ in range(args.calls):
                    began = time.perf_counter()
                    call()
                    samples.append(time.perf_counter() - began)
                print(f"round trip, {label}: {_ms(samples)}")
            tensor = torch.randn(1000, 1000)
            samples = []
            for _ in range(20):
                began = time.perf_counter()
                sandbox.student.echo(tensor)
                samples.append(time.perf_counter() - began)
            print(f"round trip, 4 MB tensor there and back: {_ms(samples)}")


if __name__ == "__main__":
    main()
