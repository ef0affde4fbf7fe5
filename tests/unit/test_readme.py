"""The README promises what exists: the two set-up commands and every command-line command."""

from __future__ import annotations

import argparse

from data_access.cli import build_parser
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()


def _commands(parser: argparse.ArgumentParser, prefix: str = "") -> list[str]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                nested = _commands(sub, f"{prefix}{name} ")
                found += nested or [f"{prefix}{name}"]
    return found


def test_readme_shows_the_two_set_up_commands():
    assert "make run" in README and "make test" in README
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_every_cli_command_is_in_the_readme():
    commands = _commands(build_parser())
    assert "metrics leadership" in commands and "import ofsted" in commands
    missing = [c for c in commands if f"`{c}" not in README]
    assert not missing, f"commands missing from README.md: {missing}"
