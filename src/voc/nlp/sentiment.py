"""Sentiment over the tokens spaCy already made: VADER's lexicon and rules, as a component.
The lexicon is VADER's plus the opinion adjectives it lacks ("banal", "captivating", from
Pattern's lexicon) and "un" + its positive words ("unfunny"): voc.nlp.lexicons.valences.

Each token gets a valence in `doc._.valences` (0.0 for most), adjusted for what precedes it
in its sentence: a negator within three tokens flips and damps it ("not slow" is not a
complaint), a degree adverb strengthens or weakens it, ALL CAPS emphasises it, and "but"
shifts the weight to what follows ("however" and "except" too). Feedback's own complaint
cues (`voc.nlp.cues`) carry a small negative valence where VADER sees none, and praise
before "until the update" or after "used to" is past. Requests stay requests: positive
words in one count for nothing ("a guide would be really helpful"), and "missing" in a wish
or after "only"/"just" ("the only thing missing") names a feature to add. A negator before a
hedge ("not sure yet", "no rush") complains of nothing, and "without" on its own negates
nothing ("works without internet"). E-mail courtesy ("Best regards", "Thanks in advance")
carries no opinion.
`doc._.sentiment` and `span._.sentiment` are VADER's compound score (-1..1) of their
tokens; `*_label` is negative, neutral or positive.
"""

import math
from bisect import bisect_left
from itertools import pairwise

from spacy.attrs import LEMMA, LOWER, ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from voc.nlp.batches import Batched
from voc.nlp.columns import column
from voc.nlp.cues import UNTIL, WITHOUT, ComplaintCues
from voc.nlp.lexicons import BOOSTERS, NEGATORS, valences, zeroed
from voc.nlp.sents import sentence_starts

NEGATION_SCALE = -0.74
HYPOTHETICAL_SCALE = 0.1  # voc's: positive words in a question, a hope or a conditional
REQUEST_SCALE = 0.0  # voc's: ...and in a request, which praises nothing that exists yet
# Wishes, conditionals and questions, direct or reported ("asked whether...").
MODALS = ("would", "'d", "could", "wish", "if", "hope", "hoping", "whether", "?", "asked", "ask")
# ...and wants, wonders and suggestions: "Customer wants a better export", "wondering if".
MODALS += ("want", "wants", "wanted", "wondering", "wonder", "wondered", "suggest", "suggestion")
# Of those, the ones that make a request: "a guide would be really helpful", "would love X".
# (Not "?", "if" or "hope": "Did you see the awesome keynote?" still praises.)
REQUESTS = ("would", "'d", "could", "wish", "want", "wants", "wanted", "suggest", "suggestion")
NEGATED_ACTION = -0.7  # voc's: "doesn't work", "never arrived" carry no VADER word
# Words after a negator that make no complaint: "not sure yet", "no rush", "no need to",
# "doesn't matter", "a folder and not just a file", "not only".
HEDGES = "sure yet rush hurry need matter necessarily just only worries biggie".split()
CANT_WAIT = 1.5  # voc's: "can't wait to try it" (VADER reads a negated nothing)
WHY_COMPLAINT = -0.6  # voc's: "Why does it take 8 seconds?" opens a complaint in feedback
CAPS_BOOST = 0.733
EXCLAIM_BOOST = 0.292
BEFORE_BUT, AFTER_BUT = 0.5, 1.5
CONTRASTS = ("but", "however", "except")
ABSENT = ("missing", "lack", "lacks", "lacking")  # what a request asks for
ONLY = ("only", "just")
# E-mail courtesy and fillers carry no opinion: VADER scores "Best regards" +3.2 and
# "Thanks in advance" +1.9, which made a polite bug report read as praise.
FORMULAS = """best regards | kind regards | warm regards | warmest regards | best wishes |
    all the best | thanks in advance | thank you in advance | thanks a lot in advance |
    have a great day | have a nice day | have a good day | have a great weekend |
    have a nice weekend | have a good weekend | hope this helps | hope you are well |
    hope you're well | hope you are doing well | hope all is well | looking forward to |
    as well""".split("|")  # and "as well", which says "too", not "good"
