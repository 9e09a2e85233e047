"""Sentiment over the tokens spaCy already made: VADER's lexicon and rules, as a component.

Each token gets a valence in `doc._.valences` (0.0 for most), adjusted for what precedes it
in its sentence: a negator within three tokens flips and damps it ("not slow" is not a
complaint), a degree adverb strengthens or weakens it, ALL CAPS emphasises it, and "but"
shifts the weight to what follows ("however" and "except" too). Feedback's own complaint
cues carry a small negative valence where VADER sees none: "too" before a plain word ("too
many clicks", "too small"), a wait ("took 3 weeks", "takes 8 seconds to load", unless
"only" or "just" took it), a failure VADER has no word for ("times out", "kicked out", "cuts
off") and a regression ("used to load in 2 seconds", not "got used to it").
`doc._.sentiment` and `span._.sentiment` are VADER's compound score (-1..1) of their
tokens; `*_label` is negative, neutral or positive.
"""

import math
from bisect import bisect_left

from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span

from voc.nlp.lexicons import BOOSTERS, NEGATORS, valences
from voc.nlp.sents import sentences

NEGATION_SCALE = -0.74
HYPOTHETICAL_SCALE = 0.1  # voc's: positive words in a wish or a conditional
# Wishes, conditionals and questions, direct or reported ("asked whether...").
MODALS = ("would", "'d", "could", "wish", "if", "hope", "hoping", "whether", "?", "asked", "ask")
NEGATED_ACTION = -0.7  # voc's: "doesn't work", "never arrived" carry no VADER word
WHY_COMPLAINT = -0.6  # voc's: "Why does it take 8 seconds?" opens a complaint in feedback
CAPS_BOOST = 0.733
EXCLAIM_BOOST = 0.292
BEFORE_BUT, AFTER_BUT = 0.5, 1.5
CONTRASTS = ("but", "however", "except")
TOO_COMPLAINT = -0.8  # voc's: "too many clicks", "too small" (words with no valence)
# Stop words that still say "more than wanted" after "too" ("me too", "too" + verb do not).
EXCESS = ("many", "much", "few", "little", "long", "often", "late", "early", "far")
WAIT_COMPLAINT = -0.8  # voc's: "took 6 weeks", "takes 8 seconds to load"
WAIT_VERBS = ("take", "took", "takes", "taking", "taken", "wait", "waited", "waiting")
WAIT_UNITS = """seconds minutes mins hours hrs days weeks months ages forever""".split()
WAIT_EXCUSES = ("only", "just", "under", "less", "within")  # "only took 5 minutes" is praise
PAIR_COMPLAINT = -0.8  # voc's: two plain words that are a complaint together
COMPLAINT_PAIRS = {
    **dict.fromkeys(("time", "times", "timed", "timing", "kicked", "kicks"), "out"),
    **dict.fromkeys(("cut", "cuts", "cutting"), "off"),
    "used": "to",
}
USED_TO_NOT = ("get", "got", "gets", "getting", "be", "am", "'m", "is", "are", "'re", "were")
THRESHOLD = 0.05  # VADER's: |compound| below it is neutral


def compound(total: float) -> float:
    return total / math.sqrt(total * total + 15) if total else 0.0


def label(score: float) -> str:
    if score >= THRESHOLD:
        return "positive"
    if score <= -THRESHOLD:
        return "negative"
    return "neutral"


def span_sentiment(span: Span) -> float:
    """The compound score of a span's tokens (a Doc is scored as `doc[:]`)."""
    values = span.doc._.valences
    if values is None:
        return 0.0
    total = math.fsum(values[span.start : span.end])
    return compound(_emphasis(span, total))


def _emphasis(span: Span, total: float) -> float:
    """Exclamation marks push the score further the way it already leans (VADER: up to 4)."""
    bangs = span.doc._.bangs
    if not total or not bangs:
        return total
    marks = min(4, bisect_left(bangs, span.end) - bisect_left(bangs, span.start))
    return total + math.copysign(marks * EXCLAIM_BOOST, total)


for _target, _getter in ((Doc, lambda d: span_sentiment(d[:])), (Span, span_sentiment)):
    if not _target.has_extension("sentiment"):
        _target.set_extension("sentiment", getter=_getter)
        _target.set_extension("sentiment_label", getter=lambda x: label(x._.sentiment))
if not Doc.has_extension("valences"):
    Doc.set_extension("valences", default=None)
    Doc.set_extension("bangs", default=None)  # indices of "!" tokens, ascending


