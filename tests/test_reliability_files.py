"""A database file voc cannot use is refused with a message naming it, and never changed.

These run the real `voc` as a child process (`python -m voc`): the file faults (a read-only
file, a size limit) must be the operating system's, not something a test patched in.
"""

import ctypes
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from voc.intake.capture import build_note
from voc.intake.write import add as add_note
from voc.notes.engine import sqlite3
from voc.notes.store import Store

CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, PR_CAPBSET_DROP = 1, 2, 24


def run_voc(*args: str, input: str | None = None, preexec=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "voc", *args],
        input=input,
        capture_output=True,
        text=True,
        preexec_fn=preexec,
        timeout=60,
    )


def seeded_db(voc, db_file: Path, count: int = 3) -> Path:
    for i in range(count):
        voc("capture", f"Note number {i}: the export is slow", "-s", "support", "-a", "Acme")
    assert not Path(f"{db_file}-wal").exists(), "voc left its WAL behind on close"
    return db_file


def table_root_page(db_file: Path, name: str) -> int:
    with sqlite3.connect(db_file) as conn:
        return conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)
        ).fetchone()[0]


def overwrite(path: Path, offset: int, length: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset : offset + length] = b"\xa5" * length
    path.write_bytes(bytes(data))


def refused(result: subprocess.CompletedProcess, path: Path, *words: str) -> None:
    """One `voc: error:` line naming the file (and what went wrong); no traceback."""
    assert result.returncode == 1, result
    assert result.stdout == ""
    assert result.stderr.startswith("voc: error: "), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert str(path) in result.stderr
    for word in words:
        assert word in result.stderr


