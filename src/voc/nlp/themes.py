"""The taxonomy matcher: a spaCy component that puts one span per theme mention in
`doc.spans["voc_themes"]`, labelled with the theme slug, with the pattern in `span._.pattern`.
The other components and the tagger read the mentions with `theme_mentions(doc)` only: the
same mentions as ThemeMention tuples, kept in `doc.user_data` under a key this module owns.

A theme with `skip_negated` ignores a mention right after a negator ("not great"); one with
`exclude` phrases ignores mentions in a sentence that has one ("would love" is a request,
not praise)."""

from pathlib import Path
from typing import NamedTuple

from spacy.attrs import LEMMA, LOWER, ORTH
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, SpanGroup

from voc.nlp.batches import Batched
from voc.nlp.columns import column
from voc.nlp.lexicons import NEGATORS
from voc.nlp.normalizer import normalize_phrase
from voc.nlp.phrases import phrase_matcher
from voc.nlp.sents import sentence_bounds
from voc.themes.taxonomy import Taxonomy, TaxonomyError, builtin_taxonomy_text, parse_taxonomy
from voc.themes.taxonomy import load_taxonomy as _load

SPANS_KEY = "voc_themes"
# The same mentions as ThemeMention tuples, read through `theme_mentions` only.
_MENTIONS_KEY = "voc_theme_hits"
SEPARATOR = "\x1f"  # between slug and pattern in a match key
NEGATION_WINDOW = 3

# The pattern that matched is the span's id (as spaCy's SpanRuler does with pattern ids):
# set in C, cheaper than an extension attribute; `span._.pattern` reads it.
if not Span.has_extension("pattern"):
    Span.set_extension("pattern", getter=lambda span: span.id_ or None)


class ThemeMention(NamedTuple):
    """One mention of a theme: its slug, the pattern that matched, and tokens start..end-1."""

    theme: str
    pattern: str
    start: int
    end: int


def theme_mentions(doc: Doc) -> list[ThemeMention]:
    """The theme mentions the matcher found in `doc`, in the order of its spans."""
    hits = doc.user_data.get(_MENTIONS_KEY)
    if hits is None:  # a Doc tagged elsewhere, its user data not kept
        spans = doc.spans.get(SPANS_KEY, [])
        return [ThemeMention(s.label_, s.id_, s.start, s.end) for s in spans]
    if hits and type(hits[0]) is not ThemeMention:  # restored from bytes: plain lists
        hits = [ThemeMention(*hit) for hit in hits]
    return hits


