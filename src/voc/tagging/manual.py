"""`voc tag`: themes added and removed by hand, applied to the note's theme rows at once.

A tag added by hand is a `manual = 1` row that re-tagging keeps; a removed one goes in
`notes.untags`, and the pipeline's finding of it is left out from then on.
"""

import json

from voc.notes.note import clean_tags
from voc.notes.store import Store


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
