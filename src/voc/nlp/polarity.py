"""A second opinion where the sentiment rules are unsure: a bag-of-words classifier.

VADER's rules read the words they know; a sentence whose words are not in the lexicon
("a tepid biopic", "charging extra for exporting your own data is shady") scores 0, and one
whose words they misread scores a little ("drains the battery very quickly": only "quickly"
is known). voc_polarity runs last, after voc_signals: for the note and each of its sentences
that the rules score below UNSURE_BELOW either way, it asks a spaCy bag-of-words text
classifier (TextCatBOW, lower-case words, negative/neutral/positive; trained by
scripts/train_sentiment.py on VADER's human-scored tweets and the tune half of its movie
and NYT snippets, see data/README.md), and where it leans far enough, takes its score:
P(positive) - P(negative) times MODEL_SCALE, below the signals' PAIN_AT, so signals and
stances stay the rules'.

- A range the rules score 0 or a little positive is made negative when the classifier
  leans negative by NEGATIVE_AT, unless voc_signals read praise or a request there (a
  signal, or a theme mention's stance), or the rules' praise is a negated complaint word
  ("not hard to press", "no real complaints": a bag of words sees the complaint word, not
  the negation).
- A range the rules score a little negative is made positive when it leans positive by
  POSITIVE_AT and voc_signals read nothing but praise, requests and plain mentions there
  ("Don't love the new format ... Overall a good app."). Never a range the rules score 0:
  there, in feedback, the classifier leaned positive on bug reports it did not know
  ("It worked differently on the iPhone versus the iPad.", "Bring it back!!!!") as often
  as on praise.
- The rules' sure scores stand, and so do a range with a wish or request word (a request
  reads neutral) and one with a comparison of amount (MEASURES: "a lot less sensitive",
  "lasts a long time": which way it leans depends on the thing measured).

Chosen on the tune halves only (benchmarks/RESULTS.md, 2026-12-05): a classifier trained
without a quarter of the snippets (odd lines of the tune half) was measured on that quarter
(|human| >= 2, 1,063 snippets) and on the tune half of the app-review sentences.
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
from voc.nlp.lexicons import valences
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
# The rules' positive scores below this are unsure too (VADER's "little positive": one mild
# word, or praise words outweighed by words it does not know): the classifier may make them
# negative. The rules' negative scores always stand: in feedback their complaint words are
# surer than the classifier's praise ("Love the new layout, but this version is very buggy").
UNSURE_BELOW = 0.5
# Beside the rules' wishes (MODALS): the words of feature requests in app reviews.
REQUEST_WORDS = "please add should allow let option need needs feature".split()
# Comparisons of amount: "a lot less sensitive" (good) read negative, "lasts a long time".
MEASURES = "more less fewer long longer short shorter".split()
# The classifier makes a range positive when it leans at least this far and voc_signals
# read nothing but these there (no pain, churn or rival, no issue): a bug report it does not
# know ("Update from several days ago is still trying to install.") often leans positive.
POSITIVE_AT = 0.7
# What voc_signals found that the classifier may not contradict: a request stays neutral,
# praise is not made negative.
NOT_NEGATIVE = frozenset({"feature_request", "request", "praise"})
# All that a range made positive may hold.
CALM = NOT_NEGATIVE | {"mention"}


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
        asked = [(doc, *found) for doc in docs for found in self._unsure(doc)]
        if not asked:
            return
        found = model_scores([doc[start:end] for doc, start, end, _ in asked])
        scores: dict[Doc, dict[tuple[int, int], float]] = {}
        for (doc, start, end, rules), score in zip(asked, found, strict=True):
            if _takes(doc, start, end, rules, score):
                scores.setdefault(doc, {})[(start, end)] = round(score * MODEL_SCALE, 4)
        for doc, ranges in scores.items():
            set_model_scores(doc, ranges)

    def _unsure(self, doc: Doc) -> list[tuple[int, int, float]]:
        """(start, end, the rules' score) for the note, and each of its sentences when it
        has several, that the rules score near 0 (below UNSURE_BELOW either way) and that
        hold no wish, request or measure word."""
        ranges = [(0, len(doc))] if len(doc) else []
        starts = sentence_starts(doc)
        if len(starts) > 2:
            ranges += pairwise(starts)
        asked = []
        for start, end in ranges:
            rules = tokens_sentiment(doc, start, end)
            if abs(rules) >= UNSURE_BELOW:
                continue
            words = column(doc, LOWER)[start:end]
            if self.requests.isdisjoint(words) and self.measures.isdisjoint(words):
                asked.append((start, end, rules))
        return asked


def _takes(doc: Doc, start: int, end: int, rules: float, score: float) -> bool:
    """Whether the classifier's score replaces the rules' without contradicting voc_signals:
    a little positive or 0 made negative; a little negative made positive, never 0 (where
    it leans positive on a sentence the rules found no opinion in, it is as often a bug
    report it does not know as praise)."""
    if score <= -NEGATIVE_AT and rules >= 0:
        if rules and _negated_complaint(doc, start, end):
            return False
        return _read_as(doc, start, end).isdisjoint(NOT_NEGATIVE)
    if score >= POSITIVE_AT and rules < 0:
        return _read_as(doc, start, end) <= CALM
    return False


def _negated_complaint(doc: Doc, start: int, end: int) -> bool:
    """Whether the rules read praise in a negated complaint word ("not hard to press", "no
    real complaints"): a bag of words sees the complaint word and not the negation."""
    values = doc._.valences or ()
    table = valences()
    for i in range(start, min(end, len(values))):
        if values[i] > 0:
            token = doc[i]
            if table.get(token.lower_, table.get(token.lemma_, 0.0)) < 0:
                return True
    return False


def _read_as(doc: Doc, start: int, end: int) -> set[str]:
    """What voc_signals read in start..end: its signals' labels and the stances of the
    theme mentions there (praise, pain, churn_risk...; issue, request, praise, mention)."""
    found = {s.label_ for s in doc.spans.get(SPANS_KEY, ()) if start <= s.start < end}
    mentions = theme_mentions(doc)
    if mentions:
        stances = mention_stances(doc)
        found.update(st for m, st in zip(mentions, stances, strict=True) if start <= m.start < end)
    return found


@Language.factory(
    "voc_polarity",
    assigns=["doc._.sentiment", "span._.sentiment"],
    requires=["doc._.valences", "doc.spans"],  # and voc_signals' stances
)
def make_polarity(nlp: Language, name: str) -> Polarity:
    return Polarity(nlp)
