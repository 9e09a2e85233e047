"""Keeping tags current: stale notes re-tagged, manual tags winning, one batch, real SQLite."""

import json
import multiprocessing
import platform

import pytest

from voc.intake.write import add as add_note
from voc.notes.note import Note
from voc.notes.store import Store
from voc.tagging import run
from voc.tagging.evidence import note_evidence
from voc.tagging.manual import change_manual_tags
from voc.tagging.pending import stale_ids
from voc.tagging.run import refresh

DAY = "2026-11-20T12:00:00Z"


@pytest.fixture
def store(db_file):
    with Store.open(db_file) as opened:
        yield opened


def add(store: Store, text: str, **fields) -> int:
    note, _ = add_note(store, Note(text=text, occurred_at=DAY, captured_at=DAY, **fields))
    return note.id


def themes(store: Store, note_id: int) -> dict[str, int]:
    rows = store.conn.execute("SELECT theme, manual FROM note_themes WHERE note_id = ?", (note_id,))
    return {theme: manual for theme, manual in rows}


def test_untagged_notes_are_tagged_once(store):
    first = add(store, "The invoice is wrong and support never replied.")
    second = add(store, "Love the new dashboard!")
    result = refresh(store)
    assert result.tagged == 2
    assert set(themes(store, first)) == {"billing", "support"}
    assert "praise" in themes(store, second)
    note = store.get(first)
    assert note.tagged_with == result.version and note.sentiment_label == "negative"
    signals = {r[0] for r in store.conn.execute("SELECT signal FROM note_signals")}
    assert {"pain", "praise"} <= signals
    assert refresh(store).tagged == 0


def test_editing_the_taxonomy_makes_every_note_stale(store, tmp_path):
    note_id = add(store, "Acme is cheaper than you.")
    refresh(store)
    assert "competitor/acme" not in themes(store, note_id)
    path = tmp_path / "themes.toml"
    path.write_text('[themes.competitor]\ngroup = true\n[themes."competitor/acme"]\n'
                    'patterns = ["acme"]\n')  # fmt: skip
    result = refresh(store, themes_path=path)
    assert result.tagged == 1
    assert themes(store, note_id) == {"competitor/acme": 0}
    assert refresh(store, themes_path=path).tagged == 0


def test_an_edited_note_is_tagged_again(store):
    note_id = add(store, "The invoice is wrong.")
    refresh(store)
    store.update(note_id, {"text": "The app crashes on my iPhone."})
    assert not stale_ids(store, refresh(store).version)
    assert set(themes(store, note_id)) == {"mobile", "reliability"}


def test_manual_tags_win_and_survive_retagging(store):
    note_id = add(store, "The invoice is wrong and the app is slow.", tags=["pricing"])
    refresh(store)
    assert themes(store, note_id)["pricing"] == 1
    change_manual_tags(store, note_id, add=["onboarding"], remove=["performance"])
    assert "performance" not in themes(store, note_id)
    assert themes(store, note_id)["onboarding"] == 1
    refresh(store, force=True)
    assert themes(store, note_id) == {"billing": 0, "onboarding": 1, "pricing": 1}
    note = store.get(note_id)
    assert note.tags == ["onboarding", "pricing"] and note.untags == ["performance"]
    change_manual_tags(store, note_id, add=["performance"], remove=[])
    refresh(store, force=True)
    assert themes(store, note_id)["performance"] == 1


def test_a_manual_tag_the_pipeline_also_finds_keeps_its_evidence(store):
    note_id = add(store, "Please refund the duplicate charge.", tags=["billing"])
    refresh(store)
    row = next(r for r in note_evidence(store, note_id).themes if r["theme"] == "billing")
    assert row["manual"] == 1 and row["pattern"] == "refund"
    assert row["sentence"] == "Please refund the duplicate charge."


