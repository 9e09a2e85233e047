"""From a tagged Doc to plain, picklable results: what is written to SQLite for one note.

Workers return these, never Docs: a Doc is large to pickle and holds the shared vocabulary."""

from typing import NamedTuple

from spacy.attrs import IDX, LEMMA, LENGTH, ORTH
from spacy.tokens import Doc

from voc.nlp import signals
from voc.nlp.columns import column
from voc.nlp.sentiment import label, sentence_sentiment, tokens_sentiment
from voc.nlp.sents import sentence_bounds, sentence_starts
from voc.nlp.themes import ThemeMention, theme_mentions
from voc.themes.taxonomy import STANCES

SENTENCE_CHARS = 300  # longest sentence kept as evidence, centred on the match
MAX_TERMS = 12  # uncovered n-grams kept per note: enough to rank, cheap to write
MIN_TERM_CHARS = 3


class ThemeHit(NamedTuple):
    theme: str
    pattern: str
    evidence: str
    sentence: str
    start: int
    end: int
    sentiment: float
    stance: str  # the strongest of the theme's mentions: issue > request > praise > mention


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
    score = round(tokens_sentiment(doc, 0, len(doc)), 4)
    if score > 0 and signals.favours_competitor(doc):
        score = 0.0  # "Acme is cheaper and has a better app" praises someone else
    hits = theme_mentions(doc)
    return NoteTags(
        note_id,
        score,
        label(score),
        theme_hits(doc, text, hits),
        signal_hits(doc, text),
        uncovered_terms(doc, hits),
    )


def theme_hits(doc: Doc, text: str, hits: list[ThemeMention]) -> list[ThemeHit]:
    """One hit per theme: its strongest mention (the first of equals), with its sentence,
    that sentence's sentiment and its stance. Offsets come from token positions, not Spans."""
    found: dict[str, ThemeHit] = {}
    offsets = _offsets(doc) if hits else None
    stances = signals.mention_stances(doc) if hits else []
    rank = STANCES.index
    for (slug, pattern, first, last), stance in zip(hits, stances, strict=True):
        if slug in found and rank(found[slug].stance) <= rank(stance):
            continue
        begin, stop = sentence_bounds(doc, first)
        start, end = _chars(offsets, first, last)
        found[slug] = ThemeHit(
            slug,
            pattern,
            text[start:end],
            _window(text, _chars(offsets, begin, stop), start, end),
            start,
            end,
            round(sentence_sentiment(doc, begin, stop), 4),
            stance,
        )
    return list(found.values())


def signal_hits(doc: Doc, text: str) -> list[SignalHit]:
    hits: dict[str, SignalHit] = {}
    spans = doc.spans.get(signals.SPANS_KEY, [])
    offsets = _offsets(doc) if spans else None
    for span in spans:
        if span.label_ not in hits:
            start, end = _chars(offsets, span.start, span.end)
            hits[span.label_] = SignalHit(
                span.label_,
                _clip(text[start:end]),
                _window(text, _chars(offsets, *sentence_bounds(doc, span.start)), start, end),
                start,
                end,
            )
    return list(hits.values())


def _offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """Each token's character offset and length."""
    return column(doc, IDX), column(doc, LENGTH)


def _chars(offsets: tuple[list[int], list[int]], first: int, last: int) -> tuple[int, int]:
    """Character offsets of tokens first..last-1, as `Span.start_char, end_char` give."""
    starts, lengths = offsets
    if last <= first:
        start = starts[first] if first < len(starts) else 0
        return start, start
    return starts[first], starts[last - 1] + lengths[last - 1]


def _clip(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SENTENCE_CHARS else flat[: SENTENCE_CHARS - 1] + "…"


def _window(text: str, sent: tuple[int, int], start: int, end: int) -> str:
    """The sentence, or SENTENCE_CHARS of it around the match when it is very long."""
    first, last = sent
    if last - first <= SENTENCE_CHARS:
        return " ".join(text[first:last].split())
    middle = (start + end) // 2
    first = max(first, middle - SENTENCE_CHARS // 2)
    return "…" + " ".join(text[first : min(last, first + SENTENCE_CHARS)].split()) + "…"


def uncovered_terms(doc: Doc, hits: list[ThemeMention] | None = None) -> list[str]:
    """Lemma n-grams (1-3 words) of content words that no theme pattern covers: the raw
    material of `voc themes suggest`. Deduplicated, at most MAX_TERMS per note."""
    if not len(doc):
        return []
    covered = set()
    for _, _, start, end in theme_mentions(doc) if hits is None else hits:
        covered.update(range(start, end))
    starts = set(sentence_starts(doc))
    strings = doc.vocab.strings
    terms: dict[str, None] = {}
    run: list[str] = []
    known = CONTENT_WORDS.get
    for i, (orth, lemma) in enumerate(zip(column(doc, ORTH), column(doc, LEMMA), strict=True)):
        content = known(orth)
        if content is None:
            content = _is_content(doc.vocab, orth)
        content = content and i not in covered
        if not content or i in starts:
            run = []
        if not content:
            continue
        run = [*run[-2:], strings[lemma]]
        for n in range(len(run), 0, -1):
            terms.setdefault(" ".join(run[-n:]), None)
        if len(terms) >= MAX_TERMS:
            return list(terms)[:MAX_TERMS]
    return list(terms)[:MAX_TERMS]


CONTENT_WORDS: dict[int, bool] = {}  # word (ORTH) -> is a content word; bounded below


def _is_content(vocab, orth: int) -> bool:
    """Alphabetic, not a stop word, MIN_TERM_CHARS or longer: the same for every token of
    a word, so worked out once per word instead of reading three attributes per token."""
    content = CONTENT_WORDS.get(orth)
    if content is None:
        if len(CONTENT_WORDS) > 200_000:
            CONTENT_WORDS.clear()
        lex = vocab[orth]
        content = CONTENT_WORDS[orth] = (
            lex.is_alpha and not lex.is_stop and len(lex.orth_) >= MIN_TERM_CHARS
        )
    return content
