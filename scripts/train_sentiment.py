"""Train voc's sentiment classifier (voc.nlp.polarity): spaCy's bag-of-words text
classifier layers (TextCatBOW: hashed lower-case words >> sparse linear >> softmax over
NEG/NEU/POS) on VADER's 4,200 human-scored tweets, the tune half of its human-scored
movie-review and NYT editorial snippets (even lines of each file: the split
benchmarks/tag_quality.py measures on, so the test half stays unseen), plus the VADER
lexicon's clearly polar words as one-word examples. Writes
src/voc/nlp/data/sentiment_bow.bin.gz (the weights) and sentiment_bow.json (the settings).

The data: all of it ships in vaderSentiment's MIT-licensed repository (C.J. Hutto; the
tweets and snippets in additional_resources/hutto_ICWSM_2014.tar.gz), the human-scored
ground truth of the VADER paper; issue 17 names them VADER's MIT-licensed human-scored
data. The snippets' texts come from elsewhere (Pang and Lee's sentence polarity data; New
York Times editorials): what voc ships is not their text but one weight per hashed word
and class, which cannot be read back into sentences.

Reproducible: the seed, the order of the examples and the settings are fixed; the same
spaCy/thinc version gives the same bytes.

    .venv/bin/python scripts/train_sentiment.py [--vader FOLDER]
"""

import argparse
import gzip
import html
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VADER = ROOT.parent / "shared" / "data" / "feedback" / "vader"
SNIPPETS = ("movieReviewSnippets_GroundTruth.txt", "nytEditorialSnippets_GroundTruth.txt")
DATA = ROOT / "src" / "voc" / "nlp" / "data"
SEED = 17
EPOCHS = 10
BATCH = 32
LEARN_RATE = 0.001
MIN_SCORE = 0.5  # tweets whose human mean score is nearer 0 say little either way
MIN_WORD = 1.0  # lexicon words at least this polar (-4..4) join as examples
# Single words: word pairs from 3,400 tweets measured worse on the tune half. Hashed
# feature rows: 2**16 keeps the weights small; 2**14 collided more.
SETTINGS = {"ngram_size": 1, "length": 2**16, "labels": ["NEG", "NEU", "POS"]}


def scored_lines(path: Path) -> list[tuple[float, str] | None]:
    """(human mean score -4..4, text) for each line of a VADER ground-truth file (id,
    score, text); None for a line that is not one."""
    rows = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split("\t", 2)
        rows.append((float(parts[1]), html.unescape(parts[2]).strip()) if len(parts) == 3 else None)
    return rows


def tune_half(path: Path) -> list[tuple[float, str]]:
    """The even lines of a snippet file: benchmarks/tag_quality.py's tune half."""
    return [row for i, row in enumerate(scored_lines(path)) if i % 2 == 0 and row]


def examples(folder: Path) -> list[tuple[str, str]]:
    """(text, label): the tweets, the snippets' tune half, then the lexicon's polar words
    (spelled in letters: emoticons are the rules' job), which teach words few texts use."""
    from voc.nlp.lexicons import base_valences as valences

    rows = [row for row in scored_lines(folder / "tweets_GroundTruth.txt") if row]
    rows += [row for name in SNIPPETS for row in tune_half(folder / name)]
    found = [(text, _label(score)) for score, text in rows]
    words = sorted(w for w, v in valences().items() if abs(v) >= MIN_WORD and w.isalpha())
    return found + [(word, _label(valences()[word])) for word in words]


def _label(score: float) -> str:
    if abs(score) < MIN_SCORE:
        return "NEU"
    return "POS" if score > 0 else "NEG"


def train(folder: Path) -> tuple[bytes, int]:
    import numpy
    import spacy
    from thinc.api import Adam, fix_random_seed

    from voc.nlp.polarity import bow_model

    fix_random_seed(SEED)
    make_doc = spacy.blank("en").make_doc
    found = examples(folder)
    docs = [make_doc(text) for text, _ in found]
    labels = SETTINGS["labels"]
    truth = numpy.array([[float(x == y) for x in labels] for _, y in found], dtype="f")
    model = bow_model(SETTINGS)
    model.initialize(X=docs[:BATCH], Y=truth[:BATCH])
    optimizer = Adam(LEARN_RATE)
    order = list(range(len(docs)))
    shuffle = random.Random(SEED).shuffle
    for _ in range(EPOCHS):
        shuffle(order)
        for i in range(0, len(order), BATCH):
            batch = order[i : i + BATCH]
            scores, backprop = model.begin_update([docs[j] for j in batch])
            backprop((scores - truth[batch]) / len(batch))  # softmax cross-entropy
            model.finish_update(optimizer)
    return model.to_bytes(), len(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vader", type=Path, default=VADER, help="The ground-truth folder.")
    args = parser.parse_args()
    weights, count = train(args.vader)
    # mtime=0: the same weights give the same file
    (DATA / "sentiment_bow.bin.gz").write_bytes(gzip.compress(weights, 9, mtime=0))
    (DATA / "sentiment_bow.json").write_text(json.dumps(SETTINGS, indent=1) + "\n")
    print(f"trained on {count} examples; wrote {DATA}/sentiment_bow.*")


if __name__ == "__main__":
    main()
