"""`voc search` finds the forms of a word (porter stems, m013), best match first."""

import json

from voc.notes.engine import sqlite3
from voc.notes.store import Store


def ids(result) -> list[int]:
    return [note["id"] for note in json.loads(result.stdout)]


def capture(voc, text: str) -> None:
    voc("capture", text, "-s", "support", "-d", "2026-11-02")


def test_search_finds_inflected_forms(voc):
    capture(voc, "Invoices are confusing")
    capture(voc, "They were invoiced twice")
    capture(voc, "The export is slow")
    assert sorted(ids(voc("search", "invoice", "--format", "json"))) == [1, 2]
    assert ids(voc("search", "confused", "--format", "json")) == [1]


def test_search_puts_the_best_match_first(voc):
    capture(voc, "One invoice, and a long story about the weather, the team and the roadmap")
    capture(voc, "Invoice after invoice: the invoices never add up")
    assert ids(voc("search", "invoices", "--format", "json")) == [2, 1]


def test_a_database_indexed_before_m013_is_reindexed_by_stem(voc, db_file):
    capture(voc, "Invoices are confusing")
    _undo_m013(db_file)
    assert ids(voc("search", "invoice", "--format", "json")) == [1]


def _undo_m013(path) -> None:
    """Put the file back as voc left it before m013: whole-word index, schema 11."""
    Store.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.executescript(
            """
            DROP TABLE notes_fts;
            CREATE VIRTUAL TABLE notes_fts USING fts5 (title, text, content='notes');
            INSERT INTO notes_fts (notes_fts) VALUES ('rebuild');
            DROP TABLE account_aliases;
            DELETE FROM _sqlite_migrations WHERE name LIKE 'm013%';
            PRAGMA user_version = 11;
            """
        )
        found = conn.execute("SELECT rowid FROM notes_fts WHERE notes_fts MATCH 'invoice'")
        assert found.fetchall() == []  # the old index really misses the plural
