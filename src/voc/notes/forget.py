"""Erasure that really erases (`voc forget`), and retention (`voc retain`).

Deleting rows is not enough: SQLite keeps deleted text in free pages, in the full-text
index's segments and in the write-ahead log until they are overwritten. So after every
erasure the full-text index is rebuilt from what remains, the file is vacuumed (rewritten
without free pages) and the WAL is checkpointed and truncated: the words are then gone
from the file's bytes. The `erasures` table records what kind of selector was used, when,
and how many rows went; never the name, address or text.
"""

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from voc.dates import to_iso, utcnow
from voc.errors import DatabaseError, InvalidInput
from voc.notes.note import REACH_FIELDS, contact_hash
from voc.notes.store import Store, identity_hashes

KINDS = ("customer", "account", "email", "id")
DERIVED = ("note_themes", "note_signals", "note_terms")
PLACEHOLDER = "[text removed by the retention policy]"
_AGE = re.compile(r"^\s*(\d{1,5})\s*([dwmy])\s*$")
_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}
_CHUNK = 500  # ids per IN (...) list, well under SQLite's variable limit


@dataclass(frozen=True)
class Selector:
    kind: str
    value: str

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise InvalidInput(f"unknown selector {self.kind!r}: use one of {', '.join(KINDS)}")
        if not self.value.strip():
            raise InvalidInput(f"--{self.kind} is empty: say whose notes to forget")


@dataclass(frozen=True)
class Match:
    """A note that will go, described without more of its text than a person needs."""

    id: int
    occurred_at: str
    source: str
    customer: str | None
    account: str | None
    text: str


@dataclass(frozen=True)
class Erasure:
    selector: str
    notes: int
    rows: int  # notes plus every derived row (themes, signals, terms)
    note_ids: list[int]


def find_matches(store: Store, selector: Selector) -> list[Match]:
    """Every note about the person or company: by field (and an address by its hash), and
    wherever the name or address appears as a whole word: in the text, the title, the
    customer or account field, or an attachment's name."""
    value = selector.value.strip()
    if selector.kind == "id":
        sql = "SELECT * FROM notes WHERE CAST(id AS TEXT) = ? OR uid = ?"
        rows = store.conn.execute(sql, (value, value)).fetchall()
        return [_match(row) for row in rows]
    field = "account" if selector.kind == "account" else "customer"
    hashed = contact_hash(value) if selector.kind == "email" else None
    rows = store.conn.execute(
        f"""SELECT * FROM notes WHERE {field} = ? COLLATE NOCASE OR contact_hash = ?
            OR instr(lower({_HAYSTACK}), lower(?)) ORDER BY occurred_at, id""",
        (value, hashed, value),
    ).fetchall()
    word = re.compile(rf"(?<!\w){re.escape(value)}(?!\w)", re.IGNORECASE)
    return [
        _match(row)
        for row in rows
        if (row[field] or "").casefold() == value.casefold()
        or (hashed is not None and row["contact_hash"] == hashed)
        or any(word.search(row[c] or "") for c in _SEARCHED)
    ]


_SEARCHED = ("text", "title", "customer", "account", "attachments")
_HAYSTACK = " || ' ' || ".join(f"coalesce({c}, '')" for c in _SEARCHED)


def _match(row: sqlite3.Row) -> Match:
    return Match(
        row["id"], row["occurred_at"], row["source"], row["customer"], row["account"], row["text"]
    )


def forget(store: Store, selector: Selector, matches: list[Match]) -> Erasure:
    """Delete the notes and everything derived from them, record the erasure, then make
    sure the text is gone from the file (see `scrub`)."""
    ids = [m.id for m in matches]
    with store.transaction():
        _remember(store, ids)
        rows = _delete(store, ids)
        forget_names(store.conn)  # the digest's numbered names, for reach
        _record(store, selector.kind, len(ids), rows)
    scrub(store)
    return Erasure(selector.kind, len(ids), rows, ids)


def _remember(store: Store, ids: list[int]) -> None:
    """Keep a one-way hash of each note's identity, so that no import brings it back."""
    for chunk in _chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        query = f"SELECT uid, dedupe_key FROM notes WHERE id IN ({marks})"
        hashes = [
            (h,) for uid, key in store.conn.execute(query, chunk) for h in identity_hashes(uid, key)
        ]
        store.conn.executemany("INSERT OR IGNORE INTO forgotten (key_hash) VALUES (?)", hashes)


