"""An import shares the database: captures made while it runs are stored, and so is
every imported message, each once."""

import os
import subprocess
import sys
import time
from pathlib import Path

from voc.notes.engine import sqlite3

VOC = Path(sys.executable).parent / "voc"
COUNT = 2000


def test_captures_during_an_import_all_land(tmp_path):
    box, db = tmp_path / "big.mbox", tmp_path / "voc.db"
    with box.open("wb") as f:
        for n in range(COUNT):
            f.write(b"From x@acme.example Mon Apr  2 18:22:10 2012\nFrom: <ana@acme.example>\n"
                    b"Message-ID: <c%d@acme.example>\n\nMessage %d.\n\n" % (n, n))  # fmt: skip
    env = {**os.environ, "VOC_DB": str(db), "VOC_CONFIG_DIR": str(tmp_path)}
    importing = subprocess.Popen([str(VOC), "import", str(box)], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    captured = 0
    while importing.poll() is None or captured < 3:
        subprocess.run([str(VOC), "capture", f"said during the import {captured}"],
                       env=env, check=True, capture_output=True, timeout=60)  # fmt: skip
        captured += 1
        time.sleep(0.05)
    out, _ = importing.communicate()
    assert out.decode().startswith(f"new={COUNT} duplicate=0 ")
    conn = sqlite3.connect(db)
    origins = conn.execute("SELECT origin, count(*) FROM notes GROUP BY origin = 'capture'")
    assert sorted(count for _, count in origins) == sorted([COUNT, captured])
    hits = conn.execute("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'import'")
    assert hits.fetchone()[0] == captured
    conn.close()
