"""A second opinion where the sentiment rules found none: a bag-of-words classifier.

VADER's rules read the words they know; a sentence whose words are not in the lexicon
("a tepid biopic", "charging extra for exporting your own data is shady") scores 0.
voc_polarity runs last, after voc_signals: for the note and each of its sentences that the
rules score 0, it asks a spaCy bag-of-words text classifier (TextCatBOW, lower-case words,
negative/neutral/positive; trained by scripts/train_sentiment.py on VADER's human-scored
tweets and the tune half of its movie and NYT snippets, see data/README.md) and, when it
leans negative by at least NEGATIVE_AT, takes its score: P(positive) - P(negative) times
MODEL_SCALE, below the signals' PAIN_AT, so signals and stances stay the rules'.

Only negative: in feedback the rules know praise's words ("great", "love", "works well")
far better than complaints' ("took 400MB", "half the price"), and where the classifier
leaned positive on a sentence the rules scored 0, it was as often a bug report it did not
know ("Update from several days ago is still trying to install.", "It worked differently
on the iPhone versus the iPad.", and exclamation marks: "Bring it back!!!!") as praise.
Deciding positives too gained 0.002 on the snippets below. It keeps out of the rules' way:
- where the rules scored, they stand, even when the score is small: feedback's cues
  ("doesn't work", "why does it...") and negation ("not hard to press") are theirs;
- a range with a wish or request word stays 0: a request reads neutral;
- a range with a comparison of amount (MEASURES: "a lot less sensitive", "lasts a long
  time") stays 0: which way it leans depends on the thing measured;
- a range that voc_signals read as praise or a request (a signal, or a theme mention's
  stance) is not made negative.

Chosen on the tune halves only (benchmarks/RESULTS.md, 2026-12-05): a classifier trained
without half of the snippets' tune half agreed in sign, on that half (odd lines of the
tune half, |human| >= 2, 1,063 snippets), 0.774 against the rules' 0.769 (0.776 at 0.5,
0.772 at 0.7); on the app-review sentences of the same quarter of the hash split (1,889)
it changed 8 labels, 6 rightly ("Facebook login required to save or sign in."), where 0.5
changed 12, the extra ones mostly wrongly ("Evernote brought me out of the dark age of pen
and paper."). Deciding also where the rules lean a little positive (< 0.5, as issue 17
measured) agreed about 0.78 but turned praise negative ("The scans here are the clearest I've
gotten."); it does not.

Off by default (the config key `sentiment_model` turns it on): measured once on the test
half of the snippets it agreed 0.771 against the rules' 0.760, short of issue 17's 0.78.
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
from voc.nlp.signals import SPANS_KEY, mention_stances
from voc.nlp.themes import theme_mentions

WEIGHTS = "sentiment_bow.bin.gz"
SETTINGS = "sentiment_bow.json"
# The classifier's score is scaled into this band: nearer 0 than the signals' PAIN_AT,
# so a sentence is pain only by the rules' words.
MODEL_SCALE = 0.3
# The classifier only ever makes a range negative, when it leans at least this far (tuned
# on the tune halves, see the module docstring): plain feedback statements ("We use Slack
# as well.") must read neutral.
NEGATIVE_AT = 0.6
# Beside the rules' wishes (MODALS): the words of feature requests in app reviews.
REQUEST_WORDS = "please add should allow let option need needs feature".split()
# Comparisons of amount: "a lot less sensitive" (good) read negative, "lasts a long time".
MEASURES = "more less fewer long longer short shorter".split()
# What voc_signals found that the classifier may not contradict: a request stays neutral,
# praise is not made negative.
NOT_NEGATIVE = frozenset({"feature_request", "request", "praise"})


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
        self.measures = frozenset(strings.add(w) for w in MEASURES)

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
            if score <= -NEGATIVE_AT and _agrees(doc, start, end):
                scores.setdefault(doc, {})[(start, end)] = round(score * MODEL_SCALE, 4)
        for doc, ranges in scores.items():
            set_model_scores(doc, ranges)

    def _unsure(self, doc: Doc) -> list[tuple[int, int]]:
        """The note, and each of its sentences when it has several, that the rules score
        0 and that hold no wish, request or measure word."""
        ranges = [(0, len(doc))] if len(doc) else []
        starts = sentence_starts(doc)
        if len(starts) > 2:
            ranges += pairwise(starts)
        asked = []
        for start, end in ranges:
            if tokens_sentiment(doc, start, end):
                continue
            words = column(doc, LOWER)[start:end]
            if self.requests.isdisjoint(words) and self.measures.isdisjoint(words):
                asked.append((start, end))
        return asked


def _agrees(doc: Doc, start: int, end: int) -> bool:
    """Whether voc_signals read nothing in start..end that a negative score contradicts:
    no praise or request among its signals or the stances of its theme mentions."""
    found = {s.label_ for s in doc.spans.get(SPANS_KEY, ()) if start <= s.start < end}
    mentions = theme_mentions(doc)
    if mentions:
        stances = mention_stances(doc)
        found.update(st for m, st in zip(mentions, stances, strict=True) if start <= m.start < end)
    return found.isdisjoint(NOT_NEGATIVE)


@Language.factory(
    "voc_polarity",
    assigns=["doc._.sentiment", "span._.sentiment"],
    requires=["doc._.valences", "doc.spans"],  # and voc_signals' stances
)
def make_polarity(nlp: Language, name: str) -> Polarity:
    return Polarity(nlp)
