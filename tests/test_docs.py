"""The command reference is generated from the code, and every command shows an example."""

import re
import subprocess
import sys

from conftest import ROOT


def test_the_command_reference_is_current():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_command_docs.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_every_command_help_has_an_example():
    reference = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    sections = re.split(r"\n#{2,3} `voc ", reference)[1:]
    commands = [s for s in sections if "COMMAND [ARGS]" not in s]  # groups list commands
    assert len(commands) >= 24
    assert [s.split("`")[0] for s in commands if "Example" not in s] == []
