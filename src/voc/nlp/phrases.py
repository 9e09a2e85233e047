"""Phrase patterns matched on the normaliser's lemmas, shared by the theme and signal matchers."""

from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from voc.nlp.normalizer import normalize_phrase


def is_matchable(nlp: Language, phrase: str) -> bool:
    """A phrase of punctuation and spaces alone is never matched: it would hit every note."""
    return any(not (t.is_punct or t.is_space) for t in nlp.make_doc(phrase))


def phrase_doc(nlp: Language, phrase: str) -> Doc:
    """The phrase as a Doc whose lemmas are what the normaliser gives a note's tokens."""
    tokens = nlp.make_doc(phrase)
    return Doc(
        nlp.vocab,
        words=[t.text for t in tokens],
        spaces=[bool(t.whitespace_) for t in tokens],
        lemmas=normalize_phrase(nlp, phrase),
    )


def phrase_matcher(nlp: Language, keyed: Iterable[tuple[str, str]]) -> PhraseMatcher:
    """A PhraseMatcher on LEMMA with one rule per key; `keyed` yields (key, phrase)."""
    matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
    by_key: dict[str, list[Doc]] = {}
    for key, phrase in keyed:
        if is_matchable(nlp, phrase):
            by_key.setdefault(key, []).append(phrase_doc(nlp, phrase))
    for key, docs in by_key.items():
        matcher.add(key, docs)
    return matcher
