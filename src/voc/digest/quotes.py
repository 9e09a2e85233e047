"""Choosing customer voices: representative sentences, from different people, trimmed.

A candidate is the sentence that carried a theme's (or signal's, or term's) evidence.
Only sentences that carry information are quoted: at least MIN_CHARS characters and
MIN_WORDS distinct content words beyond the generic ones ("app", "great", "love"), not a
greeting or a sign-off, holding the evidence itself (a greeting before it, "Hi team,", and a
sign-off after it, "Thanks, Anna", are cut off), and not a near-duplicate (sharing
NEAR_DUPLICATE of its content words) of a quote already in the digest. A note is quoted
once per digest. Among the rest, the representative ones share the most words with the
others (what many customers said, not the oddest remark), are a readable length, and lean
the way the theme leans. Then a greedy pick spreads the quotes over customers, accounts
and sources. Notes marked not quotable never reach this module: the query leaves them out.
"""

import re
from collections import Counter
from dataclasses import dataclass

from voc.redact import redact

MAX_CHARS = 220
MIN_CHARS = 20
MIN_WORDS = 3
NEAR_DUPLICATE = 0.8
SHORT_CHARS = 40
ON_TOPIC_BONUS = 10.0  # more than any representativeness: the section's stance comes first
_WORD = re.compile(r"[a-z][a-z']+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_STOP = frozenset(
    "the and for that this with you your are was were have has had but not they them "
    "their our its it's i'm we're just very really can could would should will from "
    "about what when there then than been into also all any one out get got too "
    "is am be an as at by if in of on or so to up do does did no yes my me us he she his "
    "her him it oh ok okay these those here who how why which".split()
)
# Words that say nothing by themselves: "i love this apps this is very good apps".
_GENERIC = frozenset(
    "app apps application love loved loves lovely like liked likes good great nice awesome "
    "amazing excellent best better cool perfect super fantastic wonderful brilliant "
    "thanks thank please product service use using used works work working everything "
    "thing things lot lots much well always ever reply hello dear hey cheers regards "
    "sincerely kind guys job easy fine ok okay wow five stars star recommend".split()
)
_SIGN_OFF = re.compile(
    r"^\W*(?:sent from my|best regards|kind regards|warm regards|regards|sincerely|cheers|"
    r"thanks in advance|many thanks|thank you for your|this is my reply)\b",
    re.I,
)