def _delete(store: Store, ids: list[int]) -> int:
    rows = 0
    for chunk in _chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        for table in _derived_tables(store):
            rows += store.conn.execute(
                f"DELETE FROM {table} WHERE note_id IN ({marks})", chunk
            ).rowcount
        rows += store.conn.execute(f"DELETE FROM notes WHERE id IN ({marks})", chunk).rowcount
    return rows


def _derived_tables(store: Store) -> list[str]:
    present = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
    return [t for t in DERIVED if t in present]


def _record(store: Store, selector: str, notes: int, rows: int) -> None:
    store.conn.execute(
        "INSERT INTO erasures (selector, erased_at, notes, rows) VALUES (?, ?, ?, ?)",
        (selector, to_iso(utcnow()), notes, rows),
    )


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def scrub(store: Store) -> None:
    """Leave no erased word in the file: rebuild the full-text index from the notes that
    remain, rewrite the file without free pages, and empty the write-ahead log."""
    conn = store.conn
    conn.execute("INSERT INTO notes_fts(notes_fts) VALUES ('rebuild')")
    conn.execute("VACUUM")
    busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        raise DatabaseError(
            f"{store.path}: another program has the database open, so the erased text may "
            "still be in its -wal file: close it and run the command again"
        )


# -- retention ---------------------------------------------------------------------------


def parse_age(text: str) -> timedelta:
    """`180d`, `26w`, `6m` (30 days each) or `1y` (365 days)."""
    match = _AGE.match(text.lower())
    if not match or int(match.group(1)) == 0:
        raise InvalidInput(f"cannot read the age {text!r}: use e.g. 180d, 26w, 6m or 1y")
    return timedelta(days=int(match.group(1)) * _DAYS[match.group(2)])


def find_old(store: Store, older_than: timedelta, now: datetime | None = None) -> list[Match]:
    """Notes from before the cutoff whose text has not been removed yet."""
    cutoff = to_iso((now or utcnow()) - older_than)
    rows = store.conn.execute(
        "SELECT * FROM notes WHERE occurred_at < ? AND retained_at IS NULL "
        "ORDER BY occurred_at, id",
        (cutoff,),
    )
    return [_match(row) for row in rows]


def retain(store: Store, matches: list[Match], older_than: str) -> Erasure:
    """Replace old notes' words (text, title, the person, attachment names, evidence and
    uncovered terms) with a placeholder; keep themes, sentiment, source, account and dates
    so trend lines survive. Such a note is never quoted again."""
    ids = [m.id for m in matches]
    now = to_iso(utcnow())
    rows = 0
    with store.transaction():
        for chunk in _chunks(ids):
            rows += _retain_chunk(store, chunk, now)
        forget_names(store.conn)
        _record(store, f"retain older than {older_than}", len(ids), rows)
    scrub(store)
    return Erasure("retain", len(ids), rows, ids)


def _retain_chunk(store: Store, chunk: list[int], now: str) -> int:
    marks = ", ".join("?" for _ in chunk)
    conn = store.conn
    rows = conn.execute(
        f"""UPDATE notes SET text = ?, title = NULL, customer = NULL, attachments = '[]',
            quotable = 0, retained_at = ? WHERE id IN ({marks})""",
        [PLACEHOLDER, now, *chunk],
    ).rowcount
    for table in ("note_themes", "note_signals"):
        rows += conn.execute(
            f"UPDATE {table} SET evidence = NULL, sentence = NULL WHERE note_id IN ({marks})",
            chunk,
        ).rowcount
    if "note_terms" in _derived_tables(store):
        rows += conn.execute(f"DELETE FROM note_terms WHERE note_id IN ({marks})", chunk).rowcount
    return rows


def forget_names(conn: sqlite3.Connection) -> int:
    """Drop the names no note carries any more (after `voc forget`): the rows that used
    them went with their notes' days."""
    dropped = 0
    for kind in REACH_FIELDS:
        dropped += conn.execute(
            f"""DELETE FROM digest_names WHERE kind = ? AND name NOT IN
            (SELECT lower({kind}) FROM notes WHERE {kind} IS NOT NULL)""",
            (kind,),
        ).rowcount
    return dropped
