"""Finding notes: the filters shared by list, search, export and digest, as parameterised SQL."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import Any

from voc.dates import day_end, day_start
from voc.errors import InvalidInput
from voc.notes.accounts import canonical_sql
from voc.notes.engine import sqlite3
from voc.notes.note import RECORD_FIELDS, Note
from voc.notes.snippet import query_words, snippet, word_pattern
from voc.notes.store import Store, row_to_note

HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"
LISTED_FIELDS = (*RECORD_FIELDS, "themes", "signals")  # `voc list`'s json, jsonl and csv
_BATCH = 500  # notes read (and their themes looked up) at a time: memory follows the batch


@dataclass
class NoteFilter:
    since: str | None = None  # stored-timestamp bounds (see voc.dates)
    until: str | None = None
    sources: list[str] = field(default_factory=list)
    customer: str | None = None
    account: str | None = None
    tags: list[str] = field(default_factory=list)  # manual tags, all must be present
    themes: list[str] = field(default_factory=list)  # any of these (a parent matches children)
    # What the note says of those themes (of any theme, without them): one of
    # voc.themes.taxonomy.STANCES, checked where people type it.
    stance: str | None = None
    sentiment: str | None = None
    signals: list[str] = field(default_factory=list)
    limit: int | None = None

    @classmethod
    def from_options(cls, *, since: str | None = None, until: str | None = None, **rest):
        """Build a filter from the strings people type (`--since yesterday`)."""
        return cls(
            since=day_start(since) if since else None,
            until=day_end(until) if until else None,
            **rest,
        )

    def needs_themes(self) -> bool:
        return bool(self.themes or self.stance or self.sentiment or self.signals)


def where_clause(f: NoteFilter, alias: str = "notes") -> tuple[str, list]:
    """The WHERE for a filter over `alias` (the notes table), with its parameters."""
    parts: list[str] = []
    params: list = []

    def add(sql: str, *values) -> None:
        parts.append(sql)
        params.extend(values)

    if f.since:
        add(f"{alias}.occurred_at >= ?", f.since)
    if f.until:
        add(f"{alias}.occurred_at <= ?", f.until)
    if f.sources:
        add(f"{alias}.source IN ({', '.join('?' for _ in f.sources)})", *f.sources)
    if f.customer:
        add(f"{alias}.customer = ? COLLATE NOCASE", f.customer)
    if f.account:  # an alias's notes count as its account's (voc.notes.accounts)
        add(
            f"lower({canonical_sql(f'{alias}.account')}) = lower({canonical_sql('?')})",
            f.account,
            f.account,
        )
    for tag in f.tags:
        add(f"EXISTS (SELECT 1 FROM json_each({alias}.tags) WHERE value = ?)", tag.lower())
    if f.themes or f.stance:
        matches = " OR ".join("(theme = ? OR theme LIKE ? ESCAPE '\\')" for _ in f.themes)
        values = [v for t in f.themes for v in (t, _like_prefix(t) + "/%")]
        if f.stance:  # a theme tagged by hand only says nothing: a mention
            matches = f"({matches or '1'}) AND coalesce(t.stance, 'mention') = ?"
            values.append(f.stance)
        add(
            f"EXISTS (SELECT 1 FROM note_themes t WHERE t.note_id = {alias}.id AND ({matches}))",
            *values,
        )
    if f.sentiment:
        add(f"{alias}.sentiment_label = ?", f.sentiment)
    for signal in f.signals:
        add(
            f"EXISTS (SELECT 1 FROM note_signals s WHERE s.note_id = {alias}.id AND s.signal = ?)",
            signal,
        )
    return (" AND ".join(parts) or "1"), params


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _limit(f: NoteFilter) -> tuple[str, list]:
    return (" LIMIT ?", [f.limit]) if f.limit else ("", [])


def iter_notes(store: Store, f: NoteFilter) -> Iterator[Note]:
    """Notes matching the filter, newest conversation first, read a batch at a time."""
    where, params = where_clause(f)
    limit, limit_params = _limit(f)
    cursor = store.conn.execute(
        f"SELECT * FROM notes WHERE {where} ORDER BY occurred_at DESC, id DESC{limit}",
        [*params, *limit_params],
    )
    while rows := cursor.fetchmany(_BATCH):
        yield from (row_to_note(row) for row in rows)


def count_notes(store: Store, f: NoteFilter) -> int:
    """How many notes the filter matches, whatever its limit."""
    where, params = where_clause(replace(f, limit=None))
    return store.conn.execute(f"SELECT count(*) FROM notes WHERE {where}", params).fetchone()[0]


@dataclass
class ListedNote:
    """A note as `voc list` shows it: with its themes and signals."""

    note: Note
    themes: list[str]
    signals: list[str]

    def record(self) -> dict[str, Any]:
        """Note.to_record()'s fields, then themes and signals. Read straight off the note:
        dataclasses.asdict deep-copies every field and was most of --all's time."""
        record = {name: getattr(self.note, name) for name in RECORD_FIELDS}
        return {**record, "themes": self.themes, "signals": self.signals}


