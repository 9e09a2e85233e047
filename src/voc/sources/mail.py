"""E-mail readers: mbox files, Maildir folders, .eml files or folders, and stdin.

They only find where each message starts and ends, and yield its raw bytes: parsing is
`mailfields.message_fields`' job, done in worker processes. The mbox splitter reads
1 MiB at a time, so memory stays flat whatever the file's size.
"""

import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import BinaryIO

from voc.sources import Item, NotRead, Reader, ReadOptions, Reject, stdin, visible_files

CHUNK = 1 << 20
# A From_ line: "From sender date" or Thunderbird's bare "From -"; "From Russia with
# love" in a body has no date, and its next line is rarely a header.
_FROM_LINE = re.compile(rb"From \S+(?:[ \t]*\r?$|[ \t]+[^\r\n]*\d)", re.MULTILINE)
_HEADER_LINE = re.compile(rb"[!-9;-~]+[ \t]*:")
_ESCAPED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)
# What `--from auto` takes for a message: a header line first, an address soon after.
_FIRST_HEADER = re.compile(rb"^[!-9;-~]+:[ \t]", re.MULTILINE)
MESSAGE_SUFFIXES = (".eml", ".msg", ".email")
EML_SUFFIXES = (*MESSAGE_SUFFIXES, "")  # in a folder, a file without suffix is a message too


def read_mbox(path: Path | None, options: ReadOptions) -> Iterator[Item | Reject]:
    name = path.name if path else "stdin"
    with _open_binary(path) as stream:
        yield from _mbox_items(stream, name, _mtime(path))


def _mbox_items(stream: BinaryIO, name: str, mtime: float | None) -> Iterator[Item | Reject]:
    for number, (offset, end, data) in enumerate(split_mbox(stream), start=1):
        position = f"{name} message {number} (byte {offset})"
        if number == 1 and not data.startswith(b"From "):
            if data.strip():
                yield Reject(position, "not an mbox: no 'From ' line before this text", end)
            continue
        body = data.split(b"\n", 1)[1] if b"\n" in data else b""
        yield Item("mail", position, _ESCAPED_FROM.sub(rb"\1", body), end, mtime)


def split_mbox(stream: BinaryIO) -> Iterator[tuple[int, int, bytes]]:
    """(start offset, end offset, bytes) of each message, From_ line included. The
    buffer is only cut when more is read, so each byte is copied a bounded number of
    times (slicing the rest off after every message would copy a megabyte each time)."""
    buf = stream.read(CHUNK)
    if buf.startswith(b"\xef\xbb\xbf"):
        buf = buf[3:]
    base = 0  # the input offset of buf[0]
    start = 0  # where the current message starts in buf
    scan = 0
    while True:
        cut, scan = _next_separator(buf, max(scan, start))
        if cut is None:
            more = stream.read(CHUNK)
            if not more:
                if len(buf) > start:
                    yield base + start, base + len(buf), buf[start:]
                return
            buf, base, scan = buf[start:] + more, base + start, max(0, scan - start)
            start = 0
            continue
        yield base + start, base + cut, buf[start:cut]
        start, scan = cut, cut + 1


def _next_separator(buf: bytes, scan: int) -> tuple[int | None, int]:
    """(the offset just after the newline that ends a message, or None; where to look
    again once more bytes are in). A From_ line counts only with a header line after it."""
    while True:
        at = buf.find(b"\nFrom ", scan)
        if at < 0:
            return None, max(0, len(buf) - 6)  # "\nFrom" may be cut at the end
        line_end = buf.find(b"\n", at + 1)
        next_end = buf.find(b"\n", line_end + 1) if line_end >= 0 else -1
        if next_end < 0:
            return None, at  # wait for more bytes before deciding
        if _FROM_LINE.match(buf, at + 1, line_end) and _HEADER_LINE.match(
            buf, line_end + 1, next_end
        ):
            return at + 1, at + 1
        scan = at + 1


def read_maildir(path: Path | None, options: ReadOptions) -> Iterator[Item | Reject | NotRead]:
    if path is None:
        raise _not_for_stdin("maildir")
    from voc.sources.mailparse import file_looks_like_mail

    # A Maildir also holds files that are not mail (.gitkeep, a client's index): not
    # rejects, but counted.
    found = [f for sub in ("cur", "new") for f in sorted((path / sub).glob("*")) if f.is_file()]
    yield from _file_items(found, path, file_looks_like_mail)


def read_eml(path: Path | None, options: ReadOptions) -> Iterator[Item | Reject | NotRead]:
    """One .eml file, a folder of them, or stdin: one message, or several each opening
    with a From_ line (an mbox stream)."""
    if path is None:
        yield from _stdin_messages()
    elif path.is_dir():
        yield from _file_items(visible_files(path), path, _looks_like_eml)
    else:
        yield from _file_items([path], path.parent)


def _looks_like_eml(path: Path) -> bool:
    """A mail file by its name, or a .txt file that opens with mail headers (many
    archives save messages as .txt)."""
    from voc.sources.mailparse import file_looks_like_mail

    if path.name.startswith("."):
        return False
    if path.suffix.lower() in EML_SUFFIXES:
        return True
    return path.suffix.lower() == ".txt" and file_looks_like_mail(path)


def _stdin_messages() -> Iterator[Item | Reject]:
    stream = stdin()
    head = stream.peek(5)[:5]
    if head.startswith(b"From "):
        yield from _mbox_items(stream, "stdin", None)
        return
    data = stream.read()
    yield Item("mail", "stdin message 1", data, len(data), None)


def _file_items(
    files: list[Path], root: Path, is_mail: Callable[[Path], bool] | None = None
) -> Iterator[Item | Reject | NotRead]:
    done = 0
    for f in files:
        position = str(f.relative_to(root)) if f.is_relative_to(root) else str(f)
        if is_mail is not None and not is_mail(f):
            yield NotRead(position, "not mail", done)
            continue
        try:
            data = f.read_bytes()
            mtime = f.stat().st_mtime
        except OSError as e:
            yield Reject(position, f"cannot read: {e.strerror}", done)
            continue
        done += len(data)
        yield Item("mail", position, data, done, mtime)


def _open_binary(path: Path | None) -> AbstractContextManager[BinaryIO]:
    return path.open("rb") if path else nullcontext(stdin())


def _mtime(path: Path | None) -> float | None:
    return path.stat().st_mtime if path else None


def _not_for_stdin(kind: str):
    from voc.errors import InvalidInput

    return InvalidInput(f"--from {kind} reads a folder, not standard input")


def _looks_like_message(head: bytes, columns: tuple[str, ...]) -> bool:
    return bool(_FIRST_HEADER.match(head)) and b"@" in head[:2000]


MBOX = Reader("mbox", read_mbox, "mail", "email", suffixes=(".mbox", ".mbx"), starts=b"From ")
MAILDIR = Reader("maildir", read_maildir, "mail", "email", subfolders=("cur", "new"))
EML = Reader(
    "eml",
    read_eml,
    "mail",
    "email",
    suffixes=MESSAGE_SUFFIXES,
    sniff=_looks_like_message,
    reads_folders=True,
)
READERS = (MBOX, MAILDIR, EML)
