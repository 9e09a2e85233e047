"""Erasure that really erases (`voc forget`), and retention (`voc retain`).

`voc forget` selects by field: the customer or account, exactly (any case), the sender
address's hash, or a note's id. A note that only mentions the name in its words belongs
to someone else ("we will pay more" is not about a customer called Will): it is listed
apart and erased only when the user asks for it after seeing it.

Deleting rows is not enough: SQLite keeps deleted text in free pages, in the full-text
index's segments and in the write-ahead log until they are overwritten. `secure_delete`
(on for every connection, voc.notes.store) zeroes what a delete frees, rows and pages.
The full-text index is switched to FTS5's own 'secure-delete' before the first erasure
(SQLite 3.42+, voc.notes.engine): a deleted note's entries are then overwritten where
they lie, so the cost grows with what is erased, not with the file. With an older
SQLite, `scrub` merges the whole index into one segment instead ('optimize'), which
drops the erased entries. Either way it then checkpoints and truncates the WAL. The
`erasures` table records what kind of selector was used, when, how many rows went and
when the scrub finished (NULL: pending, finished by the next `Store.open`); never the
name, address or text.
"""

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from voc.dates import FIRST_YEAR, to_iso, utcnow
from voc.errors import DatabaseError, InvalidInput
from voc.notes import engine
from voc.notes.engine import sqlite3
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
class Selection:
    selected: list[Match]  # the person's or company's own notes, by field
    mentions: list[Match]  # other notes whose words name them: erased only on request


@dataclass(frozen=True)
class Erasure:
    selector: str
    notes: int
    rows: int  # notes plus every derived row (themes, signals, terms)
    note_ids: list[int]
    scrub_problem: str | None = None  # why the words may still be on disk; None: gone


def find_matches(store: Store, selector: Selector) -> Selection:
    """The notes the selector names by field, and apart the notes that only mention the
    name or address as a whole word (in the text, title, other fields, attachment names)."""
    value = selector.value.strip()
    if selector.kind == "id":
        sql = "SELECT * FROM notes WHERE CAST(id AS TEXT) = ? OR uid = ?"
        return Selection([_match(row) for row in store.conn.execute(sql, (value, value))], [])
    selected = _by_field(store, selector.kind, value)
    return Selection(selected, _mentions(store, value, {m.id for m in selected}))


def _by_field(store: Store, kind: str, value: str) -> list[Match]:
    """Exact, in any case (Unicode too): the field's distinct values come from its index,
    so only the matching notes are read."""
    field = "account" if kind == "account" else "customer"
    wanted = value.casefold()
    names = [
        name
        for (name,) in store.conn.execute(f"SELECT DISTINCT {field} FROM notes")
        if name is not None and name.strip().casefold() == wanted
    ]
    hashed = contact_hash(value) if kind == "email" else None
    marks = ", ".join("?" for _ in names) or "NULL"
    rows = store.conn.execute(
        f"""SELECT * FROM notes WHERE {field} IN ({marks}) OR contact_hash = ?
            ORDER BY occurred_at, id""",
        (*names, hashed),
    )
    return [_match(row) for row in rows]


def _mentions(store: Store, value: str, selected: set[int]) -> list[Match]:
    rows = store.conn.execute(
        f"SELECT * FROM notes WHERE instr(lower({_HAYSTACK}), lower(?)) ORDER BY occurred_at, id",
        (value,),
    )
    word = re.compile(rf"(?<!\w){re.escape(value)}(?!\w)", re.IGNORECASE)
    return [
        _match(row)
        for row in rows
        if row["id"] not in selected and any(word.search(row[c] or "") for c in _SEARCHED)
    ]


_SEARCHED = ("text", "title", "customer", "account", "attachments")
_HAYSTACK = " || ' ' || ".join(f"coalesce({c}, '')" for c in _SEARCHED)


def _match(row: sqlite3.Row) -> Match:
    return Match(
        row["id"], row["occurred_at"], row["source"], row["customer"], row["account"], row["text"]
    )


def forget(store: Store, selector: Selector, matches: list[Match]) -> Erasure:
    """Delete these notes (and nothing else) and everything derived from them, record the
    erasure, then make sure the text is gone from the file (see `scrub`). A scrub that
    fails (a full disk) leaves the notes erased and the scrub pending: `scrub_problem`
    says why, and the next voc command finishes it."""
    ids = [m.id for m in matches]
    with store.transaction(), _index_erasing(store.conn, len(ids)):
        _remember(store, ids)
        rows = _delete(store, ids)
        forget_names(store.conn)  # the digest's numbered names, for reach
        _record(store, selector.kind, len(ids), rows)
    return Erasure(selector.kind, len(ids), rows, ids, try_scrub(store))


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


# Past this many notes in one erasure, one merge of the whole index costs less than
# erasing each note's entries in place (a retain of half a file: tenfold less).
IN_PLACE_AT_MOST = 1_000


@contextmanager
def _index_erasing(conn: sqlite3.Connection, notes: int) -> Iterator[None]:
    """Within an erasure's transaction: the index erases in place, unless so many notes
    go that `scrub` merges it instead (it does when the pending erasures are that many)."""
    erase_in_place(conn)
    bulk = notes > IN_PLACE_AT_MOST and erases_in_place(conn)
    if bulk:
        conn.execute("INSERT INTO notes_fts (notes_fts, rank) VALUES ('secure-delete', 0)")
    yield
    if bulk:
        conn.execute("INSERT INTO notes_fts (notes_fts, rank) VALUES ('secure-delete', 1)")


