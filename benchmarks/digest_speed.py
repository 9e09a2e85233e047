"""Time `voc digest` as a whole process on 1,000,000 tagged notes, beside the floor.

    python benchmarks/digest_speed.py [--notes 1000000] [--runs 7] [--db PATH] [--fresh]

Builds (once, then reuses) a database of synthetic notes spread over the year up to
2026-11-22, already tagged: theme, signal and term rows as the tagger writes them, with
the taxonomy's current version stamped on every note so the digest tags nothing. Then
times, as whole processes:
  - the floor: this venv's python opening the file and running SELECT count(*) over the
    notes of week 2026-W47 (the same connection set-up as voc);
  - `voc digest --week 2026-W47` (8-period trend lines, a 4-period baseline, quotes);
  - `voc digest --since 2025-11-23 --until 2026-11-22` (365 days);
  - `voc digest --week 2026-W47 --format html`, beside the markdown (target: <= 1.5x), and
    the two templates alone on the same data, in process.
The digest merges per-day tallies that tagging keeps after writing
(voc.digest.daycache): the script first drops them all and times tallying every day anew,
and times the weekly digest (median of 3) with its seven days dropped (a write to a day drops
that day's tallies: the next digest tallies it again).
Targets: the weekly digest within 25x the floor and under 0.5 s; 365 days under 2 s.
Run with the venv's python, never through a pyenv shim.
"""

import argparse
import itertools
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from voc.notes.engine import sqlite3

VENV_BIN = Path(sys.executable).parent
LAST_DAY = datetime(2026, 11, 22, tzinfo=UTC)
WEEK = ("2026-11-16T00:00:00Z", "2026-11-23T00:00:00Z")
THEMES = (
    "pricing billing onboarding usability performance reliability integrations data "
    "security support documentation mobile feature_request praise churn_risk"
).split()
CHILDREN = ["competitor/acme", "competitor/globex", "competitor/initech"]
SIGNALS = ["praise", "pain", "feature_request", "churn_risk", "competitor"]
STANCES = ["issue", "issue", "request", "praise", "mention", "mention"]
SOURCES = ["support"] * 5 + ["sales"] * 3 + ["interview", "email", "survey", "review"]
FLOOR = (
    "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA busy_timeout=30000');"
    "c.execute('PRAGMA journal_mode=WAL');"
    "print(c.execute('SELECT count(*) FROM notes WHERE occurred_at >= ? AND occurred_at < ?',"
    " (sys.argv[2], sys.argv[3])).fetchone()[0])"
)


def vocabulary(rng: random.Random, size: int = 5000) -> list[str]:
    """Made-up words with a long tail: a tiny vocabulary would flatter every index."""
    letters = "etaoinshrdlucmfwypvbgkqjxz"
    return ["".join(rng.choices(letters[:18], k=rng.randint(3, 9))) for _ in range(size)]


def zipf_weights(count: int) -> list[float]:
    """Cumulative 1/rank weights, for random.choices(cum_weights=...)."""
    return list(itertools.accumulate(1 / (i + 1) for i in range(count)))


def sentence(rng: random.Random, words: list[str], weights: list[float]) -> str:
    picked = rng.choices(words, cum_weights=weights, k=14)
    return " ".join(picked).capitalize() + "."


def note_rows(rng: random.Random, count: int, words: list[str], version: str):
    seconds = 365 * 86400
    weights = zipf_weights(len(words))
    start = LAST_DAY + timedelta(days=1) - timedelta(seconds=seconds)
    for i in range(1, count + 1):
        when = start + timedelta(seconds=int(i * seconds / (count + 1)))
        at = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        text = " ".join(sentence(rng, words, weights) for _ in range(rng.randint(1, 3)))
        label = rng.choice(["negative", "neutral", "positive", "positive"])
        yield (
            i,
            f"bench-{i}",
            text,
            rng.choice(SOURCES),
            f"Customer {rng.randint(1, 20000)}",
            f"Account {rng.randint(1, 3000)}",
            at,
            at,
            int(rng.random() > 0.03),
            f"bench:{i}",
            version,
            {"negative": -0.5, "neutral": 0.0, "positive": 0.6}[label],
            label,
        )