# Alone on a line or before a comma: "Best, Anna", "Cheers", and "Well, it crashed again".
SIGN_OFFS = ("best", "cheers", "regards", "well")
THRESHOLD = 0.05  # VADER's: |compound| below it is neutral
FEW_FORMS = 16  # new forms in a note looked up one by one (see _score_forms)
MAX_FORMS = 200_000  # forms whose valence is kept (as the normaliser keeps lemmas)


def compound(total: float) -> float:
    return total / math.sqrt(total * total + 15) if total else 0.0


def label(score: float) -> str:
    if score >= THRESHOLD:
        return "positive"
    if score <= -THRESHOLD:
        return "negative"
    return "neutral"


# This module's keys in doc.user_data, read through the functions below only.
VALENCES_KEY = "voc_valences"  # each token's valence
BANGS_KEY = "voc_bangs"  # the indices of "!" tokens, ascending
SCORES_KEY = "voc_sentence_scores"  # sentence start -> score, as asked for
COURTESY_KEY = "voc_courtesy"  # positions of courtesy words, when there are any
MODEL_KEY = "voc_model_scores"  # (start, end) -> the classifier's score (voc.nlp.polarity)


def span_sentiment(span: Span) -> float:
    """The compound score of a span's tokens (a Doc is scored as `doc[:]`)."""
    return tokens_sentiment(span.doc, span.start, span.end)


def tokens_sentiment(doc: Doc, start: int, end: int) -> float:
    """The compound score of tokens start..end-1, without making a Span. The values are
    read from `doc.user_data`: `doc._` makes an object on every read. Where voc_polarity
    scored the range (the rules were unsure), its score is the one given."""
    model_scores = doc.user_data.get(MODEL_KEY)
    if model_scores:
        score = model_scores.get((start, end))
        if score is not None:
            return score
    values = doc.user_data.get(VALENCES_KEY)
    if values is None:
        return 0.0
    total = math.fsum(values[start:end])
    bangs = doc.user_data[BANGS_KEY]
    if total and bangs:
        # Exclamation marks push the score further the way it leans (VADER: up to 4).
        marks = min(4, bisect_left(bangs, end) - bisect_left(bangs, start))
        total += math.copysign(marks * EXCLAIM_BOOST, total)
    return compound(total)


def sentence_sentiment(doc: Doc, start: int, end: int) -> float:
    """`tokens_sentiment` of the sentence start..end-1, worked out once per Doc: the theme
    evidence and the signals ask for the same sentences."""
    scores = doc.user_data.get(SCORES_KEY)
    if scores is None:
        scores = doc.user_data[SCORES_KEY] = {}
    score = scores.get(start)
    if score is None:
        score = scores[start] = tokens_sentiment(doc, start, end)
    return score


def set_model_scores(doc: Doc, scores: dict[tuple[int, int], float]) -> None:
    """voc_polarity's scores for the note or sentences (start, end) it was asked about."""
    doc.user_data[MODEL_KEY] = scores
    doc.user_data.pop(SCORES_KEY, None)


def courtesy_positions(doc: Doc) -> frozenset[int]:
    """The token positions of courtesy formulas and sign-offs ("Thanks in advance", "Best,"):
    words that look like praise and are not."""
    return doc.user_data.get(COURTESY_KEY) or frozenset()


for _target, _getter in ((Doc, lambda d: span_sentiment(d[:])), (Span, span_sentiment)):
    if not _target.has_extension("sentiment"):
        _target.set_extension("sentiment", getter=_getter)
        _target.set_extension("sentiment_label", getter=lambda x: label(x._.sentiment))
if not Doc.has_extension("valences"):
    Doc.set_extension("valences", getter=lambda doc: doc.user_data.get(VALENCES_KEY))
    Doc.set_extension("bangs", getter=lambda doc: doc.user_data.get(BANGS_KEY))


