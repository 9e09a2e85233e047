"""A note changed by hand while the tagger has it in hand must not be marked current with
themes from before the change."""

import json
import sqlite3

import pytest

from voc import tagging
from voc.nlp import refresh
from voc.nlp.pipeline import pipeline_version
from voc.themes.taxonomy import load_taxonomy


def tag_in_hand(store, note_id):
    """What refresh() does for one chunk: read it, tag the texts (the write comes later)."""
    taxonomy = load_taxonomy(None)
    version = pipeline_version(taxonomy.version, None)
    refresh._NLP = refresh._pipeline(taxonomy.path, version, None)
    pending = {n.id: n for n in tagging.read_pending(store, [note_id])}
    return pending, refresh.tag_texts(refresh._texts(pending)), version


@pytest.mark.parametrize("change", ["tag", "date"])
def test_a_hand_change_during_tagging_is_not_lost(voc, db_file, change):
    from voc.notes.store import Store

    voc("capture", "The invoice was wrong twice", "-s", "support", "-d", "2026-11-18")
    with Store.open(db_file) as store:
        pending, results, version = tag_in_hand(store, 1)
        if change == "tag":
            voc("tag", "1", "--add", "racecheck", "--new")
        else:
            voc("edit", "1", "--date", "2026-01-05")
        tagging.write_results(store, pending, results, version)
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