class ThemeMatcher(Batched):
    def __init__(self, nlp: Language, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self.strings = nlp.vocab.strings
        self.phrases = phrase_matcher(nlp, _unique_patterns(nlp, taxonomy))
        self.tokens = _token_matcher(nlp, taxonomy)
        self.one_token = _one_token_rules(nlp, taxonomy)
        self.excludes = phrase_matcher(
            nlp, ((theme.slug, phrase) for theme in taxonomy for phrase in theme.exclude)
        )
        self.skip_negated = {theme.slug for theme in taxonomy if theme.skip_negated}
        self.negators = {self.strings.add(w) for w in NEGATORS}
        self.keys: dict[int, tuple[str, str]] = {}  # match key -> (slug, pattern)

    def __call__(self, doc: Doc) -> Doc:
        # Matches stay ThemeMention tuples until the end: a Span costs more to make than
        # the test it would serve.
        hits = self._matches(doc)
        if hits and self.skip_negated:
            hits = self._not_negated(doc, hits)
        if hits and len(self.excludes):
            hits = self._without_excluded(doc, hits)
        hits.sort(key=lambda h: (h[2], -h[3]))
        spans = [
            Span(doc, start, end, label=slug, span_id=pattern) for slug, pattern, start, end in hits
        ]
        doc.spans[SPANS_KEY] = SpanGroup(doc, name=SPANS_KEY, spans=spans)
        doc.user_data[_MENTIONS_KEY] = hits
        return doc

    def _matches(self, doc: Doc) -> list[ThemeMention]:
        hits = []
        for matcher in (self.phrases, self.tokens):
            if not len(matcher):
                continue
            matches = self._one_token(doc) if matcher is self.tokens else matcher(doc)
            for key, start, end in matches:
                hits.append(ThemeMention(*self._key(key), start, end))
        return hits

    def _key(self, key: int) -> tuple[str, str]:
        parts = self.keys.get(key)
        if parts is None:
            slug, _, pattern = self.strings[key].partition(SEPARATOR)
            parts = self.keys[key] = (slug, pattern)
        return parts

    def _one_token(self, doc: Doc) -> list[tuple[int, int, int]]:
        """The token matcher's matches, in its order, by set look-ups when every token
        pattern is one word from a list: spaCy's Matcher makes a Token per word."""
        if self.one_token is None or not len(doc):
            return self.tokens(doc)
        hits = sorted(
            (i, order, key)
            for order, (attr, key, values) in enumerate(self.one_token)
            if not values.isdisjoint(column(doc, attr))  # most notes: no word of the list
            for i, value in enumerate(column(doc, attr))
            if value in values
        )
        return [(key, i, i + 1) for i, _, key in hits]

    def _not_negated(self, doc: Doc, hits: list[ThemeMention]) -> list[ThemeMention]:
        """Mentions of `skip_negated` themes less those right after a negator."""
        if not any(slug in self.skip_negated for slug, *_ in hits):
            return hits
        lowers = column(doc, LOWER)
        kept = []
        for hit in hits:
            slug, _, start, _ = hit
            if slug in self.skip_negated:
                first = max(start - NEGATION_WINDOW, sentence_bounds(doc, start)[0])
                if any(lowers[i] in self.negators for i in range(first, start)):
                    continue
            kept.append(hit)
        return kept

    def _without_excluded(self, doc: Doc, hits: list[ThemeMention]) -> list[ThemeMention]:
        excluded = {
            (self.strings[key], sentence_bounds(doc, start)[0])
            for key, start, _ in self.excludes(doc)
        }
        if not excluded:
            return hits
        return [h for h in hits if (h[0], sentence_bounds(doc, h[2])[0]) not in excluded]


def _unique_patterns(nlp: Language, taxonomy: Taxonomy):
    """(key, phrase) per pattern; of patterns that normalise alike ("switch to", "switching
    to") the first written is the one shown as evidence."""
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for theme in taxonomy:
        for pattern in theme.patterns:
            lemmas = (theme.slug, tuple(normalize_phrase(nlp, pattern)))
            if lemmas not in seen:
                seen.add(lemmas)
                yield f"{theme.slug}{SEPARATOR}{pattern}", pattern


def _token_matcher(nlp: Language, taxonomy: Taxonomy) -> Matcher:
    matcher = Matcher(nlp.vocab, validate=True)
    for theme in taxonomy:
        for number, pattern in enumerate(theme.token_patterns, start=1):
            try:
                matcher.add(f"{theme.slug}{SEPARATOR}token pattern {number}", [list(pattern)])
            except Exception as e:  # spaCy raises several types for a malformed pattern
                raise TaxonomyError(
                    f"{taxonomy.source_name}: theme {theme.slug!r}: token pattern {number} "
                    f"is not a valid spaCy Matcher pattern: {_last_line(e)}"
                ) from None
    return matcher


_ONE_TOKEN_ATTRS = {"LOWER": LOWER, "ORTH": ORTH, "LEMMA": LEMMA}


def _one_token_rules(nlp: Language, taxonomy: Taxonomy) -> list[tuple] | None:
    """(attr, match key, value hashes) per token pattern, in the Matcher's order, if every
    pattern is a single token tested on one attribute for a string or a list; else None."""
    rules = []
    for theme in taxonomy:
        for number, pattern in enumerate(theme.token_patterns, start=1):
            rule = _one_token_rule(pattern)
            if rule is None:
                return None
            key = nlp.vocab.strings.add(f"{theme.slug}{SEPARATOR}token pattern {number}")
            attr, words = rule
            rules.append((attr, key, frozenset(nlp.vocab.strings.add(w) for w in words)))
    return rules


def _one_token_rule(pattern) -> tuple[int, list[str]] | None:
    if len(pattern) != 1 or len(pattern[0]) != 1:
        return None
    [(name, value)] = pattern[0].items()
    attr = _ONE_TOKEN_ATTRS.get(name) if isinstance(name, str) else None
    if isinstance(value, dict) and list(value) == ["IN"] and isinstance(value["IN"], list):
        value = value["IN"]
    elif isinstance(value, str):
        value = [value]
    if attr is None or not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        return None
    return attr, value


def _last_line(error: Exception) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[-1] if lines else type(error).__name__


@Language.factory(
    "voc_themes",
    default_config={"themes_path": ""},
    assigns=["doc.spans"],  # doc.spans["voc_themes"]; theme_mentions(doc) reads them
    requires=["token.lemma"],  # patterns match the normaliser's lemmas
)
def make_theme_matcher(nlp: Language, name: str, themes_path: str) -> ThemeMatcher:
    """`themes_path` "" means voc's built-in taxonomy; any other value is a TOML file."""
    if themes_path:
        taxonomy = _load(Path(themes_path))
    else:
        taxonomy = parse_taxonomy(builtin_taxonomy_text(), None)
    return ThemeMatcher(nlp, taxonomy)
