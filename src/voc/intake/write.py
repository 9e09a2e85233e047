"""The one path that writes notes: capture, guided capture and import all end here.

A note becomes a `notes` row in one place (`note_row`); rows go in with one INSERT, whose
ON CONFLICT DO NOTHING lets the UNIQUE uid and dedupe_key decide what is new; and one
rule keeps out a note whose identity `voc forget` erased. The store keeps the rest:
the connection, transactions, migrations and reading.

Capture stores one note and gets it back; import builds its rows in worker processes
(`note_row` is a plain function of the note for that reason) and writes each batch with
executemany in one transaction.
"""

import json
from collections.abc import Iterable

from voc.errors import VocError
from voc.notes.note import Note
from voc.notes.store import JSON_FIELDS, NOTE_COLUMNS, Store, row_to_note

COLUMNS = tuple(c for c in NOTE_COLUMNS if c != "id")  # SQLite numbers the notes
UID, DEDUPE = COLUMNS.index("uid"), COLUMNS.index("dedupe_key")
INSERT = (
    f"INSERT INTO notes ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)}) "
    "ON CONFLICT DO NOTHING"
)
_SAME_IDENTITY = "FROM notes WHERE uid = ? OR dedupe_key = ?"


def note_row(note: Note) -> tuple:
    """The note as a `notes` row, in `COLUMNS` order."""
    values = []
    for column in COLUMNS:
        value = getattr(note, column)
        if column in JSON_FIELDS:
            value = json.dumps(value, ensure_ascii=False)
        elif column == "quotable":
            value = int(value)
        values.append(value)
    return tuple(values)


def forgotten(store: Store, row: tuple) -> bool:
    """Was a note with this row's uid or dedupe key erased by `voc forget`? Such a note
    is never stored again."""
    return store.forgotten(row[UID], row[DEDUPE])


# -- one note at a time: capture and guided capture ------------------------------------


def add(store: Store, note: Note) -> tuple[Note, bool]:
    """Store a note; returns (the stored note, created). A note whose uid or dedupe key
    is already stored is not inserted again: the stored one comes back, created=False."""
    with store.transaction():
        return insert(store, note)


def add_all(store: Store, notes: Iterable[Note]) -> list[tuple[Note, bool]]:
    """`add` for several notes, stored all together or not at all."""
    with store.transaction():
        return [insert(store, note) for note in notes]


def insert(store: Store, note: Note) -> tuple[Note, bool]:
    """`add` inside the caller's transaction."""
    row = note_row(note)
    if forgotten(store, row):
        raise VocError(
            "this note was erased by voc forget and is not stored again "
            "(same uid, origin or content)"
        )
    cursor = store.conn.execute(INSERT, row)
    if cursor.rowcount == 1:
        return store.get(cursor.lastrowid), True
    stored = store.conn.execute(f"SELECT * {_SAME_IDENTITY}", (row[UID], row[DEDUPE])).fetchone()
    return row_to_note(stored), False


# -- many rows at a time: import -------------------------------------------------------


class BatchWriter:
    """Writes batches of `note_row` rows, each in one transaction (a crash or Ctrl-C
    leaves whole batches), and says how many were new and how many forgotten."""

    def __init__(self, store: Store):
        self.store = store
        # Most databases never had a note forgotten: then no row needs looking up.
        found = store.conn.execute("SELECT 1 FROM forgotten LIMIT 1").fetchone()
        self.erased = found is not None

    def write(self, rows: list[tuple]) -> tuple[int, int]:
        """(rows stored, rows left out as forgotten); the rest were already stored."""
        kept = [row for row in rows if not forgotten(self.store, row)] if self.erased else rows
        return self._insert(kept), len(rows) - len(kept)

    def _insert(self, rows: list[tuple]) -> int:
        if not rows:
            return 0
        with self.store.transaction() as conn:
            # executemany's rowcount sums the rows really inserted (a conflict adds 0;
            # the FTS triggers' rows are not counted).
            return conn.executemany(INSERT, rows).rowcount


class DryRunWriter(BatchWriter):
    """What `BatchWriter` would store, reading only: stored keys and the keys seen so far."""

    def __init__(self, store: Store):
        super().__init__(store)
        self.seen: set[str] = set()

    def _insert(self, rows: list[tuple]) -> int:
        new = 0
        for row in rows:
            keys = {row[UID], row[DEDUPE] or ""}
            if keys & self.seen or self._stored(row):
                continue
            self.seen |= keys
            new += 1
        return new

    def _stored(self, row: tuple) -> bool:
        query = f"SELECT 1 {_SAME_IDENTITY}"
        return self.store.conn.execute(query, (row[UID], row[DEDUPE])).fetchone() is not None
