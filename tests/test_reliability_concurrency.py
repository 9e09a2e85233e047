"""Several voc processes writing one database at once: every note arrives exactly once.

Real child processes (`python -m voc`), started together against one file, the first
round against a file that does not exist yet (so they also race to create the schema).
"""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROUNDS = 3


def start_capture(text: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "voc", "capture", text, *args, "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(procs: list[subprocess.Popen]) -> list[dict]:
    """Wait for all; each must succeed and print the note it stored."""
    stored = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        stored.append(json.loads(out))
    return stored


def stored_texts(db_file: Path) -> list[str]:
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [row[0] for row in conn.execute("SELECT text FROM notes")]


@pytest.mark.parametrize("workers", [2, 8])
def test_concurrent_captures_store_every_note_exactly_once(db_file, workers):
    expected = []
    for round_no in range(ROUNDS):
        texts = [f"Round {round_no}, worker {w}: the invoice page is slow" for w in range(workers)]
        procs = [start_capture(t, "-s", "support", "-a", f"Acct{w}") for w, t in enumerate(texts)]
        stored = finish(procs)
        assert sorted(n["text"] for n in stored) == sorted(texts)
        expected += texts
    texts = stored_texts(db_file)
    assert sorted(texts) == sorted(expected)
    assert len(set(texts)) == len(texts)


def test_concurrent_captures_with_one_origin_store_one_note(db_file):
    """A script retried on several machines at once: the same `--origin` key, one note."""
    procs = [
        start_capture(f"Call summary, try {i}", "--origin", "crm:call:8812", "-s", "sales")
        for i in range(6)
    ]
    stored = finish(procs)
    assert len({note["id"] for note in stored}) == 1
    assert len({note["uid"] for note in stored}) == 1
    assert len(stored_texts(db_file)) == 1


def test_listing_while_others_capture_sees_only_whole_notes(db_file):
    """A reader between writers sees each note complete: text, fields and search index."""
    writers = [start_capture(f"Note {i}: exports time out daily", "-s", "review") for i in range(6)]
    readers = [
        subprocess.Popen(
            [sys.executable, "-m", "voc", "search", "exports", "--format", "json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    finish(writers)
    for reader in readers:
        out, err = reader.communicate(timeout=120)
        assert reader.returncode == 0, err
        for note in json.loads(out):
            assert note["text"].endswith("exports time out daily")
            assert note["source"] == "review"
    assert len(stored_texts(db_file)) == 6
