"""The committed demo inbox is what demo/make_demo.py generates, and covers the roster."""
from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _make_demo():
    spec = importlib.util.spec_from_file_location("make_demo", REPO / "demo" / "make_demo.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_demo"] = module  # dataclasses look their module up while the class is made
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop("make_demo", None)
    return module


def test_committed_demo_inbox_is_fresh(capsys) -> None:
    assert _make_demo().main(["--check"]) == 0, capsys.readouterr().err


def test_demo_covers_roster_and_keeps_two_missing() -> None:
    roster = list(csv.DictReader((REPO / "roster.csv").open(encoding="utf-8-sig")))
    students = {r["id"] for r in roster if r["role"] != "staff"}
    manifest = list(csv.DictReader((REPO / "demo/inbox/week01/manifest.csv").open(encoding="utf-8")))
    uploaded = {row["student"] for row in manifest}
    assert students - uploaded == {"202210007", "202210023"}  # the two designed as missing
    assert uploaded <= {r["id"] for r in roster}                  # fictional ids from roster.csv only
    for row in manifest:
        assert (REPO / "demo/inbox/week01").joinpath(row["file"]).exists() or row["file"].startswith("1주차_"), row
