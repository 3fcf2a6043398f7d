"""Which of a student's uploads is graded.

Rule (docs/grading-rules.md): the latest upload that is on time (at or before the deadline
plus the grace minutes); when none is on time, the latest upload before the cut-off (a
student who re-uploads late wants the newer work graded and accepts its penalty); when every
upload is past the cut-off, the latest one (graded for feedback, scoring 0). Equal times are
settled by Drive's copy number (`(1)` is newer) and then by path. Within each step an
upload with nothing gradable (a corrupted zip) only counts when there is nothing else.
"""
from __future__ import annotations

from datetime import datetime
from typing import Protocol, Sequence, TypeVar

from deepgrade.rules.lateness import LatePolicyLike, assess


class UploadLike(Protocol):
    submitted_at: datetime
    order: int                     # tie-break between equal times (a later Drive copy wins)
    sources: tuple[str, ...]
    problem: str | None            # nothing gradable in it: why


Upload = TypeVar("Upload", bound=UploadLike)


def newest(uploads: Sequence[Upload]) -> Upload:
    # An upload with nothing gradable in it (a corrupted zip) loses to a gradable one.
    gradable = [u for u in uploads if u.problem is None] or list(uploads)
    return max(gradable, key=lambda u: (u.submitted_at, u.order, u.sources))


def choose_upload(uploads: Sequence[Upload], deadline: datetime, policy: LatePolicyLike) -> Upload | None:
    if not uploads:
        return None
    # The same rule the score uses (lateness.assess): one definition of "on time" and "cut-off".
    lateness = {id(u): assess(u.submitted_at, deadline, policy) for u in uploads}
    on_time = [u for u in uploads if not lateness[id(u)].late]
    if on_time:
        return newest(on_time)
    before_cutoff = [u for u in uploads if not lateness[id(u)].past_cutoff]
    return newest(before_cutoff or list(uploads))
