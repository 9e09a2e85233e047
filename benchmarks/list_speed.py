"""How fast and how lean `voc list` is on a large, fully tagged database.

    .venv/bin/python benchmarks/list_speed.py [NOTES] [DB]

Builds (once: DB is kept, default /tmp/voc-list-bench-NOTES.db) a database of NOTES notes
(default 100,000) with the core, then tags it with a first `voc list` (minutes on 100,000
notes). Then runs the real `voc` in a child process, stdout into a pipe, and prints its
wall time and peak RSS (GNU time's %M: a child's own rusage would count the memory it
inherited from this process) for: `voc list` (the default page of 30), and
`voc list --all --format jsonl` after reading 20% and 100% of the notes (`--limit`): a
streamed listing should need the same memory for both. Prints the figures; asserts nothing.
"""

import os
import random
import subprocess
import sys
import time
from pathlib import Path

from forget_export import WORDS  # the same vocabulary as the other note benchmarks

from voc.intake.write import insert as insert_note
from voc.notes.note import Note
from voc.notes.store import Store

VOC = str(Path(sys.executable).with_name("voc"))


def build(path: Path, count: int) -> None:
    rng = random.Random(7)
    with Store.open(path) as store, store.transaction():
        for i in range(count):
            words = rng.choices(WORDS, k=rng.randint(15, 60))
            day = 1 + i % 360
            month, mday = 1 + (day - 1) // 30, 1 + (day - 1) % 28
            insert_note(
                store,
                Note(
                    text=" ".join(words).capitalize() + ".",
                    source=rng.choice(["support", "sales", "interview", "email"]),
                    customer=f"Customer {i % 5000}",
                    account=f"Account {i % 800}",
                    occurred_at=f"2026-{month:02d}-{mday:02d}T12:00:00Z",
                    captured_at="2026-11-20T12:00:00Z",
                ),
            )


def prepare(path: Path, count: int) -> None:
    if path.exists():
        print(f"{'reusing ' + str(path):<52}")
        return
    start = time.perf_counter()
    build(path, count)
    print(f"{f'build {count:,} notes':<52} {time.perf_counter() - start:8.2f} s")
    seconds, peak, _ = run(path, "-n", "1")  # tags every note, as the first list would
    print(f"{f'tag {count:,} notes (once, by voc list)':<52} {seconds:8.2f} s {peak:8.1f} MB peak")


def run(path: Path, *args: str) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB and stdout lines of `voc --db PATH list ARGS`."""
    env = {**os.environ, "VOC_CONFIG_DIR": str(path.parent / "voc-list-bench-config")}
    start = time.perf_counter()
    child = subprocess.Popen(
        ["/usr/bin/time", "-f", "%M", VOC, "--db", str(path), "list", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    lines = sum(chunk.count(b"\n") for chunk in iter(lambda: child.stdout.read(1 << 16), b""))
    peak_kib = int(child.stderr.read().split()[-1])
    assert child.wait() == 0, args
    return time.perf_counter() - start, peak_kib / 1024, lines


def report(label: str, path: Path, *args: str, rounds: int = 3) -> None:
    runs = sorted(run(path, *args) for _ in range(rounds))
    seconds, _, lines = runs[len(runs) // 2]
    peak = max(r[1] for r in runs)
    print(f"{label:<52} {seconds:8.2f} s {peak:8.1f} MB peak  {lines:,} lines")


def main(count: int, path: Path) -> None:
    prepare(path, count)
    report("voc list (default page)", path)
    report("voc list --all (tab-separated)", path, "--all", rounds=1)
    fifth = count // 5
    report(
        f"voc list --limit {fifth:,} --format jsonl",
        path,
        "--limit",
        str(fifth),
        "-f",
        "jsonl",
        rounds=1,
    )
    report(f"voc list --all --format jsonl ({count:,})", path, "--all", "-f", "jsonl", rounds=1)


if __name__ == "__main__":
    notes = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    default = Path(f"/tmp/voc-list-bench-{notes}.db")
    main(notes, Path(sys.argv[2]) if len(sys.argv) > 2 else default)
