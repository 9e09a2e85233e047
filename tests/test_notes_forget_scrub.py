"""After `voc forget` the erased words are gone from the file's bytes, without rewriting the
whole file; a full disk that stops the scrub is told truthfully and finished later."""

import resource
import subprocess
import sys
from pathlib import Path

from test_notes_forget import SECRET, SECRET_STEM, file_bytes

from voc.intake.write import insert as insert_note
from voc.notes.engine import sqlite3
from voc.notes.forget import erases_in_place
from voc.notes.note import Note
from voc.notes.store import Store

FILLER = "The dashboard export keeps timing out for the finance team every Monday morning"


def run_voc(*args: str, preexec=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "voc", *args],
        capture_output=True,
        text=True,
        preexec_fn=preexec,
        timeout=60,
    )


def seed_many(db_file: Path, count: int) -> None:
    """Enough notes that merging the full-text index writes far more than the delete;
    Zelda's note among them, so her words share the index's segments with theirs."""
    with Store.open(db_file) as store, store.transaction():
        for i in range(count):
            text = f"{FILLER} w{i} v{i * 7} u{i * 13}"
            insert_note(store, Note(text=text, source="support", customer=f"Customer {i}"))
            if i == count // 2:
                text = f"The export is {SECRET} slow."
                insert_note(store, Note(text=text, source="support", customer="Zelda Quist"))


def scrubbed_at(db_file: Path) -> list:
    conn = sqlite3.connect(db_file)
    rows = [r[0] for r in conn.execute("SELECT scrubbed_at FROM erasures")]
    conn.close()
    return rows


def in_place(db_file: Path) -> bool:
    conn = sqlite3.connect(db_file)
    try:
        return erases_in_place(conn)
    finally:
        conn.close()


def _file_size_limit(limit: int):
    def apply() -> None:
        # Python ignores SIGXFSZ, so a write past the limit fails as on a full disk.
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_full_disk_during_the_scrub_is_told_and_the_next_command_finishes_it(voc, db_file):
    seed_many(db_file, 6000)
    assert not Path(f"{db_file}-wal").exists()
    limit = 250_000  # the delete fits in the WAL; the merged full-text index does not
    result = run_voc("forget", "-c", "Zelda Quist", "--yes", preexec=_file_size_limit(limit))
    assert result.returncode == 1, result.stderr
    assert "nothing was half-written" not in result.stderr
    last = result.stderr.splitlines()[-1]
    assert last.startswith("voc: error: erased 1 note(s) and 1 row(s) in all, but")
    assert "their words are still on disk until it can finish" in last
    assert last.endswith("free some space; the next voc command finishes it")
    # Truly not finished (the checks can fail): the -wal still holds pages not copied
    # back; where the index merges instead of erasing in place, her word is still there.
    # (Read before any connection: the last one to close would fold the -wal in.)
    wal = Path(f"{db_file}-wal")
    assert wal.exists() and wal.stat().st_size > 0
    if SECRET_STEM not in file_bytes(db_file):
        assert in_place(db_file)
    assert scrubbed_at(db_file) == [None]  # pending

    listed = run_voc("list", "--all", "--format", "jsonl")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.count("\n") == 6000
    assert SECRET_STEM not in file_bytes(db_file)
    assert scrubbed_at(db_file)[0] is not None
    assert not wal.exists() or wal.stat().st_size == 0


def test_the_scrub_leaves_the_index_whole_and_searchable(voc, db_file):
    seed_many(db_file, 200)
    voc("forget", "-c", "Zelda Quist", "--yes")
    conn = sqlite3.connect(db_file)
    conn.execute("INSERT INTO notes_fts (notes_fts) VALUES ('integrity-check')")
    hits = conn.execute("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'dashboard'")
    assert hits.fetchone()[0] == 200
    gone = conn.execute("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH ?", (SECRET,))
    assert gone.fetchone()[0] == 0
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert SECRET.encode() not in file_bytes(db_file)


def test_forget_does_not_rewrite_the_whole_file(voc, db_file):
    """No VACUUM: pages that hold nothing erased keep their place (a VACUUM renumbers the
    notes table's pages, so its first page would move or change)."""
    seed_many(db_file, 2000)
    before = db_file.read_bytes()
    voc("forget", "-c", "Zelda Quist", "--yes")
    after = db_file.read_bytes()
    page = 4096
    same = sum(before[i : i + page] == after[i : i + page] for i in range(0, len(before), page))
    assert same > 0.5 * len(before) / page
