"""Memory zones that voc's own word caches keep to, as spaCy's vocabulary does.

Inside `nlp.memory_zone()` spaCy frees, on leaving, the words first met inside it. voc's
components keep caches keyed by word (a lemma, a valence, whether a word is a content
word) so that each word is worked out once; left alone they would grow with every rare
word, zone after zone. Inside `zone(nlp)` they learn into copies, dropped on leaving: what
was learnt before the first zone (the common words) stays, and nothing learnt inside
outlives the strings spaCy freed. (Deleting what a zone added instead left each dict's
table as large as it had ever been, and then larger: dicts never shrink.)
"""

from collections.abc import Iterator
from contextlib import contextmanager

from spacy.language import Language

from voc.nlp import tagger


def word_caches(nlp: Language) -> list[tuple[object, str]]:
    """(owner, attribute) of each of voc's caches keyed by word in this pipeline: the
    components name theirs in WORD_CACHES."""
    held: list[tuple[object, str]] = [(tagger, "CONTENT_WORDS")]
    for _, component in nlp.pipeline:
        held += [(component, name) for name in getattr(component, "WORD_CACHES", ())]
    return held


@contextmanager
def zone(nlp: Language) -> Iterator[None]:
    """`nlp.memory_zone()`, with voc's word caches learning into copies inside it."""
    held = word_caches(nlp)
    lasting = [getattr(owner, name) for owner, name in held]
    for (owner, name), cache in zip(held, lasting, strict=True):
        setattr(owner, name, dict(cache))
    try:
        with nlp.memory_zone():
            yield
    finally:
        for (owner, name), cache in zip(held, lasting, strict=True):
            setattr(owner, name, cache)