def fill(path: Path, count: int, version: str) -> None:
    from voc.notes.store import Store

    Store.open(path).close()  # the real schema, migrated
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    rng = random.Random(47)
    words = vocabulary(rng)
    terms = [f"{a} {b}" for a, b in zip(words[100:400], words[400:700], strict=True)]
    conn.execute("BEGIN")
    batch: list[tuple] = []
    for row in note_rows(rng, count, words, version):
        batch.append(row)
        if len(batch) == 20000:
            _insert(conn, batch, rng, terms)
            batch = []
            print(f"  {row[0]:,} notes", file=sys.stderr, end="\r")
    _insert(conn, batch, rng, terms)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


def _insert(conn: sqlite3.Connection, notes: list[tuple], rng: random.Random, terms) -> None:
    conn.executemany(
        """INSERT INTO notes (id, uid, text, source, customer, account, occurred_at,
        captured_at, quotable, origin, tagged_with, sentiment, sentiment_label)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        notes,
    )
    themes, signals, found = [], [], []
    weights = zipf_weights(len(THEMES))
    for note in notes:
        note_id, text, at, score = note[0], note[2], note[6], note[11]
        first = text.split(".")[0] + "."
        chosen = set(rng.choices(THEMES, cum_weights=weights, k=rng.choice([0, 1, 1, 2, 2, 3])))
        if rng.random() < 0.04:
            chosen.add(rng.choice(CHILDREN))
        for theme in sorted(chosen):
            stance = rng.choice(STANCES)
            themes.append((note_id, theme, at, first.split()[0], first, score, stance))
        if rng.random() < 0.6:
            signals.append((note_id, rng.choice(SIGNALS), at, first))
        for term in note_terms(text, rng, terms):
            found.append((note_id, term, at))
    conn.executemany(
        """INSERT INTO note_themes (note_id, theme, occurred_at, evidence, sentence, sentiment,
        stance) VALUES (?, ?, ?, ?, ?, ?, ?)""",
        themes,
    )
    conn.executemany(
        "INSERT INTO note_signals (note_id, signal, occurred_at, sentence) VALUES (?, ?, ?, ?)",
        signals,
    )
    conn.executemany("INSERT INTO note_terms (note_id, term, occurred_at) VALUES (?, ?, ?)", found)


def note_terms(text: str, rng: random.Random, planted: list[str]) -> list[str]:
    """Like the tagger's note_terms: up to 12 words and word pairs of the note, in
    reading order (a long tail of distinct terms), and now and then one of a few hundred
    phrases that recur, so rising-term counting meets both."""
    grams: dict[str, None] = {rng.choice(planted): None} if rng.random() < 0.3 else {}
    words = text.lower().replace(".", "").split()
    for before, word in zip(["", *words], words, strict=False):
        grams.update(dict.fromkeys([f"{before} {word}".strip(), word]))
        if len(grams) >= 12:
            break
    return list(grams)[:12]


def current_version() -> str:
    """The stamp the tagger leaves on a note tagged with today's taxonomy and pipeline
    (importing spaCy here is fine: this is set-up, not the timed part)."""
    from voc.nlp.pipeline import pipeline_version
    from voc.themes.taxonomy import load_taxonomy

    return pipeline_version(load_taxonomy(None).version)


def median_ms(command: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", type=Path, default=Path("/tmp/voc-bench/digest-1m.db"))
    parser.add_argument("--fresh", action="store_true", help="Rebuild the database.")
    args = parser.parse_args()
    if args.fresh and args.db.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    if not args.db.exists():
        print(f"filling {args.db} with {args.notes:,} notes...", file=sys.stderr)
        started = time.perf_counter()
        fill(args.db, args.notes, current_version())
        print(f"filled in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    # Stamped now, not before filling: the taxonomy may have changed meanwhile, and a
    # stale stamp would make the first digest re-tag a million notes.
    version = current_version()
    conn = sqlite3.connect(args.db)
    conn.execute("UPDATE notes SET tagged_with = ? WHERE tagged_with IS NOT ?", (version, version))
    conn.commit()
    notes, rows = (
        conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("notes", "note_themes")
    )
    week_notes = conn.execute(
        "SELECT count(*) FROM notes WHERE occurred_at >= ? AND occurred_at < ?", WEEK
    ).fetchone()[0]
    conn.close()
    env = {**os.environ, "VOC_DB": str(args.db), "NO_COLOR": "1"}
    voc = str(VENV_BIN / "voc")
    check = tagging_check_ms(args.db, args.runs)  # first: it stops if anything is stale
    warm_s = warm_seconds(args.db)
    week_cmd = [voc, "digest", "--week", "2026-W47"]
    week_cold = statistics.median(cold_ms(week_cmd, env, args.db) for _ in range(3))
    floor = median_ms([sys.executable, "-c", FLOOR, str(args.db), *WEEK], env, args.runs)
    weekly = median_ms(week_cmd, env, args.runs)
    weekly_html = median_ms([*week_cmd, "--format", "html"], env, args.runs)
    year = median_ms(
        [voc, "digest", "--since", "2025-11-23", "--until", "2026-11-22"],
        env,
        max(3, args.runs // 2),
    )
    start_up = median_ms([voc, "digest", "--list-templates"], env, args.runs)
    core = core_ms(args.db, args.runs)
    render_md, render_page = render_ms(args.db, args.runs)
    print(f"database: {notes:,} notes, {rows:,} theme rows; week 2026-W47: {week_notes:,} notes")
    print(f"floor (python + SELECT count(*) over the week): {floor:8.1f} ms")
    print(
        f"voc digest --week 2026-W47 (whole process):     {weekly:8.1f} ms "
        f"= {weekly / floor:.1f}x the floor (targets: <= 25x, < 500 ms)"
    )
    print(f"  the same, first run after a write to each day: {week_cold:8.1f} ms")
    print(f"  start-up (voc digest --list-templates):       {start_up:8.1f} ms")
    print(f"  ensure_tagged with nothing stale, in process: {check:8.1f} ms")
    print(f"  build + render the digest, in process:        {core:8.1f} ms")
    print(
        f"voc digest --week 2026-W47 --format html:       {weekly_html:8.1f} ms "
        f"= {weekly_html / weekly:.2f}x the markdown (target: <= 1.5x)"
    )
    print(
        f"  the templates alone, in process: markdown {render_md:.1f} ms, HTML {render_page:.1f} ms"
    )
    print(f"voc digest, 365 days (whole process):          {year:8.1f} ms (target: < 2000 ms)")
    print(f"  tallying all 365 days anew (what tagging does after writing): {warm_s:.1f} s")


def warm_seconds(db: Path) -> float:
    """Drop every kept day tally, then time `daycache.warm` tallying them all again: what
    the first long digest would pay if nothing had kept them."""
    from voc.digest import daycache
    from voc.notes.store import Store

    with Store.open(db) as store:
        store.conn.execute("DELETE FROM digest_days")
        start = time.perf_counter()
        daycache.warm(store.conn, every=True)
        return time.perf_counter() - start


def cold_ms(command: list[str], env: dict[str, str], db: Path) -> float:
    """One run after dropping the week's day tallies, as a write to each day would."""
    forget_days(db, *WEEK)
    return median_ms(command, env, 1)


def forget_days(db: Path, since: str, until: str) -> None:
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM digest_days WHERE day >= ? AND day < ?", (since[:10], until[:10]))
    conn.commit()
    conn.close()


def tagging_check_ms(db: Path, runs: int) -> float:
    """What every theme-reading command pays first: making sure no note is stale."""
    from voc.commands.common import ensure_tagged
    from voc.notes.store import Store

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with Store.open(db) as store:
            tagged = ensure_tagged(store)
        times.append((time.perf_counter() - start) * 1000)
        if tagged:
            sys.exit(f"ensure_tagged re-tagged {tagged:,} notes: the version stamp is stale")
    return statistics.median(times)


def core_ms(db: Path, runs: int) -> float:
    """The digest's own work (queries, quotes, template) for the week, in this process:
    the whole-process figure minus this is start-up and the tagging check."""
    from voc.digest.build import DigestOptions, build_digest
    from voc.digest.render import render
    from voc.notes.store import Store
    from voc.periods import parse_week

    times = []
    with Store.open(db) as store:
        for _ in range(runs):
            start = time.perf_counter()
            render(build_digest(store.conn, DigestOptions(period=parse_week("2026-W47"))))
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def render_ms(db: Path, runs: int) -> tuple[float, float]:
    """The markdown and the HTML template on the same built digest, in this process."""
    from voc.digest.build import DigestOptions, build_digest
    from voc.digest.render import render, render_html
    from voc.notes.store import Store
    from voc.periods import parse_week

    with Store.open(db) as store:
        data = build_digest(store.conn, DigestOptions(period=parse_week("2026-W47")))
    medians = []
    for draw in (render, render_html):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            draw(data)
            times.append((time.perf_counter() - start) * 1000)
        medians.append(statistics.median(times))
    return medians[0], medians[1]


if __name__ == "__main__":
    main()
