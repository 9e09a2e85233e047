"""Readers of what teams already have: e-mail exports, tables and plain text.

A reader knows nothing of SQLite: it yields `Item`s (one raw record each, cheap to make
and to send to another process) or `Reject`s. `to_fields` then turns one item into note
fields, or a reject reason; that is the costly part, so the importer runs it in worker
processes. `KINDS` is the registry of readers by `--from` name.
"""

import io
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


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


@dataclass
class ReadOptions:
    mapping: dict[str, str] = field(default_factory=dict)  # --map column=field
    split_on_blank_lines: bool = False


Reader = Callable[[Path | None, ReadOptions], Iterator[Item | Reject]]

_stdin: io.BufferedReader | None = None


def stdin() -> io.BufferedReader:
    """Standard input as bytes that can be peeked at (`--from auto` looks first)."""
    global _stdin
    if _stdin is None or _stdin.raw is not sys.stdin.buffer:
        _stdin = io.BufferedReader(sys.stdin.buffer, 1 << 16)  # type: ignore[arg-type]
    return _stdin


KIND_NAMES = ("mbox", "maildir", "eml", "csv", "tsv", "jsonl", "json", "txt")


def reader_for(kind: str) -> Reader:
    from voc.sources import mail, tables, text

    readers: dict[str, Reader] = {
        "mbox": mail.read_mbox,
        "maildir": mail.read_maildir,
        "eml": mail.read_eml,
        "csv": tables.read_csv,
        "tsv": tables.read_tsv,
        "jsonl": tables.read_jsonl,
        "json": tables.read_json,
        "txt": text.read_text,
    }
    return readers[kind]


def to_fields(item: Item) -> dict[str, Any] | Reject:
    """Note fields of one item (see the families' own `*_fields`), or why not."""
    if item.kind == "mail":
        from voc.sources.mailfields import message_fields

        return message_fields(item)
    if item.kind == "row":
        from voc.sources.tables import row_fields

        return row_fields(item)
    return {"text": item.payload}
