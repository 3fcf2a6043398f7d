"""A week's similarity check as part of a grade run: the graded upload of every student,
compared with the week's stub ignored; reused as stored while nothing compared has changed.

Reuse is keyed by every compared upload's content hash, the stub's text and the detector's
settings, so a warm run (nothing changed) neither imports the detector nor changes the stored
week (no page is rewritten, nothing for Drive to sync).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Mapping, Sequence

from deepgrade.rules.late_policy import late_policy
from deepgrade.collect.inbox import Upload
from deepgrade.pipeline.week import graded_students


def stub_files(assignment: Any) -> dict[str, bytes]:
    """The week's stub as shipped: its .py files and its notebook, those that exist."""
    config = assignment.config
    names = [f.name for f in config.files] + ([config.notebook] if config.notebook else [])
    return {name: (Path(assignment.dir) / name).read_bytes() for name in names
            if (Path(assignment.dir) / name).is_file()}


def _key(uploads: Mapping[str, Upload], stub: Mapping[str, bytes]) -> str:
    from deepgrade import similarity

    settings = [similarity.K, similarity.PAIR_SHARE, similarity.MIN_SHARED_TOKENS, similarity.COMMON_SHARE,
                similarity.COMMON_AT_LEAST]
    digest = hashlib.sha256(json.dumps(settings).encode())
    for student_id, upload in sorted(uploads.items()):
        digest.update(f"{student_id}\0{upload.content_hash}\n".encode())
    for name, data in sorted(stub.items()):
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def week_similarity(course: Any, week: int, uploads: Mapping[str, Sequence[Upload]],
                    previous: Mapping[str, Any] | None) -> dict[str, Any]:
    """The stored form of the week's SimilarityReport, with the key it was computed for."""
    assignment = course.assignments[week]
    chosen = {}
    policy = late_policy(course.config.late_policy)
    for student in graded_students(course, week):
        graded = policy.to_grade(uploads.get(student.id, []), course.deadline(week, student.id))
        upload = graded[-1] if graded else None   # best_of: the newer of the two graded
        if upload is not None and upload.problem is None and upload.files:
            chosen[student.id] = upload
    stub = stub_files(assignment)
    key = _key(chosen, stub)
    if previous and previous.get("key") == key:
        return dict(previous)
    from deepgrade.similarity import code_text, find_similar  # the detector, only when something changed

    texts = {sid: code_text(upload.files, assignment.config) for sid, upload in chosen.items()}
    report = find_similar(texts, code_text(stub, assignment.config) if stub else "")
    return {"key": key, **report.to_dict()}
