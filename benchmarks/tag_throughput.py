"""How fast voc tags notes, beside a bare spaCy baseline, and whether memory stays flat.

Generates a synthetic corpus (40-200 words a note, Zipf-distributed over a ~48,000-word
vocabulary with typos, names, numbers and emoji, so the tokenizer sees a long tail, and
theme phrases planted in a third of the sentences), then, each in its own process:
- the baseline: `spacy.blank("en")` + sentencizer + spaCy's lookup lemmatizer, one
  process, `nlp.pipe` over the texts, nothing else;
- voc's full tagging path: `voc.tagging.run.refresh` on a database holding the notes
  (read, normalise, match themes, sentiment, signals, uncovered terms, write to SQLite),
  at 10,000 notes and at the full count.
Each round runs, at each size, the baseline over the same notes, voc, and the baseline
again (the machine's load drifts). Prints per round and as the median of the rounds:
notes/s for both, their ratio (target >= 1.0; voc's time includes importing spaCy and
building its pipeline, so the ratio is given twice: against the baseline's tagging alone,
and like for like, against the baseline with its own set-up), and peak memory of voc's
main process and of its largest worker (target: flat from the small size to the full
count), and CPU time a note of both, which load elsewhere disturbs less: the ratio two
idle cores would allow.

    .venv/bin/python benchmarks/tag_throughput.py [--notes 50000] [--small 10000] [--rounds 3]
        [--rules-only]
"""

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

PLANTED = [
    "the invoice was charged twice",
    "pricing is too expensive for us",
    "onboarding took weeks",
    "the dashboard is confusing",
    "it is so slow to load",
    "the app keeps crashing",
    "the Salesforce integration broke",
    "export to CSV fails",
    "we need SSO",
    "support never replied",
    "the docs are outdated",
    "the iPhone app logs me out",
    "I wish there was a dark mode",
    "love the new editor",
    "we are switching to another tool",
    "not slow at all",
]
EMOJI = ["😍", "👍", "🙄", "😡", "🔥", "🙏", "😂"]


def vocabulary(rng: random.Random) -> list[str]:
    from voc.nlp.lexicons import lemma_table, valences

    words = sorted(set(lemma_table()) | set(lemma_table().values()) | set(valences()))
    words = [w for w in words if w.isalpha()]
    rng.shuffle(words)
    typos = [w[:-2] + w[-1] + w[-2] for w in words[:4000] if len(w) > 4]
    names = [f"{rng.choice(['Acme', 'Globex', 'Initech', 'Umbrella'])}{i}" for i in range(2000)]
    numbers = [str(rng.randint(1, 99999)) for _ in range(2000)]
    return [*words, *typos, *names, *numbers]


