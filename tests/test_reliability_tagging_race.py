"""A note changed by hand while the tagger has it in hand must not be marked current with
themes from before the change."""

import json

import pytest

from voc.notes.engine import sqlite3
from voc.tagging.results import write_results
from voc.tagging.run import tag_chunk


@pytest.mark.parametrize("change", ["tag", "date"])
def test_a_hand_change_during_tagging_is_not_lost(voc, db_file, change):
    from voc.notes.store import Store

    voc("capture", "The invoice was wrong twice", "-s", "support", "-d", "2026-11-18")
    with Store.open(db_file) as store:
        chunk = tag_chunk(store, [1])  # read and tagged; the write comes later
        if change == "tag":
            voc("tag", "1", "--add", "racecheck", "--new")
        else:
            voc("edit", "1", "--date", "2026-01-05")
        write_results(store, chunk.pending, chunk.results, chunk.version)
    with sqlite3.connect(db_file) as conn:
        current = conn.execute("SELECT tagged_with IS NOT NULL FROM notes").fetchone()[0]
        themes = conn.execute("SELECT theme, occurred_at FROM note_themes").fetchall()
    if current:  # marked current: its derived rows must reflect the change
        if change == "tag":
            assert ("racecheck",) in [(t,) for t, _ in themes], themes
        else:
            assert all(d.startswith("2026-01-05") for _, d in themes), themes
    # Whatever the race did, the next command that reads themes sees the change.
    if change == "tag":
        found = voc("list", "--theme", "racecheck", "--format", "json").stdout
    else:
        found = voc(
            "list", "--theme", "billing", "--until", "2026-01-05", "--format", "json"
        ).stdout
    assert [note["id"] for note in json.loads(found)] == [1]
