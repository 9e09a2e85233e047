"""Table readers: CSV and TSV (a header row; `--map column=field` for other names),
JSONL and JSON arrays, with the field names of `voc list --format json`, so that
`voc export | voc import -` round-trips.
"""

import codecs
import io
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from voc.csvcells import restore
from voc.errors import VocError
from voc.sources import Item, Reader, ReadOptions, Reject, stdin

CHUNK = 1 << 20
# What a row may set; anything else in it is ignored. `id` is the other database's.
ROW_FIELDS = (
    "uid text title source customer account author occurred_at captured_at tags quotable "
    "origin attachments session_id question_key"
).split()
_LIST_FIELDS = ("tags", "attachments")


class _Counted(io.RawIOBase):
    """A binary stream that counts the bytes read through it (the progress bar)."""

    def __init__(self, raw: BinaryIO):
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


def _open_text(path: Path | None) -> tuple[io.TextIOWrapper, _Counted]:
    raw = path.open("rb") if path else stdin()
    counted = _Counted(raw)
    # utf-8-sig drops a BOM; a byte that is not UTF-8 becomes U+FFFD, never a crash.
    text = io.TextIOWrapper(
        io.BufferedReader(counted), encoding="utf-8-sig", errors="replace", newline=""
    )
    return text, counted


def read_csv(path: Path | None, options: ReadOptions) -> Iterator[Item | Reject]:
    yield from _delimited(path, options, ",")


def read_tsv(path: Path | None, options: ReadOptions) -> Iterator[Item | Reject]:
    yield from _delimited(path, options, "\t")


def _delimited(path: Path | None, options: ReadOptions, delimiter: str) -> Iterator[Item | Reject]:
    import csv  # here: the registry loads this module on every voc start

    name = path.name if path else "stdin"
    stream, counted = _open_text(path)
    reader = csv.reader(stream, delimiter=delimiter)
    try:
        header = next(reader, None)
        if not header:
            return
        columns = [options.mapping.get(h.strip(), h.strip()) for h in header]
        _note_ignored(options, [h.strip() for h in header], columns)
        if "text" not in columns:  # every row would be rejected: say why once, up front
            raise VocError(
                f"{name} has no text column (columns: {', '.join(h.strip() for h in header)}): "
                "name it with --map 'COLUMN=text'"
            )
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                yield Reject(
                    f"{name} line {reader.line_num}", f"unreadable CSV: {e}", counted.count
                )
                continue
            position = f"{name} line {reader.line_num}"
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(columns):
                reason = f"{len(cells)} fields where the header has {len(columns)}"
                yield Reject(position, reason, counted.count)
                continue
            if "uid" in columns:  # voc's own CSV: undo the quote its export put before formulas
                cells = [restore(c) for c in cells]
            yield Item("row", position, dict(zip(columns, cells, strict=True)), counted.count)
    finally:
        if path:
            stream.close()


def read_jsonl(path: Path | None, options: ReadOptions) -> Iterator[Item | Reject]:
    name = path.name if path else "stdin"
    stream, counted = _open_text(path)
    try:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            yield _json_item(line, f"{name} line {number}", options, counted.count)
    finally:
        if path:
            stream.close()


def _json_item(line: str, position: str, options: ReadOptions, done: int) -> Item | Reject:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as e:
        return Reject(position, f"invalid JSON: {e.msg} (column {e.colno})", done)
    except RecursionError:
        return Reject(position, _TOO_DEEP, done)
    except ValueError as e:  # a number of more digits than Python converts
        return Reject(position, f"invalid JSON: {e}", done)
    return _object_item(value, position, options, done)


_TOO_DEEP = "JSON nested too deeply to read (lists or objects within each other)"


def _object_item(value: Any, position: str, options: ReadOptions, done: int) -> Item | Reject:
    if not isinstance(value, dict):
        return Reject(position, f"a JSON {type(value).__name__}, not an object", done)
    renamed = {options.mapping.get(k, k): v for k, v in value.items()}
    if not _known_fields().issuperset(renamed):
        _note_ignored(options, list(value), list(renamed))
    # Only the fields a note can have go on: the rest would only be copied to a worker.
    return Item("row", position, {k: v for k, v in renamed.items() if k in ROW_FIELDS}, done)


def _note_ignored(options: ReadOptions, names: list[str], fields: list[str]) -> None:
    """Add the names whose field (after --map) a note does not have to `options.ignored`."""
    known = _known_fields()
    for name, field in zip(names, fields, strict=True):
        if field not in known and name not in options.ignored:
            options.ignored.append(name)


@cache
def _known_fields() -> frozenset[str]:
    """What a row may set, and what voc's own export adds that a row cannot set (its
    id, sentiment, themes...): voc's file read back names nothing as ignored."""
    from voc.notes.note import RECORD_FIELDS

    return frozenset((*ROW_FIELDS, *RECORD_FIELDS, "themes", "signals"))


def read_json(path: Path | None, options: ReadOptions) -> Iterator[Item | Reject]:
    """A JSON array, decoded one element at a time: a large export streams too."""
    name = path.name if path else "stdin"
    raw = path.open("rb") if path else stdin()
    decoder = json.JSONDecoder()
    reader = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
    buf, done, number, started = "", 0, 0, False
    try:
        while True:
            data = raw.read(CHUNK)
            done += len(data)
            buf += reader.decode(data, final=not data)
            buf, items, started, number, error = _decode_elements(
                decoder, buf, started, number, name, options, done, final=not data
            )
            yield from items
            if error or not data:
                if error:
                    yield error
                return
    finally:
        if path:
            raw.close()


