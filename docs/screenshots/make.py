"""Regenerate docs/screenshots/: the student index, a group overview and a staff summary at a
390 px phone width and a 1280 px desktop width, as headless Chromium draws them.

The pages come from a fictional four-week term (the repo's course.yml and its fictional
roster.csv; points drawn from a fixed seed), written by the same `write_week`/`write_overview`
a grade run calls. Not part of `make test`. Needs Chromium, which is not a dependency of
deepgrade: on Debian `apt-get install chromium fonts-noto-cjk`.

    .venv/bin/python docs/screenshots/make.py            # or: sh docs/screenshots/make.sh
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
WEEKS = 4
NOW = dt.datetime(2022, 4, 7, 9, 0)          # Thursday morning after week 4's deadline
# page -> (file in the export, height at 390 px, height at 1280 px)
PAGES = {
    "student-index": ("students/202210002/index.html", 840, 800),
    "group-overview": ("groups/월1/index.html", 830, 790),
    "staff-summary": ("staff/week04/summary.html", 2400, 1500),
}
PROBLEMS = {1: [("fourcal", "Fourcal과 상속", 30), ("tensor_ops", "텐서 연산", 45), ("data", "MNIST 데이터셋과 DataLoader", 25)],
            2: [("mlp", "MLP 만들기", 40), ("backprop", "역전파 직접 계산", 60)],
            3: [("optim", "옵티마이저 비교", 50), ("regularize", "드롭아웃과 정규화", 50)],
            4: [("conv", "합성곱 층", 60), ("train", "CNN 학습 루프", 40)]}
# fictional trouble, so every part of the pages shows: who is behind, who is late, what failed
MISSING = {1: {"202210007", "202210023"}, 2: {"202210003", "202210023"}, 3: {"202210003", "202210011"},
           4: {"202210003", "202210015"}}
LATE = {2: {"202210002": 190}, 3: {"202210009": 30}, 4: {"202210002": 1500, "202210020": 45}}
REFUSED = {4: {"202210012": "202210012.zip: zip 파일이 손상되어 열 수 없습니다 (다시 압축해서 올려 주세요)"}}


def _problems(rng: random.Random, week: int, skill: float) -> tuple:
    from deepgrade.results import ProblemResult, TestResult

    problems = []
    for pid, title, points in PROBLEMS[week]:
        tests, left, index = [], points, 0
        while left > 0:
            share = min(left, 5 if points % 5 == 0 else 1)
            left -= share
            index += 1
            passed = rng.random() < skill
            tests.append(TestResult(f"test_{pid}_{index}", pid, "passed" if passed else "failed",
                                    float(share if passed else 0), float(share),
                                    message="" if passed else "값이 기대와 다릅니다", visibility="visible"))
        problems.append(ProblemResult(pid, tuple(tests), title, float(points)))
    return tuple(problems)


def week_record(course, week: int, rng: random.Random):
    from deepgrade.pipeline.week import graded_students
    from deepgrade.record import (AmbiguousUpload, Attempt, GradedUpload, ProblemColumn, StudentWeek,
                                  WeekRecord)
    from deepgrade.results import SubmissionResult

    max_points = sum(p[2] for p in PROBLEMS[week])
    deadline = course.deadline(week)
    students = []
    for student in graded_students(course, week):
        skill = 0.55 + 0.4 * (int(student.id[-2:]) % 7) / 6
        submitted = deadline - dt.timedelta(hours=rng.randint(1, 40))
        if student.id in MISSING.get(week, ()):
            students.append(StudentWeek(student.id, student.name, student.group, "missing"))
            continue
        if student.id in REFUSED.get(week, {}):
            reason = REFUSED[week][student.id]
            upload = GradedUpload(submitted, (f"{student.id}.zip",), problem=reason)
            students.append(StudentWeek(student.id, student.name, student.group, "error", submitted_at=submitted,
                                        attempts=(Attempt(upload),), counted=0, notes=(reason,), error=reason))
            continue
        result = SubmissionResult(f"week{week:02d}", _problems(rng, week, skill))
        raw = result.points
        late = LATE.get(week, {}).get(student.id, 0)
        penalty = round(raw * 0.1 * ((late + 1439) // 1440), 6) if late > 10 else 0.0
        if late:
            submitted = deadline + dt.timedelta(minutes=late)
        upload = GradedUpload(submitted, (f"{student.id}/week{week:02d}.ipynb",))
        students.append(StudentWeek(student.id, student.name, student.group, "late" if late > 10 else "graded",
                                    submitted_at=submitted, late_minutes=late, raw_points=raw, penalty=penalty,
                                    points=round(raw - penalty, 6), attempts=(Attempt(upload, result),), counted=0))
    return WeekRecord(
        week=week, assignment=f"week{week:02d}", max_points=float(max_points),
        graded_at=deadline + dt.timedelta(hours=9, minutes=31), students=tuple(students),
        title=f"{week}주차: {course.config.session(week).topic}", deadline=deadline,
        problems=tuple(ProblemColumn(i, t, float(m)) for i, t, m in PROBLEMS[week]),
        unmatched=("무제 문서 (2).pdf",) if week == 4 else (),
        ambiguous=(AmbiguousUpload("김민수_과제.ipynb", ("202210013", "202210014")),) if week == 4 else (),
        collect_problems=("inbox/4주차 과제 (1): not read, 4주차 과제/ is week 4's folder (move its files there)",)
        if week == 4 else ())


def build_export(out: Path) -> None:
    from deepgrade.config import load_course
    from deepgrade.exporters import write_overview, write_week

    course = load_course(REPO / "course.yml", export=out, state=out.parent / "state")
    now = NOW.replace(tzinfo=course.timezone)
    rng = random.Random(20220407)
    weeks = [week_record(course, week, rng) for week in range(1, WEEKS + 1)]
    for data in weeks:
        write_week(data, course, out, now=now)
    write_overview(weeks, course, out, now=now)


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("Chromium not found: apt-get install chromium fonts-noto-cjk (it is not a deepgrade dependency)")


def shoot(browser: str, page: Path, target: Path, width: int, height: int) -> None:
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--force-device-scale-factor=1", f"--window-size={width},{height}",
                    f"--screenshot={target}", page.as_uri()],
                   check=True, capture_output=True, timeout=120)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="also keep the generated export folder here")
    args = parser.parse_args(argv)
    browser = chromium()
    with tempfile.TemporaryDirectory() as temp:
        out = Path(temp) / "export"
        build_export(out)
        for name, (relative, phone_height, desktop_height) in PAGES.items():
            shoot(browser, out / relative, HERE / f"{name}-390.png", 390, phone_height)
            shoot(browser, out / relative, HERE / f"{name}-1280.png", 1280, desktop_height)
            print(f"docs/screenshots/{name}-390.png, {name}-1280.png  <- {relative}")
        if args.keep:
            shutil.copytree(out, args.keep, dirs_exist_ok=True)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main())
