"""The SQLite file: schema, migrations, refusal of files voc cannot use, concurrent writers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from voc.errors import DatabaseError
from voc.intake.write import add as add_note
from voc.notes import migrations
from voc.notes.engine import sqlite3
from voc.notes.note import Note
from voc.notes.store import LATEST_SCHEMA, Store

VOC = [sys.executable, "-m", "voc"]


def test_latest_schema_matches_the_migrations():
    assert migrations.latest_version() == LATEST_SCHEMA


def test_a_new_database_gets_every_migration_once(tmp_path):
    path = tmp_path / "new.db"
    Store.open(path).close()
    Store.open(path).close()  # opening again applies nothing twice
    with sqlite3.connect(path) as conn:
        applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert applied == [m.name for m in migrations.migrations._migrations]
    assert version == LATEST_SCHEMA
    assert mode == "wal"
    assert {"notes", "notes_fts", "note_themes", "note_signals", "erasures"} <= tables


def test_the_notes_table_is_pinned(tmp_path):
    with Store.open(tmp_path / "s.db") as store:
        columns = [r[1] for r in store.conn.execute("PRAGMA table_info(notes)")]
    assert columns[:22] == [
        "id",
        "uid",
        "text",
        "title",
        "source",
        "customer",
        "account",
        "author",
        "occurred_at",
        "captured_at",
        "quotable",
        "origin",
        "dedupe_key",
        "tags",
        "untags",
        "attachments",
        "contact_hash",
        "session_id",
        "question_key",
        "tagged_with",
        "sentiment",
        "sentiment_label",
    ]


def test_parent_folders_are_created(tmp_path):
    path = tmp_path / "a" / "b" / "voc.db"
    Store.open(path).close()
    assert path.exists()


def test_a_database_from_a_newer_voc_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "future.db"
    Store.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST_SCHEMA + 1}")
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match=r"written by a newer voc .* upgrade voc"):
        Store.open(path)
    assert path.read_bytes() == before


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(voc, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"these are my notes, not a database\n" * 200)
    before = path.read_bytes()
    result = voc("--db", str(path), "capture", "hello", code=1)
    assert result.stderr.startswith(f"voc: error: {path} is not a voc database")
    assert result.stderr.count("\n") == 1
    assert path.read_bytes() == before


def test_a_folder_is_not_a_database(voc, tmp_path):
    result = voc("--db", str(tmp_path), "list", code=1)
    assert result.stderr == f"voc: error: {tmp_path} is a folder, not a database file\n"


def test_store_api_without_the_cli(tmp_path):
    with Store.open(tmp_path / "api.db") as store:
        note, created = add_note(
            store,
            Note(
                text="plain api",
                occurred_at="2026-11-01T00:00:00Z",
                captured_at="2026-11-01T00:00:00Z",
            ),
        )
        assert created and note.id == 1
        again, created = add_note(store, note)  # same uid: not stored twice
        assert not created and again.id == 1
        assert store.count() == 1


def test_fts_follows_insert_update_delete(tmp_path):
    with Store.open(tmp_path / "fts.db") as store:
        note, _ = add_note(store, Note(text="alpha", occurred_at="x", captured_at="x"))

        def matches(word: str) -> list[int]:
            sql = "SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?"
            return [row[0] for row in store.conn.execute(sql, (word,))]

        assert matches("alpha") == [1]
        store.update(note.id, {"text": "beta"})
        assert (matches("alpha"), matches("beta")) == ([], [1])
        store.delete(note.id)
        assert matches("beta") == []


def test_concurrent_captures_all_arrive(tmp_path):
    """Eight processes capture into one new database at the same moment."""
    env = {**os.environ, "VOC_DB": str(tmp_path / "busy.db"), "VOC_CONFIG_DIR": str(tmp_path)}
    procs = [
        subprocess.Popen(
            [*VOC, "capture", f"note {i}", "-s", "support"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for i in range(8)
    ]
    results = [(*p.communicate(timeout=60), p.returncode) for p in procs]
    assert [r[2] for r in results] == [0] * 8, [r[1] for r in results]
    with sqlite3.connect(Path(env["VOC_DB"])) as conn:
        texts = sorted(r[0] for r in conn.execute("SELECT text FROM notes"))
    assert texts == sorted(f"note {i}" for i in range(8))
