"""The database side of tagging, without spaCy: which notes are stale, writing a batch of
results, and manual tags. `voc.nlp.refresh` runs the pipeline and calls these.

A note is stale when `notes.tagged_with` is not the current taxonomy-and-pipeline version.
Manual tags (`notes.tags`) are written as `manual = 1` rows and always win; automatic
themes listed in `notes.untags` are left out. A note whose text `voc retain` replaced
(`retained_at`) keeps the themes it had.
"""

import json
import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from voc.notes.note import Note, clean_tags
from voc.notes.store import Store

_HTML_TAG = re.compile(r"<[^<>\n]{0,200}>")


@dataclass
class PendingNote:
    id: int
    text: str
    occurred_at: str
    tags_json: str  # as stored: the write checks nothing changed since the read
    untags_json: str

    @property
    def tags(self) -> list[str]:
        return json.loads(self.tags_json)

    @property
    def untags(self) -> list[str]:
        return json.loads(self.untags_json)


def stale_ids(store: Store, version: str, force: bool = False) -> Sequence[int]:
    """The ids, ascending, packed 8 bytes each: a list of a million ints took 36 MB."""
    if force:
        sql, params = "SELECT id FROM notes WHERE retained_at IS NULL", []
    else:
        # Three range reads of the tagged_with index, not a scan of every note: when
        # nothing is stale (every digest, list --theme...) this costs well under 1 ms.
        # INDEXED BY because ANALYZE sees one version on every note and would pick a scan.
        sql = " UNION ALL ".join(
            "SELECT id FROM notes INDEXED BY notes_tagged_with "
            f"WHERE {test} AND retained_at IS NULL"
            for test in ("tagged_with IS NULL", "tagged_with < ?", "tagged_with > ?")
        )
        params = [version, version]
    rows = store.conn.execute(f"SELECT id FROM ({sql}) ORDER BY id", params)
    return array("q", (row[0] for row in rows))


def read_pending(store: Store, ids: list[int]) -> list[PendingNote]:
    marks = ", ".join("?" for _ in ids)
    rows = store.conn.execute(
        f"SELECT id, text, occurred_at, tags, untags FROM notes WHERE id IN ({marks})", ids
    )
    return [PendingNote(*row) for row in rows]


def text_to_tag(text: str, max_chars: int) -> str:
    """HTML tags become spaces of the same length, so offsets still point into the note."""
    text = text[:max_chars]
    if "<" in text:
        text = _HTML_TAG.sub(lambda m: " " * len(m.group()), text)
    return text


