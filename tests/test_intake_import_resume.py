"""A killed or interrupted import leaves whole batches; running it again finishes the job."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from voc.notes.engine import sqlite3

VOC = Path(sys.executable).parent / "voc"
COUNT = 3000


def write_mbox(path: Path) -> None:
    with path.open("wb") as f:
        for n in range(COUNT):
            # Every other message has no Message-ID: those dedupe by their content hash.
            message_id = b"Message-ID: <r%d@acme.example>\n" % n if n % 2 else b""
            f.write(b"From x@acme.example Mon Apr  2 18:22:10 2012\n"
                    b"From: Ana <ana@acme.example>\n" + message_id +
                    b"Date: Tue, 4 Nov 2025 10:00:00 +0000\nSubject: n%d\n\n"
                    b"Message number %d: the export is slow.\n\n"
                    b"> quoted text that is dropped\n\n" % (n, n))  # fmt: skip


def count(db: Path) -> int:
    conn = sqlite3.connect(db, timeout=30)
    try:
        return conn.execute("SELECT count(*) FROM notes").fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # not created yet
    finally:
        conn.close()


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "Ctrl-C"])
def test_an_interrupted_import_then_rerun_finishes_without_duplicates(tmp_path, sig):
    box, db = tmp_path / "big.mbox", tmp_path / "voc.db"
    write_mbox(box)
    env = {**os.environ, "VOC_DB": str(db), "VOC_CONFIG_DIR": str(tmp_path)}
    proc = subprocess.Popen([str(VOC), "import", str(box)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    deadline = time.monotonic() + 60
    while count(db) == 0 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    proc.send_signal(sig)  # to the main process only; its workers follow it
    assert proc.wait() == (-9 if sig == signal.SIGKILL else 130)
    partial = count(db)
    assert 0 < partial < COUNT, "the kill should land mid-import"
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.execute("INSERT INTO notes_fts(notes_fts) VALUES ('integrity-check')")
    conn.close()
    rerun = subprocess.run([str(VOC), "import", str(box)], env=env, capture_output=True,
                           text=True, check=True)  # fmt: skip
    assert f"new={COUNT - partial} duplicate={partial} " in rerun.stdout
    conn = sqlite3.connect(db)
    titles = [r[0] for r in conn.execute("SELECT title FROM notes")]
    assert sorted(titles) == sorted(f"n{n}" for n in range(COUNT))
    fts = conn.execute("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'slow'").fetchone()
    assert fts[0] == COUNT
    conn.close()