# A greeting that opens a sentence ("Hi team,", "Hello!", "Dear support,") and a sign-off
# that ends one ("... is slow. Thanks, Anna", "... thanks!"): the words of a quote are the
# customer's point, not their manners.
_GREETING = re.compile(
    r"^\W*(?:hi|hello|hey|hiya|dear|greetings|good (?:morning|afternoon|evening))\b"
    r"[^,.!?:;\n]{0,30}[,.!:;]\s*",
    re.I,
)
_TRAILING_SIGN_OFF = re.compile(
    r"(?:(?<=[.!?])|,)\s*(?:thanks|thank you|many thanks|cheers|best|regards|best regards|"
    r"kind regards|warm regards|sincerely|sent from my)\b"
    r"(?:[,!.]*\s*(?-i:[A-Z][\w.-]*)(?: (?-i:[A-Z][\w.-]*))?)?[.!]*\s*$",  # and a name
    re.I,
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
    stance: str | None = None  # what the note says of the theme (theme candidates only)


class Quoted:
    """What a digest has quoted so far: each note once, no sentence twice in other words."""

    def __init__(self) -> None:
        self.notes: set[int] = set()
        self.words: list[set[str]] = []

    def pick(self, candidates: list["Candidate"], count: int, tone: int = 0) -> list[dict]:
        fresh = [c for c in candidates if c.note_id not in self.notes]
        chosen = pick(fresh, count, tone, self.words)
        self.notes |= {q["note_id"] for q in chosen}
        self.words += [_content_words(q["text"]) for q in chosen]
        return chosen


def pick(
    candidates: list[Candidate], count: int = 3, tone: int = 0, said: list[set[str]] = ()
) -> list[dict]:
    """Up to `count` quotes among the informative candidates: the most representative
    first, then the next best from a customer (and if possible an account and a source)
    not quoted yet; none that repeats one in `said` (content words) in other words."""
    texts = {c.note_id: _sentence(c) for c in candidates}
    said = list(said)
    usable = [c for c in candidates if informative(texts[c.note_id], c.evidence)]
    pool = _against_the_grain_last(usable, tone)
    scores = representativeness(pool, texts, tone)
    for c in pool:
        scores[c.note_id] += ON_TOPIC_BONUS * _on_topic(c, tone)
    chosen: list[Candidate] = []
    while pool and len(chosen) < count:
        best = max(pool, key=lambda c: (scores[c.note_id] - _overlap(c, chosen), -c.note_id))
        pool = [c for c in pool if c.note_id != best.note_id]
        words = _content_words(texts[best.note_id])
        if any(_near(words, other) for other in said):
            continue
        chosen.append(best)
        said.append(words)
    return [as_quote(c, _finish(texts[c.note_id], c.evidence)) for c in chosen]


def informative(sentence: str, evidence: str | None = None) -> bool:
    """Long enough, with enough words beyond the generic, no greeting or sign-off, and
    holding the evidence that put it here."""
    if len(sentence) < MIN_CHARS or _SIGN_OFF.search(sentence):
        return False
    if evidence and " ".join(evidence.split()).lower() not in sentence.lower():
        return False
    return len(_content_words(sentence) - _GENERIC) >= MIN_WORDS


def _near(words: set[str], other: set[str]) -> bool:
    if not words or not other:
        return False
    return len(words & other) / len(words | other) >= NEAR_DUPLICATE


def term_pattern(term: str) -> re.Pattern:
    """A lemma phrase as customers may have written it: each word by its stem ("window
    medium" finds "Windows Media"), the words in order with anything but letters between."""
    stems = [re.escape(w[: max(3, len(w) - 2)]) + r"\w*" for w in term.split()]
    return re.compile(r"\b" + r"\W+".join(stems), re.I)


def _against_the_grain_last(pool: list[Candidate], tone: int) -> list[Candidate]:
    """Praise should not be quoted with a complaint (nor a pain point with thanks): when
    the section has a tone, candidates scored clearly the other way are dropped, unless
    nothing else is left."""
    if not tone:
        return pool
    agree = [c for c in pool if c.sentiment is None or c.sentiment * tone > -0.05]
    return agree or pool


def _on_topic(c: Candidate, tone: int) -> bool:
    """A theme's candidate whose stance is the one its section is about: an issue where the
    theme leans negative, praise where it leans positive. Those are quoted first."""
    return bool(tone) and c.stance == ("issue" if tone < 0 else "praise")


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
    if c.sentence is not None:
        return without_courtesy(" ".join(c.sentence.split()), c.evidence)
    return without_courtesy(" ".join(_sentence_with(c.text or "", c.evidence).split()), c.evidence)


def without_courtesy(sentence: str, evidence: str | None = None) -> str:
    """The sentence less a greeting at its start and a sign-off at its end, unless the
    evidence is in them (a quote must hold it) or nothing would be left."""
    # Evidence may be the whole sentence (a signal read from its tone): its own courtesy goes.
    core = _stripped(" ".join(evidence.split())).lower() if evidence else ""
    for pattern in (_GREETING, _TRAILING_SIGN_OFF):
        found = pattern.search(sentence)
        if not found:
            continue
        cut = (sentence[: found.start()] + sentence[found.end() :]).strip()
        if cut and core in cut.lower():
            sentence = cut
    return sentence[:1].upper() + sentence[1:] if sentence else sentence


def _stripped(text: str) -> str:
    for pattern in (_GREETING, _TRAILING_SIGN_OFF):
        found = pattern.search(text)
        cut = (text[: found.start()] + text[found.end() :]).strip() if found else ""
        text = cut or text
    return text


def _finish(sentence: str, evidence: str | None) -> str:
    # Redacting only the chosen few: scoring hundreds of candidates needs no redaction.
    clean, _ = redact(sentence)
    return trim(clean, evidence)


def split_sentences(text: str) -> list[str]:
    return [" ".join(s.split()) for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def _sentence_with(text: str, evidence: str | None) -> str:
    sentences = split_sentences(text)
    if not evidence:
        return sentences[0] if sentences else ""
    for s in sentences:
        if evidence.lower() in s.lower():
            return s
    return ""  # a quote must hold its evidence: another sentence would not


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
