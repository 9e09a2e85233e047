"""How long export, forget and retain take on a database of realistic size.

    .venv/bin/python benchmarks/forget_export.py [NOTES]

Builds a database of NOTES notes (default 50,000; 40-120 words each, three themes and a
signal per note) in a temporary folder, then times, with the core functions the commands
call: exporting every note to JSONL, `forget` of one customer (20 notes: the delete, the
full-text index's entries erased in place or, with a SQLite before 3.42, merged, and WAL
truncation), a plain VACUUM of a copy of the same file (what forget once did, for scale;
issue 15's target: forget at most 0.3x of it), and `retain` of the older half. Prints
the figures and whether the forgotten customer's own word is still anywhere in the
file's bytes.
"""

import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from voc.intake.write import insert as insert_note
from voc.notes.engine import sqlite3
from voc.notes.export import export_records, write_records
from voc.notes.forget import (
    Selector,
    erases_in_place,
    find_matches,
    find_old,
    forget,
    parse_age,
    retain,
)
from voc.notes.note import Note
from voc.notes.queries import NoteFilter
from voc.notes.store import Store

WORDS = (
    "invoice export slow login dashboard report setup admin price renewal support team "
    "integration api sync mobile app crash error refund billing onboarding training data "
    "migration customer account feature request wish would love cancel switching acme "
    "globex competitor cheaper faster easy confusing broken great helpful thanks weekly"
).split()


def build(store: Store, count: int) -> None:
    rng = random.Random(7)
    with store.transaction():
        for i in range(count):
            words = rng.choices(WORDS, k=rng.randint(40, 120))
            words += [f"w{rng.randint(0, 200_000)}" for _ in range(8)]  # a long tail
            day = 1 + i % 360
            hers = i % (count // 20) == 0
            note = Note(
                text=" ".join(words + ([SECRET] if hers else [])),
                source="support",
                customer="Zelda Quist" if hers else f"Customer {i % 5000}",
                account=f"Account {i % 800}",
                occurred_at=f"2026-{1 + (day - 1) // 30:02d}-{1 + (day - 1) % 28:02d}T12:00:00Z",
                captured_at="2026-11-20T12:00:00Z",
            )
            stored, _ = insert_note(store, note)
            for theme in rng.sample(["billing", "performance", "usability", "pricing"], 3):
                store.conn.execute(
                    "INSERT INTO note_themes (note_id, theme, occurred_at, evidence) "
                    "VALUES (?, ?, ?, ?)",
                    (stored.id, theme, stored.occurred_at, words[0]),
                )
            store.conn.execute(
                "INSERT INTO note_signals (note_id, signal, occurred_at) VALUES (?, 'pain', ?)",
                (stored.id, stored.occurred_at),
            )


SECRET = "xylophonically"  # only in the forgotten customer's notes


def plain_vacuum(path: Path) -> float:
    """VACUUM a copy of the file as it is now: the cost forget is measured against."""
    copy = path.with_name("copy.db")
    shutil.copy(path, copy)
    conn = sqlite3.connect(copy)
    start = time.perf_counter()
    timed("plain VACUUM of the same file (for scale)", lambda: conn.execute("VACUUM"))
    took = time.perf_counter() - start
    conn.close()
    copy.unlink()
    return took


def leaked(path: Path) -> bool:
    parts = [path, Path(f"{path}-wal")]
    return any(SECRET.encode() in p.read_bytes() for p in parts if p.exists())


def timed(label: str, action):
    start = time.perf_counter()
    result = action()
    print(f"{label:<44} {time.perf_counter() - start:8.2f} s")
    return result


def main(count: int) -> None:
    print(f"SQLite {sqlite3.sqlite_version}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "voc.db"
        store = Store.open(path)
        timed(f"build {count:,} notes", lambda: build(store, count))
        print(f"{'database size':<44} {path.stat().st_size / 1e6:8.1f} MB")
        with open("/dev/null", "w") as sink:
            exported = timed(
                "export all to JSONL",
                lambda: write_records(export_records(store, NoteFilter()), sink, "jsonl"),
            )
        print(f"{'  notes exported':<44} {exported:8,d}")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        vacuum = plain_vacuum(path)
        selector = Selector("customer", "Zelda Quist")
        found = timed("find one customer's notes", lambda: find_matches(store, selector))
        how = "FTS in place" if erases_in_place(store.conn) else "FTS merge"
        start = time.perf_counter()
        erased = timed(
            f"forget them (delete, {how}, WAL truncate)",
            lambda: forget(store, selector, found.selected),
        )
        ratio = (time.perf_counter() - start) / vacuum
        print(f"{'  forget / plain VACUUM':<44} {ratio:8.3f}x  (target <= 0.3x)")
        print(f"{'  notes / rows erased':<44} {erased.notes:8,d} / {erased.rows:,d}")
        print(f"{'  their word left in the file or -wal':<44} {leaked(path)!s:>8}")
        old = find_old(store, parse_age("180d"))
        done = timed(f"retain: blank {len(old):,} old notes", lambda: retain(store, old, "180d"))
        print(f"{'  notes / rows changed':<44} {done.notes:8,d} / {done.rows:,d}")
        print(f"{'database size after':<44} {path.stat().st_size / 1e6:8.1f} MB")
        store.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
