"""The fast paths of tagging's write keep its guarantees: results of many notes are written
with one statement each, yet a note changed while the pipeline held it stays stale."""

from voc.intake.write import add as add_note
from voc.notes.note import Note
from voc.notes.store import Store
from voc.tagging.manual import change_manual_tags
from voc.tagging.pending import stale_ids
from voc.tagging.results import write_results
from voc.tagging.run import refresh, tag_chunk

DAY = "2026-11-20T12:00:00Z"


def test_one_note_edited_mid_batch_stays_stale_and_the_others_are_written(db_file):
    texts = ["The invoice was wrong.", "The app keeps crashing.", "Support never replied."]
    with Store.open(db_file) as store:
        ids = [add_note(store, Note(text=t, occurred_at=DAY, captured_at=DAY))[0].id for t in texts]
        chunk = tag_chunk(store, ids)
        store.update(ids[1], {"text": "Love the new dashboard."})
        assert write_results(store, chunk.pending, chunk.results, chunk.version) == 2
        rows = store.conn.execute("SELECT note_id, theme FROM note_themes ORDER BY note_id")
        assert [tuple(r) for r in rows] == [(ids[0], "billing"), (ids[2], "support")]
        assert list(stale_ids(store, chunk.version)) == [ids[1]]
        terms = {r[0] for r in store.conn.execute("SELECT note_id FROM note_terms")}
        assert ids[1] not in terms


def test_manual_tags_and_untags_still_shape_the_rows(db_file):
    text = "The invoice is wrong and the app is slow."
    with Store.open(db_file) as store:
        note, _ = add_note(
            store, Note(text=text, occurred_at=DAY, captured_at=DAY, tags=["pricing"])
        )
        change_manual_tags(store, note.id, add=[], remove=["performance"])
        refresh(store)
        rows = store.conn.execute(
            "SELECT theme, manual FROM note_themes WHERE note_id = ?", (note.id,)
        )
        assert dict(rows.fetchall()) == {"billing": 0, "pricing": 1}
