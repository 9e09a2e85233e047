"""An import killed with SIGKILL at random points loses nothing and duplicates nothing.

A real `voc import` of a 9,600-row CSV (real tweets, one customer each) is started and
killed repeatedly, its worker processes with it, as a crash or the OOM killer would. After
every kill the file passes SQLite's integrity check and the full-text index's, holds whole
notes only (each exactly as in the file, in whole batches), and a final run completes it.
"""

import contextlib
import csv
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from voc.intake.importer import BATCH
from voc.notes.engine import sqlite3

DATA = Path(__file__).parent / "data" / "reliability"
COPIES = 4
KILLS = 5


@pytest.fixture(scope="module")
def tweets_csv(tmp_path_factory) -> tuple[Path, dict[str, tuple[str, str, str]]]:
    """The CSV, and what each customer's note must hold: (text, account, occurred_at)."""
    path = tmp_path_factory.mktemp("import") / "tweets.csv"
    expected = {}
    lines = (DATA / "tweets.tsv").read_text(encoding="utf-8").splitlines()
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["text", "customer", "account", "occurred_at"])
        for copy in range(COPIES):
            for line in lines:
                tweet_id, _score, text = line.split("\t")
                customer = f"Customer {tweet_id}-{copy}"
                row = (
                    text,
                    f"Account {int(tweet_id) % 37}",
                    f"2026-11-{1 + int(tweet_id) % 28:02d}",
                )
                writer.writerow([row[0], customer, row[1], row[2]])
                expected[customer] = (text.strip(), row[1], f"{row[2]}T12:00:00Z")
    return path, expected


def start_import(path: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "voc", "import", str(path), "--no-redact"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the kill takes its workers too
    )


def kill_group(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def stored(db_file: Path) -> int:
    try:
        with contextlib.closing(sqlite3.connect(db_file)) as conn:
            return conn.execute("SELECT count(*) FROM notes").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def wait_for_progress(proc: subprocess.Popen, db_file: Path, before: int) -> None:
    """Until this run has committed something (or ended): however loaded the machine,
    each kill then lands on an import that is under way."""
    deadline = time.monotonic() + 60
    while proc.poll() is None and stored(db_file) <= before and time.monotonic() < deadline:
        time.sleep(0.02)


def whole_notes(db_file: Path, expected: dict) -> int:
    """Check the file after a crash; return how many notes it holds."""
    with contextlib.closing(sqlite3.connect(db_file)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.execute("INSERT INTO notes_fts (notes_fts) VALUES ('integrity-check')")
        rows = conn.execute("SELECT customer, text, account, occurred_at FROM notes").fetchall()
        fts = conn.execute("SELECT count(*) FROM notes_fts_docsize").fetchone()[0]
    customers = [row[0] for row in rows]
    assert len(customers) == len(set(customers)), "a note was stored twice"
    for customer, *fields in rows:
        assert tuple(fields) == expected[customer], customer
    assert fts == len(rows), "the search index and the notes disagree"
    assert len(rows) % BATCH == 0 or len(rows) == len(expected), "a batch was half-written"
    return len(rows)


def test_an_import_killed_at_random_points_resumes_with_no_loss_and_no_duplicates(
    tweets_csv, db_file
):
    path, expected = tweets_csv
    rng = random.Random(20261125)
    counts = []
    for _ in range(KILLS):
        proc = start_import(path)
        wait_for_progress(proc, db_file, counts[-1] if counts else 0)
        time.sleep(rng.uniform(0.0, 0.4))  # then a random point: mid-batch, mid-commit...
        kill_group(proc)
        counts.append(whole_notes(db_file, expected))
    assert counts == sorted(counts), "a kill lost notes stored before it"
    assert any(0 < n < len(expected) for n in counts), f"no kill landed mid-import: {counts}"
    final = subprocess.run(
        [sys.executable, "-m", "voc", "import", str(path), "--no-redact", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert final.returncode == 0, final.stderr
    assert whole_notes(db_file, expected) == len(expected)
    assert f'"new": {len(expected) - counts[-1]}' in final.stdout


def test_killing_only_the_import_process_leaves_no_worker_behind(tweets_csv, db_file):
    """`kill -9 PID` reaches the main process alone: its workers must notice and end,
    not wait for work forever holding memory and the input file."""
    path, _expected = tweets_csv
    proc = start_import(path)
    wait_for_progress(proc, db_file, 0)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 15
    while (left := group_members(proc.pid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    kill_group(proc)  # whatever the outcome, leave nothing running
    assert left == [], f"import workers still running after the import was killed: {left}"


def group_members(group: int) -> list[int]:
    """Live processes in this process group (Linux /proc: field 5 of stat is the group)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended while we looked
        if int(fields[2]) == group and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members