class Sentiment(Batched):
    WORD_CACHES = ("scores",)  # what grows with new words (voc.nlp.zones)

    def __init__(self, nlp: Language):
        strings = nlp.vocab.strings
        self.formulas: dict[int, list[tuple[tuple[int, ...], int]]] = {}
        for phrase in FORMULAS:
            words = tuple(t.lower for t in nlp.make_doc(phrase.strip()))
            for offset, word in enumerate(words):
                self.formulas.setdefault(word, []).append((words, offset))
        self.sign_offs = frozenset(strings.add(w) for w in SIGN_OFFS)
        self.formula_pairs = frozenset(
            pair
            for entries in self.formulas.values()
            for words, _ in entries
            for pair in pairwise(words)
        )
        self.comma = strings.add(",")
        self.won, self.t = strings.add("won"), strings.add("t")
        # Words whose valence depends on their neighbours: checked only when found.
        self.special = frozenset(self.formulas) | self.sign_offs | {self.won}
        # Words voc sets to 0 stay in, so their lemma is not looked up instead ("favorites"
        # is a menu, not "favorite").
        words = {**dict.fromkeys(zeroed(), 0.0), **valences()}
        self.lexicon = {strings.add(word): value for word, value in words.items()}
        self.scores: dict[int, float] = {}  # lower-case form -> valence; see _score_forms
        self.negators = frozenset(strings.add(w) for w in NEGATORS)
        self.boosters = {strings.add(w): v for w, v in BOOSTERS.items()}
        self.contrasts = frozenset(strings.add(w) for w in CONTRASTS)
        self.without = strings.add(WITHOUT)
        # Negators that make a complaint on their own ("it doesn't load"); not "without".
        self.acting_negators = self.negators - {self.without}
        self.absent = frozenset(strings.add(w) for w in ABSENT)
        self.only = frozenset(strings.add(w) for w in ONLY)
        self.until = frozenset(strings.add(w) for w in UNTIL)
        self.used = strings.add("used")
        self.why = strings.add("why")
        self.hedges = frozenset(strings.add(w) for w in HEDGES)
        self.wait, self.to = strings.add("wait"), strings.add("to")
        self.modals = frozenset(strings.add(w) for w in MODALS)
        self.requests = frozenset(strings.add(w) for w in REQUESTS)
        self.bang = frozenset(strings.add(b) for b in ("!", "!!", "!!!", "!!!!"))
        # Negators, wish words and "!": found in one pass, then told apart.
        self.marks = self.acting_negators | self.modals | self.bang
        self.cues = ComplaintCues(strings)
        self.watched = self.marks | self.contrasts | frozenset(self.cues.rules)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            doc.user_data[VALENCES_KEY], doc.user_data[BANGS_KEY] = [], []
            return doc
        lowers, lemmas, orths = column(doc, LOWER), column(doc, LEMMA), column(doc, ORTH)
        values = [0.0] * len(lowers)
        found = self._found(doc, lowers, lemmas)
        # Positions found in a pass or two, then sliced per sentence: per-sentence scans
        # over every token cost more than the scoring.
        # One pass finds the words that may start a cue, the marks and the contrasts below.
        watched = [i for i, lower in enumerate(lowers) if lower in self.watched]
        cues = self.cues.find(doc, lowers, values, found, watched)  # may drop from `found`
        hits_at = list(found)
        marks = [i for i in watched if lowers[i] in self.marks]
        contrasts = [i for i in watched if lowers[i] in self.contrasts]
        negations = [i for i in marks if lowers[i] in self.acting_negators]
        modals = [i for i in marks if lowers[i] in self.modals]
        absent = not self.absent.isdisjoint([lowers[i] for i in hits_at])
        # Start and end offsets, not sentence Spans: a Span per sentence cost more than
        # scoring most of them.
        for start, end in pairwise(sentence_starts(doc)):
            hits = _within(hits_at, start, end)
            for i in hits:
                # ORTH differs from LOWER only for a word with a capital: only then can it
                # be ALL CAPS, and only then is a Token made to ask.
                cased = orths[i] != lowers[i]
                values[i] = self._valence(doc, lowers, i, start, found[i], cased)
            for i in _within(negations, start, end):
                if not any(j in found for j in range(i + 1, min(i + 4, end))):
                    # A negator with no sentiment word after it is a complaint in
                    # feedback: "it doesn't load", "we will not be renewing".
                    values[i] = self._negated_action(lowers, i, end)
            if lowers[start] == self.why and not hits:
                values[start] = WHY_COMPLAINT
            sent_cues = _within(cues, start, end) if cues else cues
            if hits and sent_cues:
                self._regressions(lowers, values, hits, sent_cues)
            if hits or sent_cues:
                _but(values, start, end, _within(contrasts, start, end))
                wishes = _within(modals, start, end)
                if wishes:
                    requested = any(lowers[i] in self.requests for i in wishes)
                    scale = REQUEST_SCALE if requested else HYPOTHETICAL_SCALE
                    _damp_praise(doc, values, hits, scale)
                if absent:
                    self._requests(lowers, values, hits, start, bool(wishes))
        doc.user_data[VALENCES_KEY] = values
        doc.user_data[BANGS_KEY] = [i for i in marks if lowers[i] in self.bang]
        doc.user_data.pop(SCORES_KEY, None)
        doc.user_data.pop(MODEL_KEY, None)
        return doc

    def _negated_action(self, lowers: list[int], i: int, end: int) -> float:
        """NEGATED_ACTION, but nothing for a hedge ("not sure", "no rush", "not just a
        file") and eagerness for "can't wait to"."""
        after = lowers[i + 1] if i + 1 < end else None
        if after == self.wait and i + 2 < end and lowers[i + 2] == self.to:
            return CANT_WAIT
        if after in self.hedges or after == self.wait:
            return 0.0
        return NEGATED_ACTION

    def _found(self, doc: Doc, lowers: list[int], lemmas: list[int]) -> dict[int, float]:
        """Position -> valence of the words in the lexicon: the word as written, else its
        lemma ("crashes" -> "crash", "slowww" -> "slow"); a word voc sets to 0 is found as
        0 and dropped (its lemma is not looked up), and so are "won" in "won t open" and
        courtesy ("Best regards")."""
        scores = self.scores
        new = set(lowers).difference(scores)
        if new:
            self._score_forms(new, lowers, lemmas)
        found = {i: value for i, value in enumerate(map(scores.get, lowers)) if value}
        special = [i for i in found if lowers[i] in self.special]
        if special:
            last = len(lowers) - 1
            for i in special:
                if lowers[i] == self.won and i < last and lowers[i + 1] == self.t:
                    del found[i]
            self._courtesy(doc, lowers, found, special)
        return found

    def _score_forms(self, new: set[int], lowers: list[int], lemmas: list[int]) -> None:
        """The valence of each lower-case form not yet scored (0.0: none). The normaliser
        gives every form one lemma, so a form scores the same wherever it is: worked out
        once per form instead of two look-ups per token."""
        lex, scores = self.lexicon, self.scores
        if len(scores) > MAX_FORMS:
            scores.clear()
            new = set(lowers)
        # A note brings a few new forms: each found by list.index, not a pass in Python.
        # A long note brings many, and an index each would grow with the square of its
        # length: then one position per form, from one pass (any position will do).
        if len(new) <= FEW_FORMS:
            where = {lower: lowers.index(lower) for lower in new}
        else:
            where = dict(zip(lowers, range(len(lowers)), strict=True))
        for lower in new:
            lemma = lemmas[where[lower]]
            scores[lower] = lex[lower] if lower in lex else lex.get(lemma, 0.0)

    def _courtesy(
        self, doc: Doc, lowers: list[int], found: dict[int, float], special: list[int]
    ) -> None:
        """Drops the words of courtesy formulas and sign-offs from `found`; their positions
        go in `doc.user_data[COURTESY_KEY]` (signals: "Thanks in advance" is not praise)."""
        dropped = []
        for i in [i for i in special if i in found]:
            lower = lowers[i]
            if lower in self.formulas and self._in_bigram(lowers, i):
                for words, offset in self.formulas[lower]:
                    first = i - offset
                    if first >= 0 and tuple(lowers[first : first + len(words)]) == words:
                        dropped += [j for j in range(first, first + len(words)) if j in found]
            if lower in self.sign_offs and self._sign_off(doc, lowers, i):
                dropped.append(i)
        for i in dropped:
            found.pop(i, None)
        if dropped:
            doc.user_data[COURTESY_KEY] = frozenset(dropped)

    def _sign_off(self, doc: Doc, lowers: list[int], i: int) -> bool:
        """ "Best," or "Cheers" alone on a line (the next token checked first: most "well"s
        are followed by a word, and that needs no Token)."""
        if i + 1 < len(lowers) and lowers[i + 1] != self.comma and not doc[i + 1].is_space:
            return False
        before = doc[i - 1] if i else None
        return before is None or before.is_space or before.is_punct

    def _in_bigram(self, lowers: list[int], i: int) -> bool:
        """Whether the word and a neighbour are two words of some formula: most "well"s
        and "best"s are not, and are dismissed without comparing whole formulas."""
        pairs = self.formula_pairs
        before = i > 0 and (lowers[i - 1], lowers[i]) in pairs
        return before or (i + 1 < len(lowers) and (lowers[i], lowers[i + 1]) in pairs)

    def _valence(
        self, doc: Doc, lowers: list[int], i: int, first: int, value: float, cased: bool
    ) -> float:
        if cased and doc[i].is_upper and len(doc[i]) > 1:
            value += math.copysign(CAPS_BOOST, value)
        start = max(i - 3, first)
        before = lowers[start:i]  # most words have no booster or negator before them
        if not self.boosters.keys().isdisjoint(before):
            for distance, j in enumerate(range(i - 1, start - 1, -1)):
                boost = self.boosters.get(lowers[j])
                if boost:
                    value += math.copysign(boost, value) * (1.0, 0.95, 0.9)[distance]
        if not self.negators.isdisjoint(before):
            value *= NEGATION_SCALE
        return value

    def _requests(
        self, lowers: list[int], values: list[float], hits: list[int], start: int, wish: bool
    ) -> None:
        """ "the only thing missing", "would love X, it lacks Y": an absent feature in a
        wish or after "only"/"just" is asked for, not complained about."""
        for i in hits:
            if lowers[i] not in self.absent or values[i] >= 0:
                continue
            if wish or any(lowers[j] in self.only for j in range(max(i - 3, start), i)):
                values[i] *= HYPOTHETICAL_SCALE

    def _regressions(
        self, lowers: list[int], values: list[float], hits: list[int], cues: list[int]
    ) -> None:
        """Praise in the past: "was great until the update", "used to be fast"."""
        for cue in cues:
            if lowers[cue] in self.until:
                past = [i for i in hits if i < cue]
            elif lowers[cue] == self.used:
                past = [i for i in hits if cue < i < cue + 5]
            else:
                continue
            for i in past:
                if values[i] > 0:
                    values[i] *= NEGATION_SCALE


def _but(values: list[float], start: int, end: int, contrasts: list[int]) -> None:
    """Within a sentence, what comes after "but" (its first contrast) outweighs what
    came before."""
    if not contrasts:
        return
    i = contrasts[0]
    for j in range(start, i):
        values[j] *= BEFORE_BUT
    for j in range(i + 1, end):
        values[j] *= AFTER_BUT


def _within(positions: list[int], start: int, end: int) -> list[int]:
    return positions[bisect_left(positions, start) : bisect_left(positions, end)]


def _damp_praise(doc: Doc, values: list[float], hits: list[int], scale: float) -> None:
    """ "It would be great if...", "a guide would be really helpful", "is there a good
    way to...?": praise for what does not exist yet is a request, not a compliment. An
    emoji or ":)" is how the writer feels now, and stays."""
    for i in hits:
        if values[i] > 0 and doc[i].is_alpha:
            values[i] *= scale


@Language.factory(
    "voc_sentiment",
    assigns=["doc._.sentiment", "doc._.valences", "doc._.bangs", "span._.sentiment"],
    requires=["token.lemma"],  # a word not in the lexicon is looked up by its lemma
)
def make_sentiment(nlp: Language, name: str) -> Sentiment:
    return Sentiment(nlp)