def test_a_note_whose_text_was_retained_keeps_its_themes(store):
    note_id = add(store, "The invoice is wrong.")
    version = refresh(store).version
    store.conn.execute(
        "UPDATE notes SET text = 'redacted', retained_at = ?, tagged_with = NULL WHERE id = ?",
        (DAY, note_id),
    )
    assert not stale_ids(store, version)
    refresh(store, force=True)
    assert themes(store, note_id) == {"billing": 0}


def test_uncovered_terms_are_written_for_suggestions(store):
    note_id = add(store, "The bank feed dropped again, the bank feed is flaky.")
    refresh(store)
    terms = {r[0] for r in store.conn.execute("SELECT term FROM note_terms WHERE note_id = ?",
                                               (note_id,))}  # fmt: skip
    assert {"bank", "bank feed", "feed"} <= terms
    assert len(terms) == len(set(terms))


def test_tagging_does_not_reindex_the_text_but_editing_does(store):
    note_id = add(store, "The invoice is wrong.")
    refresh(store)
    search = "SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?"
    assert [r[0] for r in store.conn.execute(search, ("invoice",))] == [note_id]
    store.update(note_id, {"text": "The payment page is down."})
    assert list(store.conn.execute(search, ("invoice",))) == []
    assert [r[0] for r in store.conn.execute(search, ("payment",))] == [note_id]


def test_a_pool_of_workers_tags_in_chunks_and_writes_everything(store, monkeypatch):
    monkeypatch.setattr(run, "CHUNK", 8)
    texts = ["The invoice is wrong.", "Love it!", "Export to CSV fails.", "Is there a way to"]
    ids = [add(store, f"{texts[i % 4]} ({i})") for i in range(40)]
    result = refresh(store, workers=2)
    assert result.tagged == 40
    counts = dict(store.conn.execute("SELECT theme, count(*) FROM note_themes GROUP BY theme"))
    assert counts["billing"] == 10 and counts["import_export"] == 10
    assert not stale_ids(store, result.version)
    assert json.loads(json.dumps(ids)) == ids


def test_tagging_s_larger_page_cache_is_given_back(db_file):
    from voc.notes.note import Note
    from voc.notes.store import Store

    day = "2026-11-20T12:00:00Z"
    with Store.open(db_file) as store:
        add_note(store, Note(text="The invoice was wrong.", occurred_at=day, captured_at=day))
        before = store.conn.execute("PRAGMA cache_size").fetchone()[0]
        assert refresh(store).tagged == 1
        assert store.conn.execute("PRAGMA cache_size").fetchone()[0] == before


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_freed_memory_is_given_back_to_the_system():
    from pathlib import Path

    from voc.nlp import heap

    def resident_kib() -> int:
        status = Path("/proc/self/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines() if "VmRSS" in line))

    assert heap.give_back() is True  # the C library is found (and loaded before measuring)
    # Many small blocks, most freed: what a zone leaves behind in the heap.
    held = [bytearray(200) for _ in range(300_000)]
    del held[::2], held[: len(held) - 1000]
    before = resident_kib()
    heap.give_back()
    assert resident_kib() < before  # without the trim it stayed exactly the same


def _worker_gc() -> tuple:
    import gc

    return gc.get_threshold(), gc.get_freeze_count()


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="fork only")
def test_forked_workers_leave_what_they_inherit_to_the_garbage_collector_s_freezer():
    import gc

    threshold = gc.get_threshold()
    with run._pool(1, (None, None)) as pool:
        worker_threshold, frozen = pool.apply(_worker_gc)
    assert frozen > 1000  # the modules, and the pipeline when there is one
    assert worker_threshold[0] == threshold[0] * 10 and worker_threshold[1:] == threshold[1:]
    # this process collects as it did
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == threshold


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="fork only")
def test_a_caller_s_own_frozen_objects_stay_frozen():
    import gc

    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with run._pool(1, (None, None)) as pool:
            pool.apply(_worker_gc)
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()
