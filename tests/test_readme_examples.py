"""The README's examples of the files a TA writes are accepted as written."""
from __future__ import annotations

import re
from pathlib import Path

from deepgrade.config import load_course
from deepgrade.config.course import Publish
from deepgrade.config.yamlsource import load_yaml
from deepgrade.overrides import parse_overrides

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_overrides_example_parses_against_the_demo_course(tmp_path):
    block = README[README.index("- `overrides.yml`"):]
    example = re.search(r"```yaml\n(.*?)```", block, re.S).group(1)
    course = load_course(REPO / "course.yml")
    path = tmp_path / "overrides.yml"
    path.write_text("\n".join(line.strip() for line in example.splitlines()) + "\n", encoding="utf-8")
    found = parse_overrides(load_yaml(path), student_ids={s.id for s in course.roster},
                            problems_by_week={w: {p.id: float(p.points) for p in a.config.problems}
                                              for w, a in course.assignments.items()})
    assert found[("202210002", 1)].points == 90 and found[("202210003", 1)].problems == {"fourcal": 25.0}


def test_publish_examples_are_valid_remotes():
    for remote in re.findall(r'publish: \{remote: "([^"]+)"\}', README):
        if "FOLDER" not in remote:
            assert Publish(remote=remote).remote_name == "gdrive"
