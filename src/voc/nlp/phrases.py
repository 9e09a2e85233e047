"""Phrase patterns matched on the normaliser's lemmas, shared by the theme and signal matchers."""

from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from voc.nlp.normalizer import normalize_words


def is_matchable(nlp: Language, phrase: str) -> bool:
    """A phrase of punctuation and spaces alone is never matched: it would hit every note."""
    return _matchable(nlp.make_doc(phrase))


def _matchable(tokens: Doc) -> bool:
    return any(not (t.is_punct or t.is_space) for t in tokens)


def phrase_doc(nlp: Language, phrase: str, tokens: Doc | None = None) -> Doc:
    """The phrase as a Doc whose lemmas are what the normaliser gives a note's tokens
    (`tokens`: the phrase tokenised already)."""
    tokens = nlp.make_doc(phrase) if tokens is None else tokens
    return Doc(
        nlp.vocab,
        words=[t.text for t in tokens],
        spaces=[bool(t.whitespace_) for t in tokens],
        lemmas=normalize_words([t.lower_ for t in tokens]),
    )


def phrase_matcher(nlp: Language, keyed: Iterable[tuple[str, str]]) -> PhraseMatcher:
    """A PhraseMatcher on LEMMA with one rule per key; `keyed` yields (key, phrase).
    Each phrase is tokenised once: the taxonomy's were a good part of building the pipeline."""
    matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
    by_key: dict[str, list[Doc]] = {}
    for key, phrase in keyed:
        tokens = nlp.make_doc(phrase)
        if _matchable(tokens):
            by_key.setdefault(key, []).append(phrase_doc(nlp, phrase, tokens))
    for key, docs in by_key.items():
        matcher.add(key, docs)
    return matcher
