"""Train voc's sentiment classifier (voc.nlp.polarity): spaCy's bag-of-words text
classifier layers (TextCatBOW: hashed lower-case words >> sparse linear >> softmax over
NEG/POS) on VADER's 4,200 human-scored tweets, plus the VADER lexicon's clearly polar
words as one-word examples. Writes src/voc/nlp/data/sentiment_bow.bin.gz (the weights)
and sentiment_bow.json (the settings).

Only MIT-licensed data is trained on: the tweets and the lexicon ship in vaderSentiment.
The movie-review and NYT snippets in the same archive are other people's texts (Pang and
Lee's sentence polarity data; New York Times editorials), so they are used for measuring
only (benchmarks/tag_quality.py), never baked into weights voc ships.

Reproducible: the seed, the order of the examples and the settings are fixed; the same
spaCy/thinc version gives the same bytes.

    .venv/bin/python scripts/train_sentiment.py [--tweets PATH]
"""

import argparse
import gzip
import html
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TWEETS = ROOT.parent / "shared" / "data" / "feedback" / "vader" / "tweets_GroundTruth.txt"
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


def scored_lines(path: Path) -> list[tuple[float, str]]:
    """(human mean score -4..4, text) from a VADER ground-truth file (id, score, text)."""
    rows = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split("\t", 2)
        if len(parts) == 3:
            rows.append((float(parts[1]), html.unescape(parts[2]).strip()))
    return rows


def examples(path: Path) -> list[tuple[str, str]]:
    """(text, positive?): polar tweets, then the lexicon's polar words (spelled in letters:
    emoticons are the rules' job), which teach the classifier words few tweets use."""
    from voc.nlp.lexicons import base_valences as valences

    found = [(text, _label(score)) for score, text in scored_lines(path)]
    words = sorted(w for w, v in valences().items() if abs(v) >= MIN_WORD and w.isalpha())
    return found + [(word, _label(valences()[word])) for word in words]


def _label(score: float) -> str:
    if abs(score) < MIN_SCORE:
        return "NEU"
    return "POS" if score > 0 else "NEG"


def train(path: Path) -> tuple[bytes, int]:
    import numpy
    import spacy
    from thinc.api import Adam, fix_random_seed

    from voc.nlp.polarity import bow_model

    fix_random_seed(SEED)
    make_doc = spacy.blank("en").make_doc
    found = examples(path)
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
    parser.add_argument("--tweets", type=Path, default=TWEETS)
    args = parser.parse_args()
    weights, count = train(args.tweets)
    # mtime=0: the same weights give the same file
    (DATA / "sentiment_bow.bin.gz").write_bytes(gzip.compress(weights, 9, mtime=0))
    (DATA / "sentiment_bow.json").write_text(json.dumps(SETTINGS, indent=1) + "\n")
    print(f"trained on {count} examples; wrote {DATA}/sentiment_bow.*")


if __name__ == "__main__":
    main()