class Sentiment:
    def __init__(self, nlp: Language):
        strings = nlp.vocab.strings
        self.lexicon = {strings.add(word): value for word, value in valences().items()}
        self.negators = frozenset(strings.add(w) for w in NEGATORS)
        self.boosters = {strings.add(w): v for w, v in BOOSTERS.items()}
        self.contrasts = frozenset(strings.add(w) for w in CONTRASTS)
        self.too = strings.add("too")
        self.excess = frozenset(strings.add(w) for w in EXCESS)
        self.wait_verbs = frozenset(strings.add(w) for w in WAIT_VERBS)
        self.wait_units = frozenset(strings.add(w) for w in WAIT_UNITS)
        self.wait_excuses = frozenset(strings.add(w) for w in WAIT_EXCUSES)
        self.pairs = {strings.add(a): strings.add(b) for a, b in COMPLAINT_PAIRS.items()}
        self.used = strings.add("used")
        self.used_to_not = frozenset(strings.add(w) for w in USED_TO_NOT)
        self.why = strings.add("why")
        self.modals = frozenset(strings.add(w) for w in MODALS)
        self.bang = frozenset(strings.add(b) for b in ("!", "!!", "!!!", "!!!!"))

    def __call__(self, doc: Doc) -> Doc:
        rows = doc.to_array([LOWER, LEMMA]).tolist()
        lowers = [lower for lower, _ in rows]
        values = [0.0] * len(lowers)
        lexicon = self.lexicon
        # The word as written, else its lemma ("crashes" -> "crash", "slowww" -> "slow").
        found = {
            i: lexicon[lower] if lower in lexicon else lexicon[lemma]
            for i, (lower, lemma) in enumerate(rows)
            if lower in lexicon or lemma in lexicon
        }
        # Positions found in one pass each, then sliced per sentence: per-sentence scans
        # over every token cost more than the scoring.
        hits_at = list(found)
        cues = self._complaint_cues(doc, lowers, values, found)
        negations = [i for i, lower in enumerate(lowers) if lower in self.negators]
        modals = [i for i, lower in enumerate(lowers) if lower in self.modals]
        for sent in sentences(doc):
            start, end = sent.start, sent.end
            hits = _within(hits_at, start, end)
            for i in hits:
                values[i] = self._valence(doc, lowers, i, start, found[i])
            for i in _within(negations, start, end):
                if not any(j in found for j in range(i + 1, min(i + 4, end))):
                    # A negator with no sentiment word after it is a complaint in
                    # feedback: "it doesn't load", "we will not be renewing".
                    values[i] = NEGATED_ACTION
            if lowers[start] == self.why and not hits:
                values[start] = WHY_COMPLAINT
            if hits or _within(cues, start, end):
                self._but(lowers, values, start, end)
                if _within(modals, start, end):
                    _damp_praise(values, hits)
        doc._.valences = values
        doc._.bangs = [i for i, lower in enumerate(lowers) if lower in self.bang]
        return doc

    def _valence(self, doc: Doc, lowers: list[int], i: int, first: int, value: float) -> float:
        token = doc[i]
        if token.is_upper and len(token) > 1:
            value += math.copysign(CAPS_BOOST, value)
        start = max(i - 3, first)
        for distance, j in enumerate(range(i - 1, start - 1, -1)):
            boost = self.boosters.get(lowers[j])
            if boost:
                value += math.copysign(boost, value) * (1.0, 0.95, 0.9)[distance]
        if any(lowers[j] in self.negators for j in range(start, i)):
            value *= NEGATION_SCALE
        return value

    def _complaint_cues(
        self, doc: Doc, lowers: list[int], values: list[float], found: dict[int, float]
    ) -> list[int]:
        """Positions given a complaint cue's valence, ascending."""
        cues = []
        for i, lower in enumerate(lowers[:-1]):
            if lower == self.too and self._excess(doc[i + 1], found):
                values[i] = TOO_COMPLAINT
            elif lower in self.wait_verbs and self._wait(doc, lowers, i):
                values[i] = WAIT_COMPLAINT
            elif self.pairs.get(lower) == lowers[i + 1] and self._pair(lowers, i):
                values[i] = PAIR_COMPLAINT
            else:
                continue
            cues.append(i)
        return cues

    def _pair(self, lowers: list[int], i: int) -> bool:
        """Every pair counts but "used to" after "get" or "be" ("we got used to it")."""
        return lowers[i] != self.used or i == 0 or lowers[i - 1] not in self.used_to_not

    def _excess(self, token, found: dict[int, float]) -> bool:
        """ "too" + a plain word: "too many", "too small"; not "me too", "too good"."""
        if not token.is_alpha or token.i in found:
            return False
        return token.lower in self.excess or not token.is_stop

    def _wait(self, doc: Doc, lowers: list[int], i: int) -> bool:
        """ "took 6 weeks", "waited 3 days", "takes like 8 seconds"; not "only took 5 min"."""
        if any(lowers[j] in self.wait_excuses for j in range(max(i - 2, 0), i)):
            return False
        ahead = range(i + 1, min(i + 5, len(lowers)))
        if any(lowers[j] in self.wait_excuses for j in ahead):
            return False
        return any(
            lowers[j] in self.wait_units and (doc[j - 1].like_num or lowers[j] == lowers[i + 1])
            for j in ahead
        )

    def _but(self, lowers: list[int], values: list[float], start: int, end: int) -> None:
        """Within a sentence, what comes after "but" outweighs what came before."""
        i = next((j for j in range(start, end) if lowers[j] in self.contrasts), None)
        if i is None:
            return
        for j in range(start, i):
            values[j] *= BEFORE_BUT
        for j in range(i + 1, end):
            values[j] *= AFTER_BUT


def _within(positions: list[int], start: int, end: int) -> list[int]:
    return positions[bisect_left(positions, start) : bisect_left(positions, end)]


def _damp_praise(values: list[float], hits: list[int]) -> None:
    """ "It would be great if...", "a guide would be really helpful", "is there a good
    way to...?": praise for what does not exist yet is a request, not a compliment."""
    for i in hits:
        if values[i] > 0:
            values[i] *= HYPOTHETICAL_SCALE


@Language.factory("voc_sentiment")
def make_sentiment(nlp: Language, name: str) -> Sentiment:
    return Sentiment(nlp)
