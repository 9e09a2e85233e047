"""Asking a person for text: their $EDITOR, or a multi-line prompt when none is set."""

import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from voc.errors import VocError

_COMMENT = "# "


def edit_text(initial: str = "", hint: str = "") -> str:
    """Open $VISUAL or $EDITOR on `initial`; lines starting with '# ' are dropped."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        return prompt_lines(hint)
    header = "".join(f"{_COMMENT}{line}\n" for line in hint.splitlines())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "note.md"
        path.write_text(header + initial, encoding="utf-8")
        try:
            subprocess.run([*shlex.split(editor), str(path)], check=True)
        except (OSError, subprocess.CalledProcessError) as e:
            raise VocError(f"the editor {editor!r} failed: {e}") from None
        text = path.read_text(encoding="utf-8")
    return "".join(line for line in text.splitlines(True) if not line.startswith(_COMMENT))


def prompt_lines(hint: str = "") -> str:
    """Read lines from the terminal until an empty line after some text, or Ctrl-D."""
    if hint:
        print(hint, file=sys.stderr)
    print("(finish with an empty line, or Ctrl-D)", file=sys.stderr)
    lines: list[str] = []
    while True:
        try:
            line = input("> " if not lines else "  ")
        except EOFError:
            break
        if not line.strip() and lines:
            break
        lines.append(line)
    return "\n".join(lines)
