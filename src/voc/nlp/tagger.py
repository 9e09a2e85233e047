"""From a tagged Doc to plain, picklable results: what is written to SQLite for one note.

Workers return these, never Docs: a Doc costs ~30 KB and holds the shared vocabulary."""

from typing import NamedTuple

from spacy.attrs import IS_ALPHA, IS_STOP, LEMMA, LENGTH, SENT_START
from spacy.tokens import Doc, Span

from voc.nlp import signals, themes
from voc.nlp.sentiment import label, span_sentiment
from voc.nlp.sents import sentence_of

SENTENCE_CHARS = 300  # longest sentence kept as evidence, centred on the match
MAX_TERMS = 12  # uncovered n-grams kept per note: enough to rank, cheap to write
MIN_TERM_CHARS = 3
TERM_BLOCK = 32


class ThemeHit(NamedTuple):
    theme: str
    pattern: str
    evidence: str
    sentence: str
    start: int
    end: int
    sentiment: float


class SignalHit(NamedTuple):
    signal: str
    evidence: str
    sentence: str
    start: int
    end: int


class NoteTags(NamedTuple):
    note_id: int
    sentiment: float
    sentiment_label: str
    themes: list[ThemeHit]
    signals: list[SignalHit]
    terms: list[str]


def tags_of(note_id: int, doc: Doc, text: str | None = None) -> NoteTags:
    """`text` is what the Doc was made from (spaCy keeps it exactly): evidence is sliced
    from it, which is much cheaper than joining tokens back into strings."""
    text = doc.text if text is None else text
    score = round(span_sentiment(doc[:]), 4)
    return NoteTags(
        note_id,
        score,
        label(score),
        theme_hits(doc, text),
        signal_hits(doc, text),
        uncovered_terms(doc),
    )


def theme_hits(doc: Doc, text: str) -> list[ThemeHit]:
    """The first mention of each theme, with its sentence and that sentence's sentiment."""
    hits: dict[str, ThemeHit] = {}
    for span in doc.spans.get(themes.SPANS_KEY, []):
        if span.label_ not in hits:
            sent = sentence_of(span)
            start, end = span.start_char, span.end_char
            hits[span.label_] = ThemeHit(
                span.label_,
                span.id_,
                text[start:end],
                _window(text, sent, start, end),
                start,
                end,
                round(span_sentiment(sent), 4),
            )
    return list(hits.values())


def signal_hits(doc: Doc, text: str) -> list[SignalHit]:
    hits: dict[str, SignalHit] = {}
    for span in doc.spans.get(signals.SPANS_KEY, []):
        if span.label_ not in hits:
            start, end = span.start_char, span.end_char
            hits[span.label_] = SignalHit(
                span.label_,
                _clip(text[start:end]),
                _window(text, sentence_of(span), start, end),
                start,
                end,
            )
    return list(hits.values())


def _clip(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SENTENCE_CHARS else flat[: SENTENCE_CHARS - 1] + "…"


def _window(text: str, sent: Span, start: int, end: int) -> str:
    """The sentence, or SENTENCE_CHARS of it around the match when it is very long."""
    first, last = sent.start_char, sent.end_char
    if last - first <= SENTENCE_CHARS:
        return " ".join(text[first:last].split())
    middle = (start + end) // 2
    first = max(first, middle - SENTENCE_CHARS // 2)
    return "…" + " ".join(text[first : min(last, first + SENTENCE_CHARS)].split()) + "…"


def uncovered_terms(doc: Doc) -> list[str]:
    """Lemma n-grams (1-3 words) of content words that no theme pattern covers: the raw
    material of `voc themes suggest`. Deduplicated, at most MAX_TERMS per note."""
    if not len(doc):
        return []
    array = doc.to_array([LEMMA, IS_ALPHA, IS_STOP, LENGTH, SENT_START])
    covered = set()
    for span in doc.spans.get(themes.SPANS_KEY, []):
        covered.update(range(span.start, span.end))
    strings = doc.vocab.strings
    terms: dict[str, None] = {}
    run: list[str] = []
    # A dozen terms are usually found in the first few content words: rows are turned
    # into Python ints a block at a time, not the whole note at once.
    for first in range(0, len(array), TERM_BLOCK):
        rows = array[first : first + TERM_BLOCK].tolist()
        for i, (lemma, alpha, stop, length, sent_start) in enumerate(rows, start=first):
            content = alpha and not stop and length >= MIN_TERM_CHARS and i not in covered
            if not content or sent_start == 1:
                run = []
            if not content:
                continue
            run = [*run[-2:], strings[lemma]]
            for n in range(len(run), 0, -1):
                terms.setdefault(" ".join(run[-n:]), None)
            if len(terms) >= MAX_TERMS:
                return list(terms)[:MAX_TERMS]
    return list(terms)[:MAX_TERMS]
