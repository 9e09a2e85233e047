"""Readers of what teams already have: e-mail exports, tables and plain text.

A reader knows nothing of SQLite: it yields `Item`s (one raw record each, cheap to make
and to send to another process), `Reject`s, or `NotRead` for the files of a folder it
passes by. `to_fields` then turns one item into note fields, or a reject reason; that is
the costly part, so the importer runs it in worker processes. Each reader module declares
its `Reader`s (name, family, suffixes, how `--from auto` knows its input);
`voc.sources.registry.READERS` lists them all, and
`--from`, its help, `auto` and the default source are derived from that list.
"""

import io
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple


@dataclass(slots=True)
class Item:
    kind: str  # the reader family: "mail", "row" or "text"
    position: str  # where it came from, for the rejects file: "x.mbox message 3 (byte 812)"
    payload: Any  # raw message bytes, a row dict or a text
    done: int = 0  # bytes of the input read so far (the progress bar)
    mtime: float | None = None  # the file's time, the last fallback for a date


@dataclass(slots=True)
class Reject:
    position: str
    reason: str
    done: int = 0


@dataclass(slots=True)
class NotRead:
    """A file a folder's reader passed by (a Maildir's .gitkeep, a PDF among .eml files):
    not a record, so not a reject, but counted and named so that nothing goes unseen."""

    position: str
    reason: str
    done: int = 0


@dataclass
class ReadOptions:
    mapping: dict[str, str] = field(default_factory=dict)  # --map column=field
    split_on_blank_lines: bool = False
    # Filled in by the table readers: columns neither a note's field nor --map'ped, in
    # the order first met, for the command to name once.
    ignored: list[str] = field(default_factory=list)


ReadFn = Callable[[Path | None, ReadOptions], Iterator[Item | Reject | NotRead]]
Sniff = Callable[[bytes, tuple[str, ...]], bool]


class Reader(NamedTuple):
    """One `--from` kind: how to read it, what its items are, how `--from auto` knows it.

    Every voc start loads the registry (`--from`'s help is built from it): a NamedTuple
    is as immutable as a frozen dataclass and far cheaper to define."""

    name: str  # the `--from` name
    read: ReadFn
    family: str  # its items' `kind`, which says how `to_fields` reads them
    default_source: str = "other"  # for records that name none, without --source
    suffixes: tuple[str, ...] = ()  # file names it claims (first: the one to name)
    starts: bytes = b""  # first bytes that settle it, whatever else claims the input
    # A weaker sign in the first bytes (BOM and blank space stripped) and the columns
    # --map names; tried in the registry's order once no reader's `starts` matched.
    sniff: Sniff | None = None
    subfolders: tuple[str, ...] = ()  # a folder holding one of these is its
    reads_folders: bool = False  # a folder of files with its suffixes is its


_stdin: io.BufferedReader | None = None


def stdin() -> io.BufferedReader:
    """Standard input as bytes that can be peeked at (`--from auto` looks first)."""
    global _stdin
    if _stdin is None or _stdin.raw is not sys.stdin.buffer:
        _stdin = io.BufferedReader(sys.stdin.buffer, 1 << 16)  # type: ignore[arg-type]
    return _stdin


def visible_files(folder: Path) -> list[Path]:
    """The files of a folder and its subfolders, sorted, but none in a hidden folder
    (a .git or a mail client's cache holds no feedback, and thousands of files)."""
    return sorted(
        f
        for f in folder.rglob("*")
        if f.is_file() and not any(p.startswith(".") for p in f.relative_to(folder).parts[:-1])
    )


def reader_for(kind: str) -> ReadFn:
    """The read function of a `--from` name."""
    from voc.sources.registry import reader_named

    return reader_named(kind).read


def to_fields(item: Item) -> dict[str, Any] | Reject:
    """Note fields of one item (see the families' own `*_fields`), or why not."""
    if item.kind == "mail":
        from voc.sources.mailfields import message_fields

        return message_fields(item)
    if item.kind == "row":
        from voc.sources.tables import row_fields

        return row_fields(item)
    return {"text": item.payload}