def listed_notes(store: Store, f: NoteFilter) -> Iterator[ListedNote]:
    """`voc list`'s rows, streamed: a batch of notes, then that batch's themes and signals."""
    return with_labels(store, iter_notes(store, f))


def with_labels(store: Store, notes: Iterable[Note]) -> Iterator[ListedNote]:
    notes = iter(notes)
    while batch := list(islice(notes, _BATCH)):
        ids = [n.id for n in batch]
        themes = _labels(store, "SELECT note_id, theme FROM note_themes", ids)
        signals = _labels(store, "SELECT note_id, signal FROM note_signals", ids)
        for note in batch:
            yield ListedNote(note, themes.get(note.id, []), signals.get(note.id, []))


def _labels(store: Store, select: str, ids: list[int | None]) -> dict[int, list[str]]:
    marks = ", ".join("?" for _ in ids)
    found: dict[int, list[str]] = {}
    for note_id, label in store.conn.execute(f"{select} WHERE note_id IN ({marks})", ids):
        found.setdefault(note_id, []).append(label)
    return {note_id: sorted(labels) for note_id, labels in found.items()}


@dataclass
class SearchHit:
    note: Note
    highlighted: str  # a snippet of the text, HIGHLIGHT_START/END around each query word


def search_notes(store: Store, query: str, f: NoteFilter) -> list[SearchHit]:
    """Full-text search, best match first. FTS5 syntax (AND, OR, "phrase", prefix*) works;
    a query that is not valid FTS5 is retried as plain words before giving up."""
    if not query.strip():
        raise InvalidInput("the search query is empty")
    try:
        return _search(store, query, f)
    except sqlite3.OperationalError as first:
        if "locked" in str(first):
            raise
        try:  # quoted words cannot be an FTS5 syntax error, so a second failure is real
            return _search(store, as_plain_words(query), f)
        except sqlite3.OperationalError:
            raise InvalidInput(f"cannot search for {query!r}: {first}") from None


def as_plain_words(query: str) -> str:
    words = [w.replace('"', '""') for w in query.split()]
    return " ".join(f'"{w}"' for w in words)


def count_hits(store: Store, query: str, f: NoteFilter) -> int:
    """How many notes the search matches, whatever the filter's limit: the query as
    `search_notes` ran it (plain words when it was not valid FTS5)."""
    try:
        return _count_hits(store, query, f)
    except sqlite3.OperationalError:
        return _count_hits(store, as_plain_words(query), f)


def _count_hits(store: Store, query: str, f: NoteFilter) -> int:
    where, params = where_clause(replace(f, limit=None))
    row = store.conn.execute(
        f"""SELECT count(*) FROM notes_fts JOIN notes ON notes.id = notes_fts.rowid
            WHERE notes_fts MATCH ? AND {where}""",
        [query, *params],
    ).fetchone()
    return row[0]


def _search(store: Store, query: str, f: NoteFilter) -> list[SearchHit]:
    """The snippets are worked out in Python from a bounded window (voc.notes.snippet):
    FTS5's highlight() cost grew with the square of a note's length."""
    where, params = where_clause(f)
    limit, limit_params = _limit(f)
    rows = store.conn.execute(
        f"""
        SELECT notes.*
        FROM notes_fts JOIN notes ON notes.id = notes_fts.rowid
        WHERE notes_fts MATCH ? AND {where}
        ORDER BY notes_fts.rank, notes.id{limit}
        """,
        [query, *params, *limit_params],
    )
    words = word_pattern(query_words(query))
    hits = []
    for row in rows:
        note = row_to_note(row)
        hits.append(SearchHit(note, snippet(note.text, words, HIGHLIGHT_START, HIGHLIGHT_END)))
    return hits


def manual_themes(store: Store) -> list[str]:
    """The themes some note was given by hand, those outside the taxonomy included."""
    rows = store.conn.execute("SELECT DISTINCT value FROM notes, json_each(notes.tags) ORDER BY 1")
    return [row[0] for row in rows]
