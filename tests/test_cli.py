"""The command contract: every command has --help, the README documents exactly these
commands and make targets, and bad command-line input exits 2 without a traceback."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from deepgrade.cli import build_parser, main

REPO = Path(__file__).resolve().parents[1]
COMMANDS = ("validate", "stubgen", "release", "check", "grade", "report", "publish")


def _subcommands() -> set[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return set(action.choices)


def test_the_parser_offers_exactly_the_contracted_commands():
    assert _subcommands() == set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert f"deepgrade {command}" in capsys.readouterr().out


def test_readme_documents_every_command_and_make_target():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`deepgrade (\w+)", readme))
    assert documented == set(COMMANDS)
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for target in re.findall(r"`make (\w+)", readme):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), f"make {target} is in the README only"
    assert "make grade" in readme and "make test" in readme


def test_ci_runs_the_readme_test_command():
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_bad_arguments_exit_2_with_a_message_not_a_traceback(tmp_path):
    runs = [
        ["grade", "--week", "x"],
        ["grade", "--jobs", "0"],
        ["check", "1", str(tmp_path / "nowhere")],
        ["validate", "--course", str(tmp_path / "missing.yml")],
        ["grade", "--inbox", str(tmp_path / "no-inbox")],          # a mistyped Drive path
        ["grade", "--export", "/proc/deepgrade-cannot-write-here"],
        ["report", "--export", "/proc/deepgrade-cannot-write-here"],
    ]
    for argv in runs:
        done = subprocess.run([sys.executable, "-m", "deepgrade", *argv], cwd=REPO,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 2, (argv, done.stderr)
        assert "Traceback" not in done.stderr and done.stderr.strip(), (argv, done.stderr)