def chunks(items: Sequence[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def write_results(store: Store, pending: dict[int, PendingNote], results: Iterable, version: str):
    """Replace the themes, signals and terms of each tagged note, in one transaction.
    A note changed since it was read (text, date, manual tags: `voc edit` or `voc tag`
    while the pipeline ran) is left stale for the next run, never marked current."""
    results = list(results)
    with store.transaction() as conn:
        done = _mark_current(conn, pending, results, version)
        theme_rows, signal_rows, term_rows = [], [], []
        for tags in results:
            if tags.note_id not in done:
                continue
            note = pending[tags.note_id]
            theme_rows += _theme_rows(note, tags.themes)
            signal_rows += [(note.id, note.occurred_at, *hit) for hit in tags.signals]
            term_rows += [(note.id, term, note.occurred_at) for term in tags.terms]
        _clear(conn, list(done))
        conn.executemany(
            "INSERT INTO note_themes (note_id, occurred_at, manual, theme, pattern, evidence, "
            'sentence, start, "end", sentiment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
            theme_rows,
        )
        conn.executemany(
            "INSERT INTO note_signals (note_id, occurred_at, signal, evidence, sentence, "
            'start, "end") VALUES (?, ?, ?, ?, ?, ?, ?)',
            signal_rows,
        )
        conn.executemany(
            "INSERT INTO note_terms (note_id, term, occurred_at) VALUES (?, ?, ?)", term_rows
        )
    return len(done)


_MARK_CURRENT = (
    "UPDATE notes SET sentiment = ?, sentiment_label = ?, tagged_with = ? "
    "WHERE id = ? AND text = ? AND occurred_at = ? AND tags = ? AND untags = ?"
)


def _mark_current(conn, pending: dict[int, PendingNote], results: list, version: str) -> set:
    """The ids of the notes unchanged since they were read, now marked current. One
    statement for all when every note is unchanged (nearly always), else note by note."""
    rows = [
        (
            tags.sentiment,
            tags.sentiment_label,
            version,
            *_unchanged(pending[tags.note_id]),
        )
        for tags in results
    ]
    if conn.executemany(_MARK_CURRENT, rows).rowcount == len(rows):
        return {tags.note_id for tags in results}
    # Someone changed a note: those rows matched nothing and changed nothing; find which
    # did (the statement is idempotent for the others).
    return {row[3] for row in rows if conn.execute(_MARK_CURRENT, row).rowcount == 1}


def _unchanged(note: PendingNote) -> tuple:
    return note.id, note.text, note.occurred_at, note.tags_json, note.untags_json


def _clear(conn, note_ids: list[int]) -> None:
    for start in range(0, len(note_ids), 500):
        part = note_ids[start : start + 500]
        marks = ", ".join("?" for _ in part)
        for table in ("note_themes", "note_signals", "note_terms"):
            conn.execute(f"DELETE FROM {table} WHERE note_id IN ({marks})", part)


def _theme_rows(note: PendingNote, hits) -> list[tuple]:
    """Automatic themes less the untagged ones, then manual tags (with the automatic
    evidence when the pipeline found the theme too)."""
    # Most notes have neither: no JSON to parse.
    manual = set(note.tags) if note.tags_json != "[]" else set()
    untagged = set(note.untags) - manual if note.untags_json != "[]" else set()
    rows = [
        (note.id, note.occurred_at, int(hit.theme in manual), *hit)
        for hit in hits
        if hit.theme not in untagged
    ]
    found = {hit.theme for hit in hits}
    rows += [
        (note.id, note.occurred_at, 1, slug, None, None, None, None, None, None)
        for slug in sorted(manual - found)
    ]
    return rows


def change_manual_tags(store: Store, note_id: int, add: list[str], remove: list[str]):
    """`voc tag`: added slugs become manual themes (and are no longer untagged); removed
    ones are dropped and kept off even if the pipeline finds them. Returns the note."""
    note = store.get(note_id)
    add, remove = clean_tags(add), clean_tags(remove)
    tags = clean_tags([t for t in note.tags if t not in remove] + add)
    untags = clean_tags([t for t in note.untags if t not in add] + remove)
    # A theme no longer untagged may be found again with its evidence: tag the note anew.
    restored = set(note.untags) - set(untags)
    with store.transaction() as conn:
        conn.execute(
            "UPDATE notes SET tags = ?, untags = ?, tagged_with = "
            "CASE WHEN ? THEN NULL ELSE tagged_with END WHERE id = ?",
            (json.dumps(tags), json.dumps(untags), bool(restored), note_id),
        )
        _apply_manual_rows(conn, note.id, note.occurred_at, tags, untags)
    return store.get(note_id)


def _apply_manual_rows(conn, note_id: int, occurred_at: str, tags, untags) -> None:
    """Bring the note's theme rows in line with its manual tags now, without re-tagging."""
    for slug in untags:
        conn.execute("DELETE FROM note_themes WHERE note_id = ? AND theme = ?", (note_id, slug))
    conn.execute(
        "DELETE FROM note_themes WHERE note_id = ? AND manual = 1 AND pattern IS NULL",
        (note_id,),
    )
    conn.execute("UPDATE note_themes SET manual = 0 WHERE note_id = ?", (note_id,))
    for slug in tags:
        conn.execute(
            "INSERT INTO note_themes (note_id, theme, occurred_at, manual) VALUES (?, ?, ?, 1) "
            "ON CONFLICT (note_id, theme) DO UPDATE SET manual = 1",
            (note_id, slug, occurred_at),
        )


@dataclass
class NoteEvidence:
    """Why a note has its themes and signals: what `voc show` and `voc why` print."""

    sentiment: float | None
    sentiment_label: str | None
    themes: list[dict[str, Any]]
    signals: list[dict[str, Any]]

    def describe(self) -> list[str]:
        score = "-" if self.sentiment is None else f"{self.sentiment:+.2f}"
        lines = [f"sentiment: {self.sentiment_label or '-'} ({score})"]
        lines.append(f"themes:    {'-' if not self.themes else ''}".rstrip())
        lines += [f"  {explain(row)}" for row in self.themes]
        lines.append(f"signals:   {'-' if not self.signals else ''}".rstrip())
        lines += [
            f"  {row['signal']}: {row['sentence'] or row['evidence']}" for row in self.signals
        ]
        return lines

    def record(self, note: Note) -> dict[str, Any]:
        """`voc show --format json`: the note's public record, its themes and signals as
        `voc export` lists them, and the evidence for each (what `voc why` prints)."""

        def own(row: dict[str, Any]) -> dict[str, Any]:
            return {k: v for k, v in row.items() if k not in ("note_id", "occurred_at")}

        return {
            **note.to_record(),
            "themes": sorted(row["theme"] for row in self.themes),
            "signals": sorted(row["signal"] for row in self.signals),
            "evidence": {
                "themes": [own(row) for row in self.themes],
                "signals": [own(row) for row in self.signals],
            },
        }


def explain(row: dict[str, Any]) -> str:
    """One theme row as a line: the slug, then the pattern and the sentence that matched."""
    manual = " (manual)" if row["manual"] else ""
    if row["pattern"] is None:
        return f"{row['theme']}{manual}: tagged by hand"
    return f'{row["theme"]}{manual}: "{row["pattern"]}" in: {row["sentence"]}'


def note_evidence(store: Store, note_id: int) -> NoteEvidence:
    note = store.get(note_id)
    themes = store.conn.execute(
        "SELECT * FROM note_themes WHERE note_id = ? ORDER BY manual DESC, theme", (note_id,)
    )
    signals = store.conn.execute(
        "SELECT * FROM note_signals WHERE note_id = ? ORDER BY signal", (note_id,)
    )
    return NoteEvidence(
        note.sentiment, note.sentiment_label, [dict(r) for r in themes], [dict(r) for r in signals]
    )
