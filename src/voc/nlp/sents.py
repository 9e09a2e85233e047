"""Sentences: spaCy's rule-based sentencizer over arrays, and sentence look-ups shared by
the components. `span.sent` walks token by token from the span to each boundary, and
`doc.sents` makes every sentence Span again on each pass; the starts are found once per
Doc (kept in `doc.user_data`) and bisected instead."""

from bisect import bisect_right

import numpy
from spacy.attrs import IS_PUNCT, ORTH, SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer as SpacySentencizer
from spacy.tokens import Doc

from voc.nlp.batches import Batched
from voc.nlp.columns import column

CACHE_KEY = "voc_sent_starts"  # sentence start indices, then len(doc)


class Sentencizer(Batched):
    """The boundaries of spaCy's `sentencizer`, exactly: a sentence starts at the first
    token after a sentence-final mark (".", "!", "?"...) that is neither punctuation nor
    such a mark. spaCy's makes a Python Token per word, which cost more than the rule."""

    def __init__(self, nlp: Language):
        strings = nlp.vocab.strings
        self.marks = frozenset(strings.add(c) for c in SpacySentencizer.default_punct_chars)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        starts = self._starts(column(doc, ORTH), column(doc, IS_PUNCT))
        flags = numpy.full((len(doc), 1), -1, dtype=numpy.int64)
        flags[starts] = 1
        doc.from_array([SENT_START], flags.astype(numpy.uint64))
        doc.user_data[CACHE_KEY] = [*starts, len(doc)]
        return doc

    def _starts(self, orths: list[int], puncts: list[int]) -> list[int]:
        """From each mark, past the marks and punctuation that follow it: most tokens
        are looked at once, in a comprehension, not in the loop."""
        marks = self.marks
        starts = [0]
        after = 0  # marks before this were already passed
        for i in [i for i, orth in enumerate(orths) if orth in marks]:
            if i < after:
                continue
            after = i + 1
            while after < len(orths) and (orths[after] in marks or puncts[after]):
                after += 1
            if after < len(orths):
                starts.append(after)
        return starts


@Language.factory(
    "voc_sentencizer",
    assigns=["token.is_sent_start", "doc.sents"],  # as spaCy's sentencizer
)
def make_sentencizer(nlp: Language, name: str) -> Sentencizer:
    return Sentencizer(nlp)


def sentence_starts(doc: Doc) -> list[int]:
    """The start of every sentence, then len(doc) (one sentence when nothing set starts)."""
    starts = doc.user_data.get(CACHE_KEY)
    if starts is None:
        if doc.has_annotation("SENT_START"):
            starts = [s.start for s in doc.sents] + [len(doc)]
        else:
            starts = [0, len(doc)]
        doc.user_data[CACHE_KEY] = starts
    return starts


def sentence_bounds(doc: Doc, i: int) -> tuple[int, int]:
    """(start, end) of the sentence that holds token i."""
    starts = sentence_starts(doc)
    n = bisect_right(starts, i) - 1
    return starts[n], starts[n + 1]
