"""The normaliser: every token's lemma is its lower-case form looked up in one table.

spaCy's stock lookup lemmatizer looks up the text as written (case-sensitive) and gives
"billing" -> "bill" but "Billing" -> "Billing"; phrase patterns then miss. Lower-casing
first makes a pattern and a customer's spelling meet on the same lemma, whatever the case.
"""

import re

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc

from voc.nlp.batches import Batched
from voc.nlp.columns import column, set_column
from voc.nlp.lexicons import lemma_table, valences

# Product words the WordNet table does not know, in the same spirit; its few forms that
# would merge different words ("feed" -> "fee" would make a bank feed a bank fee); and
# forms kept apart because feedback uses them apart: "switching to Acme" and "we are
# leaving" are churn, "switch to another tab" and "someone leaves the company" are not.
EXTRA_LEMMAS = {
    "switching": "switching",
    "switched": "switched",
    "leaving": "leaving",
    "feed": "feed",
    "feeds": "feed",
    "apis": "api",
    "logins": "login",
    "signups": "signup",
    "integrations": "integration",
    "webhooks": "webhook",
    "dashboards": "dashboard",
    "onboarded": "onboard",
    "workflows": "workflow",
    "renewals": "renewal",
    "crashes": "crash",
    "bugs": "bug",
}


MAX_UNKNOWN = 200_000
_STRETCHED = re.compile(r"(.)\1\1")


def _squeeze(word: str, known: set[str]) -> str | None:
    """ "goooood" -> "good", "slowww" -> "slow": runs of 3+ letters to two, then to one."""
    for repeat in (r"\1\1", r"\1"):
        candidate = re.sub(r"(.)\1{2,}", repeat, word)
        if candidate in known:
            return candidate
    return None


class Normalizer(Batched):
    """Sets `token.lemma` to the lemma of `token.lower_` (or `token.lower_` itself)."""

    WORD_CACHES = ("lemmas",)  # what grows with new words (voc.nlp.zones)

    def __init__(self, strings: StringStore):
        table = {**lemma_table(), **EXTRA_LEMMAS}
        # Keyed by hash so the hot loop never builds a Python string; the lemmas are added
        # to the store once, outside any memory zone, so they outlive every zone.
        self.by_hash = {strings.add(form): strings.add(lemma) for form, lemma in table.items()}
        self.known = set(table) | set(table.values()) | set(valences())
        self.strings = strings
        # The table plus the words worked out since (see _learn): one look-up a token.
        self.lemmas = dict(self.by_hash)

    def _learn(self, doc: Doc, lower: int) -> int:
        """A word the table lacks is its own lemma, unless it is a stretched known word
        ("slowww", "pleeease"). Worked out once per word; the cache is bounded."""
        if len(self.lemmas) > len(self.by_hash) + MAX_UNKNOWN:
            self.lemmas.clear()
            self.lemmas.update(self.by_hash)
        lemma = lower
        text = doc.vocab.strings[lower]
        if _STRETCHED.search(text):
            squeezed = _squeeze(text, self.known)
            if squeezed:
                lemma = self.by_hash.get(self.strings[squeezed], self.strings.add(squeezed))
        self.lemmas[lower] = lemma
        return lemma

    def __call__(self, doc: Doc) -> Doc:
        # Through arrays, not Token objects: a Python Token per word cost more than the
        # lookup itself.
        if not len(doc):
            return doc
        lookup = self.lemmas.get
        learn = self._learn
        lemmas = [lookup(lower) or learn(doc, lower) for lower in column(doc, LOWER)]
        doc.from_array([LEMMA], numpy.asarray(lemmas, dtype=numpy.uint64).reshape(-1, 1))
        set_column(doc, LEMMA, lemmas)  # what the components after this one read
        return doc


@Language.factory("voc_normalizer", assigns=["token.lemma"])
def make_normalizer(nlp: Language, name: str) -> Normalizer:
    return Normalizer(nlp.vocab.strings)


def normalize_phrase(nlp: Language, phrase: str) -> list[str]:
    """The lemmas a pattern phrase is matched on, exactly as a note's tokens get them."""
    return normalize_words([t.lower_ for t in nlp.make_doc(phrase)])


def normalize_words(lowers: list[str]) -> list[str]:
    """The lemmas of lower-case words, as `normalize_phrase` gives them."""
    table = lemma_table()
    return [EXTRA_LEMMAS.get(w, table.get(w, w)) for w in lowers]
