"""Files holding customer words are readable by their owner alone (0600), whatever the umask."""

import os
import stat
from pathlib import Path

import pytest

from voc.notes.store import Store


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    """The loosest umask a user could have: nothing voc creates may rely on it."""
    old = os.umask(0)
    yield
    os.umask(old)


def test_a_new_database_and_its_wal_files_are_owner_only(voc, db_file, open_umask):
    voc("capture", "Our CFO hates the new pricing", "-c", "Dana", "-a", "Initech")
    assert mode(db_file) == 0o600
    with Store.open(db_file) as store:
        store.conn.execute("SELECT count(*) FROM notes").fetchone()
        for suffix in ("-wal", "-shm"):
            assert mode(Path(f"{db_file}{suffix}")) == 0o600, suffix


def test_a_database_in_a_new_folder_is_owner_only(voc, tmp_path, open_umask):
    target = tmp_path / "deep" / "er" / "team.db"
    voc("--db", str(target), "capture", "A note")
    assert mode(target) == 0o600


def test_the_default_database_is_owner_only(voc, monkeypatch, tmp_path, open_umask):
    monkeypatch.delenv("VOC_DB")
    voc("capture", "A note in the default place")
    default = tmp_path / "data" / "voc" / "voc.db"
    assert voc("db", "path").stdout.strip() == str(default)
    assert mode(default) == 0o600


def test_an_export_file_is_owner_only(voc, tmp_path, open_umask):
    voc("capture", "Our CFO hates the new pricing", "-c", "Dana")
    out = tmp_path / "notes.jsonl"
    voc("export", "--output", str(out))
    assert mode(out) == 0o600
    assert "Our CFO hates the new pricing" in out.read_text()


def test_replacing_a_shared_export_makes_it_owner_only(voc, tmp_path, open_umask):
    voc("capture", "A note")
    out = tmp_path / "notes.csv"
    out.write_text("old")
    out.chmod(0o644)
    voc("export", "--format", "csv", "--output", str(out), "--force")
    assert mode(out) == 0o600


def test_a_rejects_file_is_owner_only(voc, db_file, tmp_path, open_umask):
    table = tmp_path / "in.csv"
    table.write_text("text,customer\nA fine note,Ana\n,Nobody\nOne,too,many\n")
    voc("import", str(table), "--format", "json", code=3)  # 3: done, with rejects
    rejects = next(db_file.parent.glob("*reject*"))
    assert mode(rejects) == 0o600
    assert "too" in rejects.read_text() or "fields" in rejects.read_text()


def test_a_digest_written_to_a_file_is_owner_only(voc, tmp_path):
    voc("capture", "The invoice was wrong again", "-s", "support", "-a", "Acme", "-d", "2026-11-18")
    out = tmp_path / "digests" / "w47.md"
    voc("digest", "--week", "2026-W47", "--out", str(out))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "invoice was wrong again" in out.read_text()
    out.chmod(0o644)
    voc("digest", "--week", "2026-W47", "--out", str(out), "--force")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
