"""The normaliser: every token's lemma is its lower-case form looked up in one table.

spaCy's stock lookup lemmatizer looks up the text as written (case-sensitive) and gives
"billing" -> "bill" but "Billing" -> "Billing"; phrase patterns then miss. Lower-casing
first makes a pattern and a customer's spelling meet on the same lemma, whatever the case.
"""

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc

from voc.nlp.lexicons import lemma_table

# Product words the WordNet table does not know, in the same spirit.
EXTRA_LEMMAS = {
    "apis": "api",
    "logins": "login",
    "signups": "signup",
    "integrations": "integration",
    "webhooks": "webhook",
    "dashboards": "dashboard",
    "onboarded": "onboard",
    "onboarding": "onboarding",
    "workflows": "workflow",
    "renewals": "renewal",
    "crashes": "crash",
    "bugs": "bug",
}


class Normalizer:
    """Sets `token.lemma` to the lemma of `token.lower_` (or `token.lower_` itself)."""

    def __init__(self, strings: StringStore):
        table = {**lemma_table(), **EXTRA_LEMMAS}
        # Keyed by hash so the hot loop never builds a Python string; the lemmas are added
        # to the store once, outside any memory zone, so they outlive every zone.
        self.by_hash = {strings.add(form): strings.add(lemma) for form, lemma in table.items()}

    def __call__(self, doc: Doc) -> Doc:
        # Through arrays, not Token objects: a Python Token per word cost more than the
        # lookup itself.
        if not len(doc):
            return doc
        lookup = self.by_hash.get
        lemmas = [lookup(lower, lower) for lower in doc.to_array(LOWER).tolist()]
        doc.from_array([LEMMA], numpy.asarray(lemmas, dtype=numpy.uint64).reshape(-1, 1))
        return doc


@Language.factory("voc_normalizer")
def make_normalizer(nlp: Language, name: str) -> Normalizer:
    return Normalizer(nlp.vocab.strings)


def normalize_phrase(nlp: Language, phrase: str) -> list[str]:
    """The lemmas a pattern phrase is matched on, exactly as a note's tokens get them."""
    table = lemma_table()
    words = [t.lower_ for t in nlp.make_doc(phrase)]
    return [EXTRA_LEMMAS.get(w, table.get(w, w)) for w in words]
