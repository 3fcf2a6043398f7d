"""Each broken input is reported at the exact file, line and field, in words a TA understands.

Every case goes through ``load_course`` and ``assert_cli_format`` (what the CLI prints:
``file:line: field: message`` lines, no traceback, no pydantic wording).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from coursefiles import ASSIGNMENT_YML as A
from coursefiles import COURSE_YML as C
from coursefiles import ROSTER_CSV as R
from coursefiles import CourseFolder, replace_line

ASSIGNMENT = "assignments/week01/assignment.yml"

# (case id, which file to edit, line, new text, reported file, line, field, words in the message)
CASES = [
    ("unknown key", "course", 4, "langauge: ko", "course.yml", 4, "langauge", "unknown key; did you mean 'language'?"),
    ("wrong type", "course", 16, "audit_weeks: three", "course.yml", 16, "audit_weeks", "expected a whole number, got 'three'"),
    ("impossible date", "course", 10, "    date: 2022-02-30", "course.yml", 10, "sessions[1].date", "'2022-02-30' is not a real date"),
    ("date given as number", "course", 10, "    date: 20220317", "course.yml", 10, "sessions[1].date", "20220317 is a number"),
    ("schedule out of order", "course", 13, "    date: 2022-03-03", "course.yml", 13, "sessions[2].date",
     "2022-03-03 is not after the previous session's 2022-03-17"),
    ("session not on thursday", "course", 10, "    date: 2022-03-18", "course.yml", 10, "sessions[1].date",
     "2022-03-18 is a Friday (expected a Thursday"),
    ("week scheduled twice", "course", 9, "  - week: 1", "course.yml", 9, "sessions[1].week", "week 1 is scheduled twice"),
    ("missing session topic", "course", 11, None, "course.yml", 9, "sessions[1].topic", "required key is missing"),
    ("bad timezone", "course", 3, "timezone: Asia/Seol", "course.yml", 3, "timezone", "'Asia/Seol' is not a known time zone"),
    ("bad language", "course", 4, "language: jp", "course.yml", 4, "language", "'jp' is not allowed (expected 'ko' or 'en')"),
    ("bad session time", "course", 11, '    topic: MLP\n    time: "25:00"', "course.yml", 12, "sessions[1].time",
     "'25:00' is not a time of day"),
    ("groups not a list", "course", 18, "groups: 월1", "course.yml", 18, "groups", "expected a list"),
    ("negative late penalty", "course", 17, "late_policy: {grace_minutes: 10, penalty_per_day: -5, cutoff_days: 3}",
     "course.yml", 17, "late_policy.penalty_per_day", "must be at least 0, got -5"),
    ("duplicate yaml key", "course", 4, "language: ko\nlanguage: en", "course.yml", 5, "language",
     "duplicate key (already set on line 4"),
    ("yaml syntax error", "course", 8, "    topic: 클래스: 좋음", "course.yml", 8, None,
     "YAML syntax error: mapping values are not allowed here"),
    ("yaml unclosed brace", "course", 17, "late_policy: {grace_minutes: 10, penalty_per_day: 10", "course.yml", 18, None,
     "the unfinished part starts on line 17"),
    ("extension for unknown student", "course", 21, '  - {student: "202299999", week: 1, until: "2022-03-18 23:59"}',
     "course.yml", 21, "extensions[0].student", "'202299999' is not in the roster"),
    ("extension for unscheduled week", "course", 21, '  - {student: "202210002", week: 9, until: "2022-03-18 23:59"}',
     "course.yml", 21, "extensions[0].week", "week 9 is not in the schedule"),
    ("extension before the deadline", "course", 21, '  - {student: "202210002", week: 1, until: "2022-03-15 23:59"}',
     "course.yml", 21, "extensions[0].until", "is not after the regular deadline 2022-03-16 23:59"),
    ("extension impossible datetime", "course", 21, '  - {student: "202210002", week: 1, until: "2022-03-32 23:59"}',
     "course.yml", 21, "extensions[0].until", "'2022-03-32 23:59' is not a real date and time"),
    ("roster path missing", "course", 19, "paths: {roster: members.csv, inbox: inbox, export: out, state: state}",
     "course.yml", 19, "paths.roster", "roster file not found"),
    ("points do not add up", "assignment", 12, '  - {id: tensor_ops, title: "텐서", points: 50}', ASSIGNMENT, 13,
     "total_points", "problems add up to 40 + 50 = 90, not 100"),
    ("duplicate problem id", "assignment", 12, '  - {id: fourcal, title: "텐서", points: 60}', ASSIGNMENT, 12,
     "problems[1].id", "problem id 'fourcal' is used twice"),
    ("negative limit", "assignment", 15, "limits: {test_timeout_s: 10, import_timeout_s: 60, memory_mb: -1, output_kb: 64}",
     ASSIGNMENT, 15, "limits.memory_mb", "must be greater than 0, got -1"),
    ("bad visibility", "assignment", 16, "default_visibility: secret", ASSIGNMENT, 16, "default_visibility",
     "'secret' is not allowed (expected 'visible', 'hidden' or 'after_due')"),
    ("file not .py", "assignment", 5, "  - name: fourcal.txt", ASSIGNMENT, 5, "files[0].name", "'fourcal.txt' is not a .py file name"),
    ("notebook not .ipynb", "assignment", 9, "notebook: week01.py", ASSIGNMENT, 9, "notebook", "not a notebook file name"),
    ("name provided twice", "assignment", 8, "    provides: [Fourcal]", ASSIGNMENT, 8, "files[1].provides[0]",
     "Fourcal is already provided by fourcal.py"),
    ("assignment id vs folder", "assignment", 1, "id: week1", ASSIGNMENT, 1, "id", "expected 'week01'"),
    ("assignment week vs schedule", "assignment", 2, "week: 2", ASSIGNMENT, 2, "week", "schedules week01 in week 1 (line 6)"),
    ("unknown fixture", "assignment", 14, "fixtures: [cifar10]", ASSIGNMENT, 14, "fixtures[0]",
     "unknown fixture 'cifar10' (expected one of: mnist)"),
    ("assignment unknown key", "assignment", 14, "fixture: [mnist]", ASSIGNMENT, 14, "fixture", "did you mean 'fixtures'?"),
    ("name policy unknown", "assignment", 16, "default_visibility: hidden\nnames: {case: ignore}", ASSIGNMENT, 17,
     "names.case", "'ignore' is not allowed (expected 'exact', 'note' or 'deduct')"),
    ("name policy deduct without points", "assignment", 16, "default_visibility: hidden\nnames: {case: deduct}",
     ASSIGNMENT, 17, "names.case", "case: deduct needs the points to take off per name"),
    ("name policy points without deduct", "assignment", 16,
     "default_visibility: hidden\nnames:\n  case: note\n  deduction: 2", ASSIGNMENT, 19, "names.deduction",
     "a deduction is only taken with case: deduct, not note"),
    ("assignment bad deadline", "assignment", 17, 'deadline: "tomorrow"', ASSIGNMENT, 17, "deadline", "'tomorrow' is not a real date and time"),
    ("roster unknown group", "roster", 3, "202210002,나나래,월3,member,active,", "roster.csv", 3, "group", "unknown group '월3'"),
    ("duplicate student id", "roster", 3, "202210001,나나래,월1,member,active,", "roster.csv", 3, "id",
     "duplicate student id 202210001 (also on line 2)"),
    ("bad role", "roster", 3, "202210002,나나래,월1,captain,active,", "roster.csv", 3, "role", "'captain' is not allowed"),
    ("bad status", "roster", 3, "202210002,나나래,월1,member,gone,", "roster.csv", 3, "status", "'gone' is not allowed"),
    ("dropped without date", "roster", 4, "202210003,다다온,화1,leader,dropped,", "roster.csv", 4, "dropped_on",
     "a dropped student needs the date"),
    ("drop date on active student", "roster", 3, "202210002,나나래,월1,member,active,2022-03-15", "roster.csv", 3,
     "dropped_on", "an active student has a drop date 2022-03-15"),
    ("impossible drop date", "roster", 4, "202210003,다다온,화1,leader,dropped,2022-02-30", "roster.csv", 4,
     "dropped_on", "'2022-02-30' is not a real date"),
    ("empty name", "roster", 3, "202210002,  ,월1,member,active,", "roster.csv", 3, "name", "must not be empty"),
    ("member without group", "roster", 3, "202210002,나나래,,member,active,", "roster.csv", 3, "group", "a member needs a study group"),
    ("wrong number of columns", "roster", 3, "202210002,나나래,월1,member", "roster.csv", 3, None, "4 values (expected 6"),
    ("bad roster header", "roster", 1, "id,name,group,role,state,dropped_on", "roster.csv", 1, None,
     "unknown column state (did you mean status?)"),
]


@pytest.mark.parametrize("which, line, new, path, want_line, field, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_broken_input_is_reported_at_its_line(course_folder: CourseFolder, which: str, line: int, new: str | None,
                                              path: str, want_line: int, field: str | None, words: str) -> None:
    original = getattr(course_folder, which)
    setattr(course_folder, which, replace_line(original, line, new))
    problem = course_folder.only_problem()
    assert Path(problem.path) == course_folder.root / path
    assert (problem.line, problem.field) == (want_line, field)
    assert words in problem.message


def test_cases_are_distinct() -> None:
    assert len({c[0] for c in CASES}) == len(CASES) >= 20
    assert len({(c[1], c[2], c[3]) for c in CASES}) == len(CASES)


def test_non_utf8_roster_names_the_line_and_suggests_utf8(course_folder: CourseFolder) -> None:
    course_folder.roster = R.encode("cp949")  # what Excel in Korea saves by default
    problem = course_folder.only_problem()
    assert (Path(problem.path).name, problem.line, problem.field) == ("roster.csv", 2, None)
    assert "not UTF-8" in problem.message and "CP949" in problem.message


def test_non_utf8_course_file(course_folder: CourseFolder) -> None:
    course_folder.write()
    course_folder.course_file.write_bytes(C.encode("utf-8").replace("클래스".encode(), "클래스".encode("cp949")))
    from deepgrade.config import load_course
    from deepgrade.errors import ConfigError
    with pytest.raises(ConfigError) as caught:
        load_course(course_folder.course_file)
    (problem,) = caught.value.problems
    assert (Path(problem.path).name, problem.line) == ("course.yml", 8)


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"], ids=["empty", "blank lines", "comment only"])
def test_empty_course_file(course_folder: CourseFolder, text: str) -> None:
    course_folder.course = text
    problem = course_folder.only_problem()
    assert (Path(problem.path).name, problem.line) == ("course.yml", 1)
    assert "empty" in problem.message


def test_top_level_list_is_rejected(course_folder: CourseFolder) -> None:
    course_folder.course = "- name: x\n- term: y\n"
    problem = course_folder.only_problem()
    assert (problem.line, problem.field) == (1, None) and "expected a mapping" in problem.message


def test_missing_required_top_level_key(course_folder: CourseFolder) -> None:
    course_folder.course = replace_line(C, 1, None)
    problem = course_folder.only_problem()
    assert (problem.line, problem.field, problem.message) == (1, "name", "required key is missing")


def test_scheduled_week_folder_without_assignment_yml(course_folder: CourseFolder) -> None:
    course_folder.extra_files["assignments/week02/README.md"] = "작성 중\n"
    problem = course_folder.only_problem()
    assert (Path(problem.path).name, problem.line, problem.field) == ("course.yml", 9, "sessions[1]")
    assert "assignments/week02/assignment.yml is missing" in problem.message


def test_week_folder_not_in_the_schedule(course_folder: CourseFolder) -> None:
    course_folder.extra_files["assignments/week07/assignment.yml"] = A.replace("week01", "week07").replace("week: 1", "week: 7")
    problem = course_folder.only_problem()
    assert Path(problem.path) == course_folder.root / "assignments" / "week07"
    assert "not in course.yml's sessions" in problem.message


def test_all_problems_in_all_files_are_reported_together(course_folder: CourseFolder) -> None:
    course_folder.course = replace_line(C, 4, "langauge: ko")
    course_folder.roster = replace_line(R, 3, "202210002,나나래,월1,captain,active,")
    course_folder.assignment = replace_line(A, 12, '  - {id: tensor_ops, title: "텐서", points: 50}')
    found = {(Path(p.path).name, p.line, p.field) for p in course_folder.problems()}
    assert found == {("course.yml", 4, "langauge"), ("roster.csv", 3, "role"), ("assignment.yml", 13, "total_points")}


def test_broken_roster_row_does_not_cascade_into_extension_errors(course_folder: CourseFolder) -> None:
    # the extension names 202210002; its row is broken, which must be the only thing said
    course_folder.roster = replace_line(R, 3, "202210002,나나래,월1,captain,active,")
    assert [p.field for p in course_folder.problems()] == ["role"]
