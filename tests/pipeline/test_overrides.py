from pathlib import Path

import pytest

from deepgrade.config.yamlsource import load_yaml
from deepgrade.errors import ConfigError
from deepgrade.overrides import parse_overrides

PROBLEMS = {1: {"fourcal": 30.0, "tensor": 70.0}}
STUDENTS = {"20230001", "20230002"}


def parse(tmp_path: Path, text: str):
    path = tmp_path / "overrides.yml"
    path.write_text(text, encoding="utf-8")
    return parse_overrides(load_yaml(path), student_ids=STUDENTS, problems_by_week=PROBLEMS)


def test_total_and_problem_overrides(tmp_path):
    found = parse(tmp_path, """\
- student: 20230001
  week: 1
  points: 90
  reason: 채점 기준 정정
- student: "20230002"
  week: 1
  points: {fourcal: 25}
  reason: 부분 점수
""")
    assert found[("20230001", 1)].points == 90.0
    assert found[("20230001", 1)].source == "overrides.yml:1"
    assert found[("20230002", 1)].problems == {"fourcal": 25.0}
    assert found[("20230002", 1)].points is None


def test_every_mistake_is_reported_with_its_line(tmp_path):
    with pytest.raises(ConfigError) as caught:
        parse(tmp_path, """\
- student: 20239999
  week: 1
  points: 10
  reason: x
- student: 20230001
  week: 7
  points: 10
  reason: x
- student: 20230001
  week: 1
  points: {fourcal: 31, nope: 1}
  reason: x
- student: 20230002
  week: 1
  points: 101
  reason: x
- student: 20230002
  week: 1
  points: 5
- student: 20230002
  week: 1
  points: 5
  reason: ok
  pionts: 3
""")
    shown = [str(p) for p in caught.value.problems]
    path = str(tmp_path / "overrides.yml")
    assert f"{path}:1: student: '20239999' is not in the roster (expected a student id)" in shown
    assert any(s.startswith(f"{path}:6: week: week 7 has no assignment") for s in shown)
    assert any(s.startswith(f"{path}:11: points: 31 for fourcal is not a number from 0 to 30") for s in shown)
    assert any(s.startswith(f"{path}:11: points: problem 'nope' is not in week 1") for s in shown)
    assert any(s.startswith(f"{path}:15: points: 101 is not a number from 0 to 100") for s in shown)
    assert any(s.startswith(f"{path}:17: reason: missing") for s in shown)
    assert any(s.startswith(f"{path}:24: pionts: unknown key") for s in shown)


def test_duplicate_override_names_the_first(tmp_path):
    with pytest.raises(ConfigError) as caught:
        parse(tmp_path, "- {student: 20230001, week: 1, points: 1, reason: a}\n"
                        "- {student: 20230001, week: 1, points: 2, reason: b}\n")
    assert "the first is on line 1" in str(caught.value)


def test_not_a_list(tmp_path):
    with pytest.raises(ConfigError) as caught:
        parse(tmp_path, "student: 20230001\n")
    assert "expected a list of overrides" in str(caught.value)
