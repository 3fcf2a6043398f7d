"""What a TA must act on after a week's run, as plain data; the staff summary leads with it.

Each kind is its own list, so the page can say how many of each and leave out empty ones:
who is missing, who is late (and by how much), whose upload could not be graded (the reason),
files that matched no student or several, engine problems (one entry per distinct reason, with
the students it hit; sandbox layers that could not be applied), what the inbox scan found
(unread folders, manifest rows), overrides in force, and overrides that change nothing.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from deepgrade.record import AmbiguousUpload, StudentWeek, WeekRecord
from deepgrade.reports.course_view import group_key

_REASON_CHARS = 400


@dataclass(frozen=True)
class EngineProblem:
    reason: str                          # the first lines of the engine's message
    students: tuple[StudentWeek, ...]    # whose grading it stopped


@dataclass(frozen=True)
class ActionItems:
    missing: tuple[StudentWeek, ...]
    late: tuple[StudentWeek, ...]
    errors: tuple[StudentWeek, ...]           # the upload itself could not be graded: `error` says why
    engine: tuple[EngineProblem, ...]         # not the students' fault: retried by the next run
    isolation: tuple[tuple[str, int], ...]    # sandbox layer warning -> how many submissions
    unmatched: tuple[str, ...]
    ambiguous: tuple[AmbiguousUpload, ...]
    inbox: tuple[str, ...]                    # unread folders, manifest rows, copied file times
    overrides: tuple[StudentWeek, ...]        # students with a TA's override in force
    override_warnings: tuple[str, ...]        # overrides.yml entries that change nothing

    @property
    def count(self) -> int:
        """Entries needing a look (overrides in force are a record, not a task: not counted)."""
        return (len(self.missing) + len(self.late) + len(self.errors) + len(self.engine) + len(self.isolation)
                + len(self.unmatched) + len(self.ambiguous) + len(self.inbox) + len(self.override_warnings))


def short_reason(text: str) -> str:
    """The first three non-empty lines of an error, shortened: what tells errors apart."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    joined = " ".join(lines[:3])
    return joined if len(joined) <= _REASON_CHARS else joined[:_REASON_CHARS] + " …"


def action_items(week: WeekRecord, group_order: Sequence[str] = ()) -> ActionItems:
    by_group = group_key(group_order)
    students = sorted(week.students, key=lambda s: (by_group(s.group), s.id))
    engine: dict[str, list[StudentWeek]] = {}
    errors = []
    for student in students:
        if student.status != "error":
            continue
        if student.engine_error:
            engine.setdefault(short_reason(student.error_text or ""), []).append(student)
        else:
            errors.append(student)
    isolation: Counter[str] = Counter(week.isolation_warnings)
    for student in students:
        isolation.update(student.isolation_warnings)
    return ActionItems(
        missing=tuple(s for s in students if s.status == "missing"),
        late=tuple(s for s in students if s.status == "late"),
        errors=tuple(errors),
        engine=tuple(EngineProblem(reason, tuple(who)) for reason, who in engine.items()),
        isolation=tuple(sorted(isolation.items(), key=lambda item: (-item[1], item[0]))),
        unmatched=week.unmatched,
        ambiguous=week.ambiguous,
        inbox=week.collect_problems,
        overrides=tuple(s for s in students if s.override is not None),
        override_warnings=week.override_warnings,
    )