def erase_in_place(conn: sqlite3.Connection) -> None:
    """Have the full-text index overwrite a deleted note's entries where they lie (FTS5
    'secure-delete'; migration m016 switches it on where the SQLite allows). A file
    prepared under an older SQLite gets it at its first erasure under a newer one, with
    one merge of the whole index for what earlier deletes and edits left behind. The
    setting makes the index unreadable to SQLite before 3.42, which cannot delete in
    place anyway."""
    if engine.FTS5_SECURE_DELETE and not erases_in_place(conn):
        conn.execute("INSERT INTO notes_fts (notes_fts, rank) VALUES ('secure-delete', 1)")
        conn.execute("INSERT INTO notes_fts (notes_fts) VALUES ('optimize')")


def erases_in_place(conn: sqlite3.Connection) -> bool:
    """Whether the full-text index removes deleted entries itself (see `erase_in_place`)."""
    query = "SELECT v FROM notes_fts_config WHERE k = 'secure-delete'"
    row = conn.execute(query).fetchone()
    return row is not None and row[0] == 1


def _pending_notes(conn: sqlite3.Connection) -> int:
    query = "SELECT coalesce(sum(notes), 0) FROM erasures WHERE scrubbed_at IS NULL"
    return conn.execute(query).fetchone()[0]


def scrub(store: Store) -> None:
    """Leave no erased word in the file. Deleted rows and freed pages are zeroed already
    (secure_delete), and so are the full-text index's entries when it erased them in
    place; otherwise (an older SQLite, or a bulk erasure) merge its segments into one
    ('optimize': the index, not the file), which drops them. Then empty the write-ahead
    log, which still holds the pages as they were. Only then is the erasure marked done."""
    conn = store.conn
    if not erases_in_place(conn) or _pending_notes(conn) > IN_PLACE_AT_MOST:
        conn.execute("INSERT INTO notes_fts(notes_fts) VALUES ('optimize')")
    busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        raise DatabaseError(
            f"{store.path}: another program has the database open, so the erased text may "
            "still be in its -wal file: close it and run the command again"
        )
    conn.execute(
        "UPDATE erasures SET scrubbed_at = ? WHERE scrubbed_at IS NULL", (to_iso(utcnow()),)
    )


def try_scrub(store: Store) -> str | None:
    """`scrub`, or why it could not finish (the erasure stays marked pending)."""
    try:
        scrub(store)
    except DatabaseError as e:
        return str(e)
    except sqlite3.OperationalError as e:
        return f"{store.path}: {e}"
    return None


# -- retention ---------------------------------------------------------------------------


def parse_age(text: str) -> timedelta:
    """`180d`, `26w`, `6m` (30 days each) or `1y` (365 days)."""
    match = _AGE.match(text.lower())
    if not match or int(match.group(1)) == 0:
        raise InvalidInput(f"cannot read the age {text!r}: use e.g. 180d, 26w, 6m or 1y")
    return timedelta(days=int(match.group(1)) * _DAYS[match.group(2)])


def find_old(store: Store, older_than: timedelta, now: datetime | None = None) -> list[Match]:
    """Notes from before the cutoff whose text has not been removed yet."""
    cutoff = to_iso(_cutoff(now or utcnow(), older_than))
    rows = store.conn.execute(
        "SELECT * FROM notes WHERE occurred_at < ? AND retained_at IS NULL "
        "ORDER BY occurred_at, id",
        (cutoff,),
    )
    return [_match(row) for row in rows]


def _cutoff(now: datetime, older_than: timedelta) -> datetime:
    """`now - older_than`, no earlier than the first day voc keeps (`--older-than 300y`)."""
    first = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)
    try:
        return max(now - older_than, first)
    except OverflowError:
        return first


def retain(store: Store, matches: list[Match], older_than: str) -> Erasure:
    """Replace old notes' words (text, title, the person, attachment names, evidence and
    uncovered terms) with a placeholder; keep themes, sentiment, source, account and dates
    so trend lines survive. Such a note is never quoted again."""
    ids = [m.id for m in matches]
    now = to_iso(utcnow())
    rows = 0
    with store.transaction(), _index_erasing(store.conn, len(ids)):
        for chunk in _chunks(ids):
            rows += _retain_chunk(store, chunk, now)
        forget_names(store.conn)
        _record(store, f"retain older than {older_than}", len(ids), rows)
    return Erasure("retain", len(ids), rows, ids, try_scrub(store))


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


# The digest numbers an alias's account under that account's name (voc.notes.accounts),
# which no note may carry: it stays numbered while the alias does.
_ALIASED = {"customer": "", "account": "UNION SELECT lower(account) FROM account_aliases"}


def forget_names(conn: sqlite3.Connection) -> int:
    """Drop the names no note carries any more (after `voc forget`): the rows that used
    them went with their notes' days."""
    dropped = 0
    for kind in REACH_FIELDS:
        dropped += conn.execute(
            f"""DELETE FROM digest_names WHERE kind = ? AND name NOT IN
            (SELECT lower({kind}) FROM notes WHERE {kind} IS NOT NULL {_ALIASED[kind]})""",
            (kind,),
        ).rowcount
    return dropped