def _decode_elements(decoder, buf, started, number, name, options, done, final):
    """Decode the complete array elements at the front of buf; keep the rest."""
    items: list[Item | Reject] = []
    pos = 0
    while True:
        pos = _skip(buf, pos, ",]" if started else "")
        if not started:
            if pos >= len(buf):
                break
            if buf[pos] != "[":
                raise _not_json(
                    name, "it does not open with [ (one object per line is --from jsonl)"
                )
            started, pos = True, pos + 1
            continue
        if pos >= len(buf):
            break
        try:
            value, end = decoder.raw_decode(buf, pos)
        except json.JSONDecodeError as e:
            if not final and len(buf) - pos < 64 * CHUNK:
                break  # perhaps only cut off: wait for more
            if number == 0:  # not one element could be read: the file is the problem
                raise _not_json(name, f"{e.msg} (line {e.lineno} column {e.colno})") from None
            reason = f"invalid JSON after element {number}: {e.msg}; the rest is not read"
            return "", items, started, number, Reject(f"{name} element {number + 1}", reason, done)
        except RecursionError:
            end = _container_end(buf, pos)
            if end is None:
                if final:
                    raise _not_json(name, f"element {number + 1} never ends") from None
                break  # read on to the element's end, then pass it by
            number += 1
            items.append(Reject(f"{name} element {number}", _TOO_DEEP, done))
            pos = end
            continue
        number += 1
        items.append(_object_item(value, f"{name} element {number}", options, done))
        pos = end
    return buf[pos:], items, started, number, None


def _not_json(name: str, why: str) -> VocError:
    return VocError(f"{name} is not a JSON array of records: {why}; nothing was imported")


_JSON_TOKEN = re.compile(r'[\[\]{}"]')
_STRING_END = re.compile(r'(?:[^"\\]|\\.)*"', re.S)


def _container_end(buf: str, pos: int) -> int | None:
    """Where the array or object opening at `pos` ends, found by counting brackets
    (outside strings) rather than by decoding: for an element nested too deep to decode,
    so that the elements after it can still be read. None if `buf` ends first."""
    depth = 0
    while True:
        token = _JSON_TOKEN.search(buf, pos)
        if token is None:
            return None
        pos = token.end()
        if token.group() == '"':
            string = _STRING_END.match(buf, pos)
            if string is None:
                return None
            pos = string.end()
            continue
        depth += 1 if token.group() in "[{" else -1
        if depth == 0:
            return pos


def _skip(buf: str, pos: int, also: str) -> int:
    while pos < len(buf) and (buf[pos].isspace() or buf[pos] in also):
        pos += 1
    return pos


def row_fields(item: Item) -> dict[str, Any] | Reject:
    """A table row's note fields: lists decoded from JSON text (as CSV exports write
    them), quotable read as a yes/no; unknown columns ignored."""
    row = item.payload
    fields: dict[str, Any] = {}
    for name in ROW_FIELDS:
        value = row.get(name)
        if value is None or value == "":
            continue
        if name in _LIST_FIELDS:
            value = _as_list(value)
            if value is None:
                return Reject(item.position, f"{name} is not a list of names")
        elif name == "quotable":
            value = _as_bool(value)
        elif not isinstance(value, str):
            problem = _not_text(name, value)
            if problem:
                return Reject(item.position, problem)
            value = str(value)
        fields[name] = value
    return fields


def _not_text(name: str, value: Any) -> str | None:
    """Why a JSON value cannot stand for a text field, if it cannot: a number is fine
    as a ticket number or a customer id, not as the note's text."""
    kind = _JSON_KINDS.get(type(value), type(value).__name__)
    if isinstance(value, dict | list | bool) or name == "text":
        return f"{name} is {kind}, not text"
    return None


_JSON_KINDS = {dict: "an object", list: "a list", bool: "true or false", int: "a number",
               float: "a number"}  # fmt: skip


def _as_list(value: Any) -> list[str] | None:
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except (ValueError, RecursionError):  # not JSON, or nested past reading
                return None
        else:
            value = [v for v in (p.strip() for p in text.split(",")) if v]
    if not isinstance(value, list) or any(isinstance(v, dict | list) for v in value):
        return None
    return [str(v) for v in value]


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in ("0", "false", "no", "n", "")
    return bool(value)


def _names_columns(first: bytes, columns: tuple[str, ...]) -> bool:
    """A header row: it names a text column, or a column `--map` names."""
    return b"text" in first.lower() or any(c.encode() in first for c in columns)


def _looks_like_csv(head: bytes, columns: tuple[str, ...]) -> bool:
    first = head.split(b"\n", 1)[0]
    # A tab in the header row makes it a TSV's, whatever commas its names hold.
    return (
        b"\t" not in first
        and b"," in first
        and len(first) < 1000
        and _names_columns(first, columns)
    )


def _looks_like_tsv(head: bytes, columns: tuple[str, ...]) -> bool:
    first = head.split(b"\n", 1)[0]
    return b"\t" in first and _names_columns(first, columns)


CSV = Reader("csv", read_csv, "row", suffixes=(".csv",), sniff=_looks_like_csv)
TSV = Reader("tsv", read_tsv, "row", suffixes=(".tsv", ".tab"), sniff=_looks_like_tsv)
JSONL = Reader("jsonl", read_jsonl, "row", suffixes=(".jsonl", ".ndjson"), starts=b"{")
JSON = Reader("json", read_json, "row", suffixes=(".json",), starts=b"[")
READERS = (CSV, TSV, JSONL, JSON)
