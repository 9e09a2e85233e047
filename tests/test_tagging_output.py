"""What tagging stores for a corpus of real text (themes, signals, terms, sentiment) is the
same whichever path tags it, this process or a pool of workers writing several chunks a
transaction, and the same as recorded in tests/golden/tagging-output.jsonl: work on
tagging speed must not change a stored value. After an intended tagging change, regenerate
the record (and read its diff) with

    VOC_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_tagging_output.py
"""

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import DATA, ROOT

from voc.intake.write import insert as insert_note
from voc.nlp import workers as nlp_workers
from voc.notes.note import Note
from voc.notes.store import Store
from voc.tagging import run
from voc.tagging.run import refresh

GOLDEN = Path(__file__).parent / "golden" / "tagging-output.jsonl"
UPDATE = bool(os.environ.get("VOC_UPDATE_GOLDEN"))
EDGE_CASES = [
    "<p>The invoice is <b>wrong</b></p> and support never replied!!! 😡",
    "SLOWWW.... the app keeps crashing... why???",
    "ok",
    "👍👍👍",
    "Not bad. Not great either; the export to CSV fails, but support was quick :)",
    "We're switching to Acme unless SSO ships — the dashboard is confusing and too slow.",
]


def corpus() -> list[str]:
    """Short and long notes: the labelled eval set, the example notes, real tweets and
    review sentences alone and joined a few at a time (long notes, many sentences)."""
    eval_notes = (ROOT / "examples" / "eval" / "notes.jsonl").read_text(encoding="utf-8")
    examples = (ROOT / "examples" / "notes.jsonl").read_text(encoding="utf-8")
    tweets = (DATA / "tagging" / "tweets.txt").read_text(encoding="utf-8").splitlines()
    reviews = (DATA / "tagging" / "opinosis.txt").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in eval_notes.splitlines() + examples.splitlines()]
    texts += tweets + reviews + EDGE_CASES
    texts += [" ".join(tweets[i : i + 6]) for i in range(0, len(tweets), 6)]
    texts += [" ".join(reviews[i : i + 10]) for i in range(0, len(reviews), 10)]
    return texts


def dump(store: Store) -> list[dict]:
    """Per note, everything tagging wrote, rows in the order they were written."""
    conn = store.conn
    notes = []
    for note_id, sentiment, label, version in conn.execute(
        "SELECT id, sentiment, sentiment_label, tagged_with FROM notes ORDER BY id"
    ):
        notes.append(
            {
                "id": note_id,
                "sentiment": [sentiment, label, version is not None],
                "themes": _rows(conn, "note_themes", note_id),
                "signals": _rows(conn, "note_signals", note_id),
                "terms": [r[0] for r in _rows(conn, "note_terms", note_id, "term")],
            }
        )
    return notes


def _rows(conn, table: str, note_id: int, columns: str = "*") -> list[list]:
    """The rows' values but the note id."""
    cursor = conn.execute(f"SELECT {columns} FROM {table} WHERE note_id = ? ORDER BY rowid",
                          (note_id,))  # fmt: skip
    keep = [i for i, column in enumerate(cursor.description) if column[0] != "note_id"]
    return [[row[i] for i in keep] for row in cursor]


@pytest.fixture(scope="module")
def untagged(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("output") / "untagged.db"
    with Store.open(path) as store, store.transaction():
        for i, text in enumerate(corpus()):
            day = f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:00:00Z"
            insert_note(store, Note(text=text, occurred_at=day, captured_at=day, origin=f"t:{i}"))
    return path


def tagged(untagged: Path, tmp_path: Path, workers: int, warm: int | None = None) -> list[dict]:
    """`warm`: notes each process tags before it tags in memory zones (default: none of
    this corpus is tagged in one)."""
    path = tmp_path / f"tagged-{workers}-{warm}.db"
    shutil.copy(untagged, path)
    with pytest.MonkeyPatch.context() as patch, Store.open(path) as store:
        # Small chunks and writes: many tasks, results of several chunks per transaction.
        patch.setattr(run, "CHUNK", 24)
        patch.setattr(run, "WRITE_NOTES", 60)
        patch.setattr(nlp_workers, "_tagged_here", 0)
        patch.setattr(nlp_workers, "WARM_NOTES", 10**9 if warm is None else warm)
        patch.setattr(nlp_workers, "TRIM_NOTES", 50)  # freed memory given back between zones
        result = refresh(store, workers=workers)
        assert result.tagged == len(corpus())
        return dump(store)


def test_one_process_and_a_pool_of_workers_store_the_same(untagged, tmp_path):
    alone = tagged(untagged, tmp_path, workers=0)
    assert tagged(untagged, tmp_path, workers=2) == alone
    assert sum(len(n["themes"]) for n in alone) > 300
    assert sum(len(n["terms"]) for n in alone) > 3000


@pytest.mark.parametrize(("workers", "warm"), [(0, 100), (2, 0)])
def test_tagging_in_memory_zones_stores_the_same(untagged, tmp_path, workers, warm):
    # Zones free the words first met inside them (spaCy's strings and voc's word caches):
    # a word met again in a later zone, a stretched word squeezed to a known one, must
    # come out as it did the first time. warm=0: every chunk in a zone, the first too.
    alone = tagged(untagged, tmp_path, workers=0)
    assert tagged(untagged, tmp_path, workers, warm) == alone


def test_what_is_stored_is_what_was_recorded(untagged, tmp_path):
    lines = "".join(
        json.dumps(note, ensure_ascii=False) + "\n" for note in tagged(untagged, tmp_path, 0)
    )
    if UPDATE:
        GOLDEN.write_text(lines, encoding="utf-8")
    recorded = GOLDEN.read_text(encoding="utf-8")
    changed = set(lines.splitlines()) - set(recorded.splitlines())
    assert lines == recorded, f"{len(changed)} notes differ, one: {next(iter(changed), '')}"
