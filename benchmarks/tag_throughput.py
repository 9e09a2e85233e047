"""How fast voc tags notes, beside a bare spaCy baseline, and whether memory stays flat.

Generates a synthetic corpus (40-200 words a note, Zipf-distributed over a ~48,000-word
vocabulary with typos, names, numbers and emoji, so the tokenizer sees a long tail, and
theme phrases planted in a third of the sentences), then, each in its own process:
- the baseline: `spacy.blank("en")` + sentencizer + spaCy's lookup lemmatizer, one
  process, `nlp.pipe` over the texts, nothing else;
- voc's full tagging path: `voc.nlp.refresh.refresh` on a database holding the notes
  (read, normalise, match themes, sentiment, signals, uncovered terms, write to SQLite),
  at 10,000 notes and at the full count.
Prints notes/s for both, their ratio (target >= 1.0), and peak memory of voc's run (the
largest process, and the process tree) at each size (target: flat).

    .venv/bin/python benchmarks/tag_throughput.py [--notes 50000] [--small 10000]
"""

import argparse
import json
import random
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
import json, sys, time, spacy
texts = json.load(open(sys.argv[1]))
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
start = time.perf_counter()
for doc in nlp.pipe(texts, batch_size=256):
    pass
print(json.dumps({"seconds": time.perf_counter() - start}))
"""

VOC = """
import json, resource, sys, time
from pathlib import Path
from voc.nlp.refresh import refresh
from voc.store import Store
store = Store.open(Path(sys.argv[1]))
start = time.perf_counter()
result = refresh(store)
seconds = time.perf_counter() - start
rows = store.conn.execute(
    "SELECT (SELECT count(*) FROM note_themes), (SELECT count(*) FROM note_terms)"
).fetchone()
print(json.dumps({
    "seconds": seconds, "tagged": result.tagged, "themes": rows[0], "terms": rows[1],
    "self_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "children_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
}))
"""


def make_db(path: Path, texts: list[str]) -> None:
    from voc.note import Note
    from voc.store import Store

    with Store.open(path) as store, store.transaction():
        for i, text in enumerate(texts):
            day = f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T12:00:00Z"
            store.insert(Note(text=text, occurred_at=day, captured_at=day, origin=f"bench:{i}"))


def run(code: str, *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=50_000)
    parser.add_argument("--small", type=int, default=10_000)
    args = parser.parse_args()
    texts = corpus(args.notes)
    words = sum(len(t.split()) for t in texts)
    print(f"corpus: {len(texts)} notes, {words / len(texts):.0f} words a note on average")
    with tempfile.TemporaryDirectory() as tmp:
        corpus_file = Path(tmp) / "corpus.json"
        corpus_file.write_text(json.dumps(texts))
        dbs = {size: Path(tmp) / f"voc-{size}.db" for size in (args.small, args.notes)}
        for size, db in dbs.items():
            make_db(db, texts[:size])
        # The baseline runs before and after voc: on a shared machine the load drifts.
        before = len(texts) / run(BASELINE, str(corpus_file))["seconds"]
        results = {size: run(VOC, str(db)) for size, db in dbs.items()}
        after = len(texts) / run(BASELINE, str(corpus_file))["seconds"]
    base_rate = (before + after) / 2
    print(
        f"baseline (blank + sentencizer + lookup lemmatizer, one process): {base_rate:,.0f} "
        f"notes/s (before {before:,.0f}, after {after:,.0f})"
    )
    for size, got in results.items():
        rate = got["tagged"] / got["seconds"]
        print(
            f"voc full path, {size:>6} notes: {rate:,.0f} notes/s "
            f"({rate / base_rate:.2f}x baseline), {got['themes']:,} theme rows, "
            f"{got['terms']:,} term rows; peak RSS {got['self_kb'] / 1024:.0f} MB main, "
            f"{got['children_kb'] / 1024:.0f} MB largest worker"
        )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    main()
