"""A second opinion where the sentiment rules found none: a bag-of-words classifier.

VADER's rules read the words they know; a sentence whose words are not in the lexicon
("a tepid biopic", "the bank connection has been down since Monday") scores 0. voc_polarity
runs after voc_sentiment: for the note and each of its sentences that the rules score 0,
it asks a spaCy bag-of-words text classifier (TextCatBOW, lower-case words, negative/
neutral/positive; trained by scripts/train_sentiment.py on VADER's human-scored tweets,
see data/README.md) and takes its score: P(positive) - P(negative), times MODEL_SCALE,
when it leans clearly (ABSTAIN_BELOW).

Where the rules did score, they stand, even when the score is small: feedback's own cues
("doesn't work", "why does it...") carry small valences the tweet-trained classifier does
not know, and overriding them turned bug reports positive. A range that holds a wish or
request word stays 0 too: the rules zero praise in requests on purpose ("a guide would be
helpful", "please add dark mode"), and the classifier reads them as praise.

Not in tagging's pipeline (`build_pipeline(sentiment_model=True)` adds it): on the
held-out half of VADER's movie and NYT snippets it adds little to the rules, and on real
review sentences it read more wrong than right ("The new Nano has a very short battery
life" as positive). Letting it decide wherever the rules say 0, or wherever a sentence
holds a subjective adjective, gains more on the snippets but turns plain feedback ("We use
Slack as well.") and feature requests positive or negative. benchmarks/tag_quality.py
keeps measuring it; benchmarks/RESULTS.md has the figures.

The weights are read on the first note tagged, not when the pipeline is built.
"""

import gzip
import json
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from itertools import pairwise

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from voc.nlp.batches import BATCH_SIZE, Batched
from voc.nlp.columns import column
from voc.nlp.sentiment import MODALS, set_model_scores, tokens_sentiment
from voc.nlp.sents import sentence_starts

WEIGHTS = "sentiment_bow.bin.gz"
SETTINGS = "sentiment_bow.json"
# The classifier's score is scaled into this band: below the signals' PRAISE_AT and
# PAIN_AT, so a sentence is praise or pain only by the rules' words.
MODEL_SCALE = 0.3
# Nearer 0 than this, the classifier abstains: trained on tweets, it leans up to about
# 0.48 on plain feedback statements ("We use Slack as well.", "Enter the number of seats
# on the order form."), which must read neutral.
ABSTAIN_BELOW = 0.5
# Beside the rules' wishes (MODALS): the words of feature requests in app reviews.
REQUEST_WORDS = "please add should allow let option need needs feature".split()


def bow_model(settings: dict):
    """spaCy's TextCatBOW layers (hashed n-grams >> sparse linear >> softmax), over
    lower-case words: case says little about sentiment, and tweets are cased at random."""
    from spacy.attrs import LOWER
    from spacy.ml import extract_ngrams
    from thinc.api import SparseLinear_v2, chain
    from thinc.layers import softmax_activation

    return chain(
        extract_ngrams(settings["ngram_size"], attr=LOWER),
        SparseLinear_v2(nO=len(settings["labels"]), length=settings["length"]),
        softmax_activation(),
    )


@cache
def classifier():
    """The trained model, read on first use: (thinc Model, index of the POS label)."""
    data = resources.files("voc.nlp").joinpath("data")
    settings = json.loads(data.joinpath(SETTINGS).read_text(encoding="utf-8"))
    model = bow_model(settings)
    model.from_bytes(gzip.decompress(data.joinpath(WEIGHTS).read_bytes()))
    labels = settings["labels"]
    return model, labels.index("POS"), labels.index("NEG")


def model_scores(texts: list) -> list[float]:
    """The classifier's P(positive) - P(negative) for each Doc or Span."""
    model, pos, neg = classifier()
    return [round(float(row[pos] - row[neg]), 4) for row in model.predict(texts)]


class Polarity(Batched):
    def __init__(self, nlp: Language):
        strings = nlp.vocab.strings
        self.requests = frozenset(strings.add(w) for w in (*MODALS, *REQUEST_WORDS))

    def __call__(self, doc: Doc) -> Doc:
        self._score([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
        for batch in minibatch(docs, batch_size):
            self._score(batch)
            yield from batch

    def _score(self, docs: list[Doc]) -> None:
        """One prediction for the whole batch's unsure notes and sentences."""
        asked = [(doc, start, end) for doc in docs for start, end in self._unsure(doc)]
        if not asked:
            return
        found = model_scores([doc[start:end] for doc, start, end in asked])
        scores: dict[Doc, dict[tuple[int, int], float]] = {}
        for (doc, start, end), score in zip(asked, found, strict=True):
            if abs(score) >= ABSTAIN_BELOW:
                scores.setdefault(doc, {})[(start, end)] = round(score * MODEL_SCALE, 4)
        for doc, ranges in scores.items():
            set_model_scores(doc, ranges)

    def _unsure(self, doc: Doc) -> list[tuple[int, int]]:
        """The note, and each of its sentences when it has several, that the rules score
        0 and that hold no wish or request."""
        ranges = [(0, len(doc))] if len(doc) else []
        starts = sentence_starts(doc)
        if len(starts) > 2:
            ranges += pairwise(starts)
        asked = []
        for start, end in ranges:
            if tokens_sentiment(doc, start, end):
                continue
            if self.requests.isdisjoint(column(doc, LOWER)[start:end]):
                asked.append((start, end))
        return asked


@Language.factory(
    "voc_polarity",
    assigns=["doc._.sentiment", "span._.sentiment"],
    requires=["doc._.valences"],
)
def make_polarity(nlp: Language, name: str) -> Polarity:
    return Polarity(nlp)
