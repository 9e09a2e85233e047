"""Files holding customer words are readable by their owner alone (0600), whatever the umask."""

import os
import stat
from pathlib import Path

import pytest

from voc.store import Store


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
