"""Writing the pipeline's results: each tagged note's themes, signals and terms replace
what it had, and the note is marked current.

Manual tags (`notes.tags`) are written as `manual = 1` rows and always win; automatic
themes listed in `notes.untags` are left out.
"""

from collections.abc import Iterable

from voc.notes.store import Store
from voc.tagging.pending import PendingNote


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
            'sentence, start, "end", sentiment, stance) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
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
        (note.id, note.occurred_at, 1, slug, None, None, None, None, None, None, None)
        for slug in sorted(manual - found)
    ]
    return rows
