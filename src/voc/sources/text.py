"""Plain text: one note per file (a file, a folder of .txt/.md files, or stdin), or one
note per paragraph with `--split-on-blank-lines`."""

import re
from collections.abc import Iterator
from pathlib import Path

from voc.sources import Item, NotRead, Reader, ReadOptions, Reject, stdin, visible_files

TEXT_SUFFIXES = (".txt", ".text", ".md")
_PARAGRAPHS = re.compile(r"\n[ \t]*\n+")


def read_text(path: Path | None, options: ReadOptions) -> Iterator[Item | Reject | NotRead]:
    if path is None:
        data = stdin().read()
        yield from _notes_of(data, "stdin", None, len(data), options)
        return
    files = visible_files(path) if path.is_dir() else [path]
    done = 0
    for f in files:
        position = str(f.relative_to(path)) if f != path else f.name
        if f != path and f.suffix.lower() not in TEXT_SUFFIXES:
            yield NotRead(position, f"not a text file ({', '.join(TEXT_SUFFIXES)})", done)
            continue
        try:
            data = f.read_bytes()
            mtime = f.stat().st_mtime
        except OSError as e:
            yield Reject(position, f"cannot read: {e.strerror}", done)
            continue
        done += len(data)
        yield from _notes_of(data, position, mtime, done, options)


def _notes_of(
    data: bytes, position: str, mtime: float | None, done: int, options: ReadOptions
) -> Iterator[Item | Reject]:
    # Imported here: the registry loads this module on every voc start.
    from voc.sources.mailtext import decode_bytes

    # UTF-8 when it is, else Windows-1252 (a superset of ISO-8859-1): never a crash.
    text = decode_bytes(data, None).replace("\r\n", "\n").replace("\r", "\n")
    if not options.split_on_blank_lines:
        yield Item("text", position, text, done, mtime)
        return
    for number, paragraph in enumerate(_PARAGRAPHS.split(text), start=1):
        if paragraph.strip():
            yield Item("text", f"{position} paragraph {number}", paragraph, done, mtime)


TXT = Reader("txt", read_text, "text", suffixes=TEXT_SUFFIXES, reads_folders=True)
READERS = (TXT,)
