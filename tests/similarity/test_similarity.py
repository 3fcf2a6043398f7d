"""Copying detection on planted pairs (renamed variables, reordered functions, new comments,
a notebook) and on independent honest solutions (no pair), the stub's code ignored."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat

from corpus import HONEST, STUB, recomment, rename, reorder
from deepgrade.similarity import SimilarityReport, code_text, find_similar

HERE = Path(__file__).resolve().parent
RENAMES_2 = {"centered": "c", "hits": "n_ok", "row": "r", "label": "t", "losses": "ls", "batch_x": "xs",
             "batch_y": "ys", "prediction": "p", "scores": "acc_list", "h": "z", "fc1": "l1", "fc2": "l2",
             "out": "head", "act": "relu"}
RENAMES_5 = {"best": "b", "history": "hist", "features": "f", "target": "lab", "cost": "c",
             "predictions": "ps", "answers": "ys"}


def py(code: str) -> dict[str, bytes]:
    return {"mlp.py": code.encode()}


def notebook(code: str) -> dict[str, bytes]:
    cells = [nbformat.v4.new_markdown_cell("# 2주차 과제")]
    cells += [nbformat.v4.new_code_cell(block) for block in code.split("\n\n\n")]
    return {"week02.ipynb": nbformat.writes(nbformat.v4.new_notebook(cells=cells)).encode()}


def texts(submissions: dict[str, dict[str, bytes]]) -> dict[str, str]:
    return {sid: code_text(files) for sid, files in submissions.items()}


def pairs_of(report: SimilarityReport) -> set[tuple[str, str]]:
    return {(p.first, p.second) for p in report.pairs}


def test_independent_honest_solutions_are_no_pair() -> None:
    report = find_similar(texts({sid: py(code) for sid, code in HONEST.items()}), code_text(py(STUB)))
    assert report.compared == 6 and report.pairs == ()


def test_planted_copies_are_found_and_nothing_else() -> None:
    submissions = {sid: py(code) for sid, code in HONEST.items()}
    submissions["202210011"] = py(reorder(rename(HONEST["202210002"], RENAMES_2)))       # renamed, reordered
    submissions["202210012"] = py(recomment(rename(HONEST["202210005"], RENAMES_5)))     # renamed, new comments
    submissions["202210013"] = notebook(reorder(HONEST["202210003"]))                    # a notebook, reordered
    report = find_similar(texts(submissions), code_text(py(STUB)))
    assert pairs_of(report) == {("202210002", "202210011"), ("202210005", "202210012"), ("202210003", "202210013")}
    for pair in report.pairs:
        assert pair.share_first > 0.8 and pair.share_second > 0.8
    # the shared fragments point at real code in each source, the renamed names included
    pair = next(p for p in report.pairs if p.second == "202210011")
    shared = "".join(report.sources["202210011"][a:b] for a, b in pair.spans_second)
    assert "n_ok = n_ok + 1" in shared and "z = self.relu(self.l1(x))" in shared
    original = "".join(report.sources["202210002"][a:b] for a, b in pair.spans_first)
    assert "hits = hits + 1" in original


def test_the_stub_is_ignored() -> None:
    # two students who only filled one line each into the stub are not "alike": the stub is everyone's
    first = STUB.replace("    raise NotImplementedError()\n\n\ndef accuracy", "    return x / x.std()\n\n\ndef accuracy", 1)
    second = STUB.replace("        raise NotImplementedError()\n\n    def forward", "        self.a = nn.Linear(1, 1)\n\n    def forward", 1)
    submissions = texts({"202210001": py(first), "202210002": py(second)})
    assert find_similar(submissions, code_text(py(STUB))).pairs == ()
    assert find_similar(submissions).pairs != ()     # without the stub left out, they would be a pair


def test_thirty_five_students_run_and_give_the_same_answer_in_any_process(tmp_path) -> None:
    # Python salts str hashes per process; the pairs must not depend on it (stored weeks compare equal)
    script = f"""
import json, sys
sys.path.insert(0, {str(HERE)!r})
from corpus import HONEST, STUB, rename
from deepgrade.similarity import find_similar
subs = {{}}
for i in range(35):
    base = list(HONEST.values())[i % 6]
    subs[f"2022100{{i:02d}}"] = base if i < 6 else rename(base, {{"model": f"m{{i}}", "loader": f"ld{{i}}"}}) + f"\\nSEED_{{i}} = {{i}}\\n"
print(json.dumps(find_similar(subs, STUB).to_dict(), sort_keys=True))
"""
    outputs = []
    for seed in ("1", "2"):
        run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                             env={**os.environ, "PYTHONHASHSEED": seed})
        assert run.returncode == 0, run.stderr
        outputs.append(json.loads(run.stdout))
    assert outputs[0] == outputs[1]
    assert outputs[0]["compared"] == 35 and len(outputs[0]["pairs"]) > 0   # the renamed copies are found
    flagged = {(p["first"], p["second"]) for p in outputs[0]["pairs"]}
    assert ("202210000", "202210006") in flagged and ("202210000", "202210001") not in flagged


def test_report_round_trips_through_json() -> None:
    submissions = {sid: py(code) for sid, code in list(HONEST.items())[:2]}
    submissions["202210011"] = py(reorder(rename(HONEST["202210002"], RENAMES_2)))
    report = find_similar(texts(submissions), code_text(py(STUB)))
    assert SimilarityReport.from_dict(json.loads(json.dumps(report.to_dict()))) == report