def corpus(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    weights = [1 / (rank + 1) ** 1.05 for rank in range(len(vocab))]
    notes = []
    for _ in range(count):
        words = rng.choices(vocab, weights, k=rng.randint(40, 200))
        notes.append(_sentences(rng, words))
    return notes


def _sentences(rng: random.Random, words: list[str]) -> str:
    out, i = [], 0
    while i < len(words):
        n = rng.randint(6, 24)
        sentence = " ".join(words[i : i + n])
        if rng.random() < 0.33:
            sentence += ", " + rng.choice(PLANTED)
        if rng.random() < 0.05:
            sentence += " " + rng.choice(EMOJI)
        out.append(sentence[:1].upper() + sentence[1:] + rng.choice([".", ".", "!", "?"]))
        i += n
    return " ".join(out)


BASELINE = """
import json, sys, time
texts = json.load(open(sys.argv[1]))[: int(sys.argv[2])]
loading = time.perf_counter()
import spacy
nlp = spacy.blank("en")
nlp.add_pipe("sentencizer")
lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
try:
    nlp.initialize()  # the table from spacy-lookups-data, when installed
except (ValueError, OSError):
    from spacy.lookups import Lookups
    from voc.nlp.lexicons import lemma_table  # the same WordNet table, as voc ships it
    lookups = Lookups()
    lookups.add_table("lemma_lookup", lemma_table())
    lemmatizer.initialize(lookups=lookups)
start, cpu = time.perf_counter(), time.process_time()
for doc in nlp.pipe(texts, batch_size=256):
    pass
print(json.dumps({
    "seconds": time.perf_counter() - start, "setup": start - loading,
    "cpu": time.process_time() - cpu,
}))
"""

VOC = """
import json, resource, sys, time
from pathlib import Path
from voc.tagging.run import refresh
from voc.notes.store import Store
def cpu(who):
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime
store = Store.open(Path(sys.argv[1]))
start, main_cpu = time.perf_counter(), cpu(resource.RUSAGE_SELF)
result = refresh(store, sentiment_model=sys.argv[2] == 'on')
seconds = time.perf_counter() - start
main_cpu = cpu(resource.RUSAGE_SELF) - main_cpu
rows = store.conn.execute(
    "SELECT (SELECT count(*) FROM note_themes), (SELECT count(*) FROM note_terms)"
).fetchone()
def peak_kb():
    # VmHWM: this process's own peak. ru_maxrss would also count the benchmark process
    # this one was forked from (Linux keeps it across exec).
    try:
        status = Path("/proc/self/status").read_text()
        return int(next(l.split()[1] for l in status.splitlines() if l.startswith("VmHWM")))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({
    "seconds": seconds, "tagged": result.tagged, "themes": rows[0], "terms": rows[1],
    "main_cpu": main_cpu, "workers_cpu": cpu(resource.RUSAGE_CHILDREN), "self_kb": peak_kb(),
    "children_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
}))
"""


def make_db(path: Path, texts: list[str]) -> None:
    from voc.intake.write import insert as insert_note
    from voc.notes.note import Note
    from voc.notes.store import Store

    with Store.open(path) as store, store.transaction():
        for i, text in enumerate(texts):
            day = f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T12:00:00Z"
            insert_note(
                store, Note(text=text, occurred_at=day, captured_at=day, origin=f"bench:{i}")
            )


def run(code: str, *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=50_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--rules-only",
        action="store_true",
        help="Tag without voc_polarity (sentiment_model = false).",
    )
    args = parser.parse_args()
    texts = corpus(args.notes)
    words = sum(len(t.split()) for t in texts)
    print(f"corpus: {len(texts)} notes, {words / len(texts):.0f} words a note on average")
    sizes = (args.small, args.notes)
    polarity = "off" if args.rules_only else "on"
    figures: dict[int, list] = {size: [] for size in sizes}
    with tempfile.TemporaryDirectory() as tmp:
        corpus_file = Path(tmp) / "corpus.json"
        corpus_file.write_text(json.dumps(texts))
        untagged = {size: Path(tmp) / f"untagged-{size}.db" for size in sizes}
        for size, db in untagged.items():
            make_db(db, texts[:size])
        for number in range(1, args.rounds + 1):
            for size in sizes:
                got = _round(corpus_file, untagged[size], Path(tmp) / "voc.db", size, polarity)
                figures[size].append(got)
                _print(f"round {number}", size, got)
    for size in sizes:
        _print("median", size, _median(figures[size]))


def _round(corpus_file: Path, untagged: Path, db: Path, size: int, polarity: str) -> dict:
    """voc between two baseline runs over the same notes: on a shared machine the load
    drifts, and the ratio is taken against the mean of the runs either side."""
    shutil.copy(untagged, db)
    before = run(BASELINE, str(corpus_file), str(size))
    got = run(VOC, str(db), polarity)
    after = run(BASELINE, str(corpus_file), str(size))
    db.unlink()
    got["rate"] = got["tagged"] / got["seconds"]
    got["baseline"] = (size / before["seconds"] + size / after["seconds"]) / 2
    got["ratio"] = got["rate"] / got["baseline"]
    # voc's time includes importing spaCy and building its pipeline; the figure above
    # leaves the baseline's out. Like for like: the baseline with its own set-up too.
    whole = [size / (run["seconds"] + run["setup"]) for run in (before, after)]
    got["baseline_whole"] = sum(whole) / 2
    got["ratio_whole"] = got["rate"] / got["baseline_whole"]
    # CPU time a note, which load elsewhere disturbs far less than the clock: what the
    # ratio could be on two idle cores (voc's processes share them, the baseline uses one).
    got["base_ms"] = (before["cpu"] + after["cpu"]) / 2 / size * 1000
    got["main_ms"] = got["main_cpu"] / got["tagged"] * 1000
    got["workers_ms"] = got["workers_cpu"] / got["tagged"] * 1000
    got["cpu_ratio"] = 2 * got["base_ms"] / (got["main_ms"] + got["workers_ms"])
    return got


def _median(runs: list[dict]) -> dict:
    """Each figure's median over the rounds."""
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def _print(label: str, size: int, got: dict) -> None:
    print(
        f"{label}: {size:>6} notes: voc {got['rate']:,.0f} notes/s, baseline "
        f"{got['baseline']:,.0f} notes/s: {got['ratio']:.2f}x (with its set-up too, "
        f"{got['baseline_whole']:,.0f} notes/s: {got['ratio_whole']:.2f}x);\n"
        f"    {got['themes']:,.0f} theme rows, {got['terms']:,.0f} term rows; "
        f"peak RSS {got['self_kb'] / 1024:.0f} MB main, "
        f"{got['children_kb'] / 1024:.0f} MB largest worker\n"
        f"    CPU a note: voc {got['main_ms'] + got['workers_ms']:.3f} ms (main "
        f"{got['main_ms']:.3f} + workers {got['workers_ms']:.3f}), baseline "
        f"{got['base_ms']:.3f} ms: {got['cpu_ratio']:.2f}x on two idle cores"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    main()
