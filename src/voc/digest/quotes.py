"""Choosing customer voices: representative sentences, from different people, trimmed.

A candidate is the sentence that carried a theme's (or signal's) evidence. Among them,
the representative ones share the most words with the others (what many customers said,
not the oddest remark), are a readable length, and lean the way the theme leans. Then a
greedy pick spreads the quotes over customers, accounts and sources. Notes marked not
quotable never reach this module: the query leaves them out.
"""

import re
from collections import Counter
from dataclasses import dataclass

from voc.redact import redact

MAX_CHARS = 220
# Quoted elsewhere in the digest: a fresh voice is better, unless it is much less
# representative (scores run from 0 to about 1).
USED_PENALTY = 0.3
SHORT_CHARS = 40
_WORD = re.compile(r"[a-z][a-z']+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_STOP = frozenset(
    "the and for that this with you your are was were have has had but not they them "
    "their our its it's i'm we're just very really can could would should will from "
    "about what when there then than been into also all any one out get got too".split()
)


@dataclass(frozen=True)
class Candidate:
    note_id: int
    sentence: str | None  # the evidence sentence; None for a manual tag
    evidence: str | None
    text: str | None  # the note's text, only fetched when there is no sentence
    source: str
    account: str | None
    customer: str | None
    occurred_at: str
    sentiment: float | None = None


def pick(
    candidates: list[Candidate], count: int = 3, tone: int = 0, used: frozenset[int] = frozenset()
) -> list[dict]:
    """Up to `count` quotes: the most representative first, then the next best from a
    customer (and if possible an account and a source) not quoted yet. Notes in `used`
    (quoted elsewhere in the digest) lose a little."""
    texts = {c.note_id: _sentence(c) for c in candidates}
    pool = _against_the_grain_last([c for c in candidates if texts[c.note_id]], tone)
    scores = representativeness(pool, texts, tone)
    for note_id in used & scores.keys():
        scores[note_id] -= USED_PENALTY
    chosen: list[Candidate] = []
    while pool and len(chosen) < count:
        best = max(pool, key=lambda c: (scores[c.note_id] - _overlap(c, chosen), -c.note_id))
        chosen.append(best)
        seen = texts[best.note_id].lower()
        pool = [c for c in pool if c.note_id != best.note_id and texts[c.note_id].lower() != seen]
    return [as_quote(c, _finish(texts[c.note_id], c.evidence)) for c in chosen]


def _against_the_grain_last(pool: list[Candidate], tone: int) -> list[Candidate]:
    """Praise should not be quoted with a complaint (nor a pain point with thanks): when
    the section has a tone, candidates scored clearly the other way are dropped, unless
    nothing else is left."""
    if not tone:
        return pool
    agree = [c for c in pool if c.sentiment is None or c.sentiment * tone > -0.05]
    return agree or pool


def representativeness(pool: list[Candidate], texts: dict[int, str], tone: int) -> dict:
    """Mean share of candidates that use each of a sentence's content words, scaled
    down for fragments and rambles, nudged toward the theme's prevailing sentiment."""
    words = {c.note_id: _content_words(texts[c.note_id]) for c in pool}
    usage = Counter(w for ws in words.values() for w in ws)
    total = max(len(pool), 1)
    scores = {}
    for c in pool:
        ws = words[c.note_id]
        common = sum(usage[w] for w in ws) / (len(ws) * total) if ws else 0.0
        length = len(texts[c.note_id])
        fit = min(1.0, length / SHORT_CHARS) if length < SHORT_CHARS else 1.0
        fit = 0.85 if length > MAX_CHARS - 20 else fit
        leaning = 0.1 if tone and c.sentiment and (c.sentiment > 0) == (tone > 0) else 0.0
        scores[c.note_id] = round(common * fit + leaning, 6)
    return scores


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def _overlap(candidate: Candidate, chosen: list[Candidate]) -> float:
    """A penalty for repeating a voice: a customer already quoted weighs most."""
    penalty = 0.0
    for other in chosen:
        if candidate.customer and _same(candidate.customer, other.customer):
            penalty += 10.0
        if candidate.account and _same(candidate.account, other.account):
            penalty += 1.0
        if candidate.source == other.source:
            penalty += 0.3
    return penalty


def _same(a: str | None, b: str | None) -> bool:
    return bool(a and b and a.strip().lower() == b.strip().lower())


def quote_text(c: Candidate) -> str:
    """The sentence that carries the evidence, one line, cut around it when long, with
    any e-mail address or phone number left in it replaced."""
    return _finish(_sentence(c), c.evidence)


def _sentence(c: Candidate) -> str:
    return " ".join((c.sentence or _sentence_with(c.text or "", c.evidence)).split())


def _finish(sentence: str, evidence: str | None) -> str:
    # Redacting only the chosen few: scoring hundreds of candidates needs no redaction.
    clean, _ = redact(sentence)
    return trim(clean, evidence)


def _sentence_with(text: str, evidence: str | None) -> str:
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if s.strip()]
    for s in sentences:
        if evidence and evidence.lower() in s.lower():
            return s
    return sentences[0] if sentences else ""


def trim(text: str, evidence: str | None = None, limit: int = MAX_CHARS) -> str:
    """At most `limit` characters, cut at word boundaries around the evidence."""
    if len(text) <= limit:
        return text
    at = text.lower().find(evidence.lower()) if evidence else -1
    start = max(0, at - limit // 3) if at >= 0 else 0
    start = text.rfind(" ", 0, start) + 1 if start else 0
    end = start + limit
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    head = "…" if start else ""
    tail = "…" if end < len(text) else ""
    return head + text[start:end].strip(" ,;:-") + tail


def as_quote(c: Candidate, text: str) -> dict:
    date = c.occurred_at[:10]
    attribution = ", ".join(p for p in (c.source, c.account, date) if p)
    return {
        "note_id": c.note_id,
        "text": text,
        "source": c.source,
        "account": c.account,
        "date": date,
        "attribution": attribution,
    }
