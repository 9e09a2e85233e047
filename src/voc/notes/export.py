"""`voc export`: notes with their themes and signals, as JSONL or CSV, for another voc.

Each record is `Note.to_record()` (the documented public fields, `uid` being the global
id that `voc import` dedupes on) plus `themes` and `signals`, both sorted lists, and
`theme_stances`, {theme: stance} for each of `themes` (issue, request, praise or mention;
a theme tagged by hand only is a mention). Notes stream out oldest first, a batch at a
time, so memory stays flat whatever the size.
"""

import csv
import json
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any

from voc.csvcells import defuse
from voc.notes.note import RECORD_FIELDS
from voc.notes.queries import NoteFilter, where_clause
from voc.notes.store import Store, row_to_note

EXPORT_FIELDS = (*RECORD_FIELDS, "themes", "signals", "theme_stances")
FORMATS = ("jsonl", "csv")
_BATCH = 500


def export_records(store: Store, note_filter: NoteFilter) -> Iterator[dict[str, Any]]:
    """Every note the filter matches, oldest first, with its themes and signals."""
    where, params = where_clause(note_filter)
    limit = " LIMIT ?" if note_filter.limit else ""
    cursor = store.conn.execute(
        f"SELECT * FROM notes WHERE {where} ORDER BY occurred_at, id{limit}",
        [*params, *([note_filter.limit] if note_filter.limit else [])],
    )
    while rows := cursor.fetchmany(_BATCH):
        notes = [row_to_note(row) for row in rows]
        ids = [n.id for n in notes]
        stances = _stances(store, ids)
        signals = _labels(store, "SELECT note_id, signal FROM note_signals", ids)
        for note in notes:
            record = note.to_record()
            record["themes"] = sorted(stances.get(note.id, {}))
            record["signals"] = signals.get(note.id, [])
            record["theme_stances"] = stances.get(note.id, {})
            yield record


def _stances(store: Store, ids: list[int]) -> dict[int, dict[str, str]]:
    """note id -> {theme: stance}, themes sorted."""
    marks = ", ".join("?" for _ in ids)
    found: dict[int, dict[str, str]] = {}
    rows = store.conn.execute(
        "SELECT note_id, theme, coalesce(stance, 'mention') FROM note_themes "
        f"WHERE note_id IN ({marks}) ORDER BY note_id, theme",
        ids,
    )
    for note_id, theme, stance in rows:
        found.setdefault(note_id, {})[theme] = stance
    return found


def _labels(store: Store, select: str, ids: list[int]) -> dict[int, list[str]]:
    marks = ", ".join("?" for _ in ids)
    found: dict[int, list[str]] = {}
    for note_id, label in store.conn.execute(f"{select} WHERE note_id IN ({marks})", ids):
        found.setdefault(note_id, []).append(label)
    return {note_id: sorted(labels) for note_id, labels in found.items()}


def write_records(
    records: Iterator[dict[str, Any]],
    stream: IO[str],
    fmt: str,
    fields: Sequence[str] = EXPORT_FIELDS,
) -> int:
    """Write JSONL (one record a line) or CSV (lists as JSON text, text that a
    spreadsheet would run as a formula behind a single quote); returns the count."""
    write = _csv_writer(stream, fields) if fmt == "csv" else _jsonl_writer(stream)
    count = 0
    for record in records:
        write(record)
        count += 1
    return count


def _jsonl_writer(stream: IO[str]) -> Callable[[dict[str, Any]], Any]:
    return lambda record: stream.write(json.dumps(record, ensure_ascii=False) + "\n")


def _csv_writer(stream: IO[str], fields: Sequence[str]) -> Callable[[dict[str, Any]], Any]:
    writer = csv.DictWriter(stream, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    return lambda record: writer.writerow({k: _csv_cell(v) for k, v in record.items()})


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        return defuse(value)
    return value