COMMANDS = [
    ("capture", "A new note"),
    ("list", "--format", "json"),
    ("search", "export"),
    ("show", "1"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_a_file_that_is_not_sqlite_is_refused_untouched(db_file, args):
    db_file.write_bytes(b"id,text\n1,Customer notes kept as a spreadsheet\n" * 50)
    before = db_file.read_bytes()
    refused(run_voc(*args), db_file, "not a database")
    assert db_file.read_bytes() == before
    assert not Path(f"{db_file}-wal").exists()


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_a_damaged_notes_table_is_refused_untouched(voc, db_file, args):
    seeded_db(voc, db_file)
    page_size = 4096
    root = table_root_page(db_file, "notes")
    overwrite(db_file, (root - 1) * page_size, page_size)
    before = db_file.read_bytes()
    refused(run_voc(*args), db_file, "malformed", "backup")
    assert db_file.read_bytes() == before


def test_a_damaged_schema_is_refused_untouched(voc, db_file):
    seeded_db(voc, db_file)
    overwrite(db_file, 100, 3000)  # page 1 past the header: the schema table itself
    before = db_file.read_bytes()
    for args in COMMANDS:
        refused(run_voc(*args), db_file, "malformed")
    assert db_file.read_bytes() == before


def test_a_database_from_a_newer_voc_is_refused_untouched(voc, db_file):
    seeded_db(voc, db_file)
    with sqlite3.connect(db_file) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")  # as a newer voc might leave it
        conn.execute("PRAGMA user_version = 99")
    before = db_file.read_bytes()
    for args in COMMANDS:
        refused(run_voc(*args), db_file, "newer voc", "upgrade")
    assert db_file.read_bytes() == before


def test_another_programs_sqlite_database_is_refused_untouched(db_file):
    with sqlite3.connect(db_file) as conn:
        conn.execute("CREATE TABLE bookmarks (url TEXT)")
        conn.execute("INSERT INTO bookmarks VALUES ('https://example.com')")
    conn.close()
    before = db_file.read_bytes()
    for args in COMMANDS:
        refused(run_voc(*args), db_file, "not a voc database")
    assert db_file.read_bytes() == before


def test_an_empty_file_becomes_a_new_database(db_file):
    """voc itself creates an empty file first, so zero bytes is a fresh start, not damage."""
    db_file.touch()
    assert run_voc("capture", "First note").returncode == 0
    assert run_voc("list", "--format", "jsonl").stdout.count("\n") == 1


# -- read-only -----------------------------------------------------------------------------


def _without_root_override() -> None:
    """In the child: as root, drop the capabilities that ignore file modes, so a
    read-only file is read-only (CI may run as root in a container)."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "cannot drop CAP_DAC_OVERRIDE")


def notes_in(db_file: Path) -> list[str]:
    with Store.open(db_file) as store:
        return [r[0] for r in store.conn.execute("SELECT text FROM notes ORDER BY id")]


def test_a_read_only_file_can_be_read_but_not_written(voc, db_file):
    seeded_db(voc, db_file)
    db_file.chmod(0o400)
    before = db_file.read_bytes()
    listed = run_voc("list", "--format", "jsonl", preexec=_without_root_override)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.count("\n") == 3
    result = run_voc("capture", "Should not be stored", preexec=_without_root_override)
    refused(result, db_file, "readonly", "write")
    assert db_file.read_bytes() == before
    db_file.chmod(0o600)
    assert len(notes_in(db_file)) == 3


def test_a_read_only_folder_is_a_clear_error(voc, db_file):
    seeded_db(voc, db_file)
    before = db_file.read_bytes()
    db_file.parent.chmod(0o500)
    try:
        result = run_voc("capture", "Should not be stored", preexec=_without_root_override)
    finally:
        db_file.parent.chmod(0o700)
    refused(result, db_file)
    assert db_file.read_bytes() == before
    assert len(notes_in(db_file)) == 3


def test_a_new_database_in_a_read_only_folder_is_a_clear_error(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    target = folder / "sub" / "voc.db"
    result = run_voc("--db", str(target), "capture", "Hello", preexec=_without_root_override)
    folder.chmod(0o700)
    refused(result, target, "cannot create")
    assert not target.exists()


# -- a full disk -----------------------------------------------------------------------------


def _file_size_limit(limit: int):
    def apply() -> None:
        # Python ignores SIGXFSZ, so a write past the limit fails with EFBIG, as on a full disk.
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_write_the_disk_refuses_stores_nothing(voc, db_file):
    seeded_db(voc, db_file)
    before = notes_in(db_file)
    # A note near the maximum size (voc.intake.size), more than the limit lets any file
    # grow: the -wal file, where the write goes first, is held to the same limit.
    big = "The invoice flow is confusing. " * 6_400
    limit = db_file.stat().st_size + 20_000
    result = run_voc("capture", "-s", "support", input=big, preexec=_file_size_limit(limit))
    refused(result, db_file, "nothing was half-written")
    assert notes_in(db_file) == before
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert run_voc("capture", "After the disk has room again").returncode == 0
    assert len(notes_in(db_file)) == 4


def test_a_full_database_keeps_every_note_it_accepted_whole(db_file):
    """`PRAGMA max_page_count` caps the file: each add either stores the whole note, text
    and search index, or raises and stores nothing of it."""
    stored: list[str] = []
    with Store.open(db_file) as store:
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages + 12}")
        with pytest.raises(sqlite3.OperationalError, match="full"):
            for i in range(10_000):
                text = f"note {i}: " + "the sync keeps failing on large files. " * 30
                add_note(store, build_note(text, source="support"))
                stored.append(text.strip())
    assert len(stored) > 3
    assert notes_in(db_file) == stored
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        hits = conn.execute("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'sync'")
        assert hits.fetchone()[0] == len(stored)


def test_a_folder_given_as_the_database_is_refused(voc, tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    result = voc("--db", str(folder), "list", code=1)
    assert result.stderr == f"voc: error: {folder} is a folder, not a database file\n"
    assert list(folder.iterdir()) == []


def test_a_missing_import_file_is_a_clear_error(voc, tmp_path):
    result = voc("import", str(tmp_path / "nothere.csv"), code=2)
    assert result.stderr.startswith("voc: error: no such file or folder: ")


def test_an_invalid_config_file_is_one_error_line_naming_it(voc, isolated):
    config = isolated / "config" / "config.toml"
    config.parent.mkdir()
    config.write_text("author = \n")
    result = voc("capture", "A note", code=1)
    assert result.stderr.startswith(f"voc: error: {config}: invalid TOML")
    assert result.stderr.count("\n") == 1


def test_a_disk_refusing_writes_at_open_is_not_called_a_foreign_file(voc, db_file):
    """Opening a WAL database writes its shared-memory file: when the disk refuses, the
    message says so, not that the file is someone else's."""
    seeded_db(voc, db_file)
    before = db_file.read_bytes()
    result = run_voc("list", preexec=_file_size_limit(2000))
    refused(result, db_file, "disk I/O")
    assert "not a voc database" not in result.stderr
    assert db_file.read_bytes() == before
