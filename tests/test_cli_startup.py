"""`voc capture` from a script has a speed bar: it builds only its own command group."""

import subprocess
import sys

import pytest

from voc.cli import command_word

LOADED = (
    "import sys\n"
    "from voc.cli import main\n"
    "try:\n"
    "    main()\n"
    "except SystemExit:\n"
    "    pass\n"
    "print(sorted(m for m in sys.modules if m.startswith('voc.commands.')), file=sys.stderr)"
)


def loaded_commands(*args: str) -> tuple[subprocess.CompletedProcess, str]:
    result = subprocess.run(
        [sys.executable, "-c", LOADED, *args], capture_output=True, text=True, check=True
    )
    return result, result.stderr.splitlines()[-1]


def test_capture_loads_no_other_command_group(db_file):
    result, loaded = loaded_commands("capture", "The invoice was wrong", "-s", "support")
    assert result.stdout == "1\n"
    assert "voc.commands.capture" in loaded
    for other in ("digest", "notes", "importing", "themes", "export", "forget"):
        assert f"voc.commands.{other}" not in loaded


def test_every_other_command_sees_the_whole_tree(db_file):
    _, loaded = loaded_commands("list", "--format", "json")
    assert "voc.commands.digest" in loaded and "voc.commands.capture" in loaded


@pytest.mark.parametrize(
    ("args", "word"),
    [
        (["capture", "text"], "capture"),
        (["--db", "x.db", "capture"], "capture"),
        (["--db=x.db", "--themes", "t.toml", "capture", "-s", "support"], "capture"),
        (["list", "--db", "x.db"], "list"),
        (["--version"], None),
        ([], None),
    ],
)
def test_the_command_word_skips_the_global_options(args, word):
    assert command_word(args) == word
