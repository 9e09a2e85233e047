"""Sentence look-ups shared by the components. `span.sent` walks token by token from the
span to each boundary, which adds up on long notes; the starts are found once per Doc and
bisected instead."""

from bisect import bisect_right

from spacy.tokens import Doc, Span

CACHE_KEY = "voc_sent_starts"


def sentences(doc: Doc):
    """The sentences, or the whole doc as one when no component set sentence starts."""
    return doc.sents if doc.has_annotation("SENT_START") else [doc[:]]


def sentence_at(doc: Doc, i: int) -> Span:
    """The sentence that holds token i."""
    starts = doc.user_data.get(CACHE_KEY)
    if starts is None:
        starts = [s.start for s in sentences(doc)] + [len(doc)]
        doc.user_data[CACHE_KEY] = starts
    n = bisect_right(starts, i) - 1
    return doc[starts[n] : starts[n + 1]]


def sentence_of(span: Span) -> Span:
    return sentence_at(span.doc, span.start)
