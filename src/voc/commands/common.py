"""What every command shares: the open database, the stderr console, output formats."""

import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from voc.errors import InvalidInput
from voc.paths import db_path

if TYPE_CHECKING:
    from rich.console import Console

    from voc.notes.store import Store


@dataclass
class State:
    db_path: str | None = None
    themes_path: str | None = None
    model: str | None = None


state = State()


class _LazyConsole:
    """A rich Console on stderr, built on first use: `voc capture` never imports rich."""

    def __init__(self, stderr: bool):
        self._stderr = stderr
        self._console: Console | None = None

    def _get(self) -> "Console":
        self.__getattr__("print")
        assert self._console is not None
        return self._console

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=self._stderr)
            # Piped or redirected, a message is one line, never wrapped at 80 columns.
            self._console.soft_wrap = not self._console.is_terminal
        return getattr(self._console, name)


err_console = _LazyConsole(stderr=True)
out_console = _LazyConsole(stderr=False)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Customer text made safe for a terminal: control characters (an escape sequence can
    clear the screen, recolour or retitle it) shown as symbols (ESC as ␛), not obeyed."""
    return _CONTROL.sub(_control_picture, text)


def _control_picture(match: re.Match) -> str:
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else "\ufffd"


def error_line(message: str) -> None:
    """One line on stderr, never wrapped or styled: scripts may parse it."""
    sys.stderr.write(printable(" ".join(message.split())) + "\n")


def open_store() -> "Store":
    from voc.notes.store import Store

    return Store.open(db_path(state.db_path))


def ensure_tagged(store: "Store", *, force: bool = False) -> int:
    """Tag every note that is untagged or stale before a command reads themes; a progress
    bar on stderr once it takes more than a moment. Returns how many notes were tagged."""
    from voc.config import load_config, sentiment_model
    from voc.tagging.run import refresh

    config = load_config()
    model = state.model or config.get("model") or None
    with _DelayedProgress("tagging notes") as progress:
        result = refresh(
            store,
            themes_path=state.themes_path,
            model=model,
            sentiment_model=sentiment_model(config),
            force=force,
            progress=progress,
        )
    return result.tagged


class _DelayedProgress:
    """A rich progress bar on stderr that appears only after DELAY seconds, and only on a
    terminal: scripts and pipes get no progress noise."""

    DELAY = 1.0

    def __init__(self, description: str):
        import time

        self.description = description
        self.started = time.monotonic()
        self.bar = None

    def __call__(self, done: int, total: int) -> None:
        import time

        if self.bar is None:
            if not sys.stderr.isatty() or time.monotonic() - self.started < self.DELAY:
                return
            from rich.progress import Progress

            self.bar = Progress(console=err_console._get(), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.description, total=total)
        self.bar.update(self.task, completed=done, total=total)

    def __enter__(self) -> "_DelayedProgress":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class DataFormat(StrEnum):
    text = "text"
    json = "json"


def stdin_is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def read_stdin_text() -> str:
    """All of stdin as UTF-8 text; bytes that are not UTF-8 are a clear error."""
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InvalidInput(
            f"standard input is not UTF-8 text (byte {e.start}): convert it first, "
            "e.g. with iconv -f latin1 -t utf-8"
        ) from None


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_json_array(records: Iterable[Any]) -> None:
    """What print_json writes for a list, written record by record: memory follows one
    record, not the list."""
    write = sys.stdout.write
    first = True
    for record in records:
        text = json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        write(("[\n  " if first else ",\n  ") + text)
        first = False
    write("[]\n" if first else "\n]\n")


DEFAULT_PAGER = "less -FRX"  # as git: quit if one screen, keep colours, leave it on screen


def page(text: str, *, pager: bool = True) -> None:
    """Text for stdout, through $PAGER (default `less -FRX`) when stdout is a terminal and
    the text is longer than the screen, as git and gh do; never into a pipe or a file."""
    import shutil

    lines = text.count("\n")
    if not pager or not sys.stdout.isatty() or lines < shutil.get_terminal_size().lines:
        sys.stdout.write(text)
        return
    _run_pager(text)


def _run_pager(text: str) -> None:
    import os
    import subprocess

    command = os.environ.get("PAGER") or DEFAULT_PAGER
    sys.stdout.flush()
    try:
        done = subprocess.run(command, shell=True, input=text, encoding="utf-8", check=False)
    except OSError:  # no shell to run it: the text is still worth showing
        sys.stdout.write(text)
        return
    if done.returncode == 127:  # the shell found no such pager
        sys.stdout.write(text)


def print_records(records: list[dict[str, Any]], fmt: ListFormat) -> None:
    """json, jsonl or csv on stdout: stable shapes for scripts (csv and jsonl written
    exactly as `voc export` writes them)."""
    from voc.notes.export import write_records
    from voc.notes.note import RECORD_FIELDS

    if fmt == ListFormat.json:
        print_json(records)
    else:
        write_records(iter(records), sys.stdout, fmt.value, RECORD_FIELDS)
