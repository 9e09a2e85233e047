"""Finding notes: the filters shared by list, search, export and digest, as parameterised SQL."""

import sqlite3
from dataclasses import dataclass, field

from voc.dates import day_end, day_start
from voc.errors import InvalidInput
from voc.notes.note import Note
from voc.notes.snippet import query_words, snippet, word_pattern
from voc.notes.store import Store, row_to_note

HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"


@dataclass
class NoteFilter:
    since: str | None = None  # stored-timestamp bounds (see voc.dates)
    until: str | None = None
    sources: list[str] = field(default_factory=list)
    customer: str | None = None
    account: str | None = None
    tags: list[str] = field(default_factory=list)  # manual tags, all must be present
    themes: list[str] = field(default_factory=list)  # any of these (a parent matches children)
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
        return bool(self.themes or self.sentiment or self.signals)


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
    if f.account:
        add(f"{alias}.account = ? COLLATE NOCASE", f.account)
    for tag in f.tags:
        add(f"EXISTS (SELECT 1 FROM json_each({alias}.tags) WHERE value = ?)", tag.lower())
    if f.themes:
        matches = " OR ".join("(theme = ? OR theme LIKE ? ESCAPE '\\')" for _ in f.themes)
        values = [v for t in f.themes for v in (t, _like_prefix(t) + "/%")]
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


def find_notes(store: Store, f: NoteFilter) -> list[Note]:
    """Notes matching the filter, newest conversation first."""
    where, params = where_clause(f)
    limit, limit_params = _limit(f)
    rows = store.conn.execute(
        f"SELECT * FROM notes WHERE {where} ORDER BY occurred_at DESC, id DESC{limit}",
        [*params, *limit_params],
    )
    return [row_to_note(row) for row in rows]


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
