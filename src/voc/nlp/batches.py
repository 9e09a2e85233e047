"""Components that run over a batch of Docs at a time, as spaCy's own components do.

`nlp.pipe` hands each component's `pipe` the stream of Docs; a component without one is
called Doc by Doc, so every Doc went through the whole pipeline before the next was
tokenised. Batch by batch, each component's tables (the tokenizer's cache, the lemma
table, the matchers) stay in the CPU's caches across a batch: tagging takes less CPU a
note, and the results are the same. The price: the Docs of a few batches are alive at
once, which raises a tagging worker's peak memory a little.
"""

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc
from spacy.util import minibatch

# When a component's `pipe` is called directly; `nlp.pipe` always passes its own batch
# size (`nlp.batch_size`, 1000 unless given: voc's callers give 64).
BATCH_SIZE = 128


class Batched:
    """`pipe` for a component whose `__call__` tags one Doc."""

    def __call__(self, doc: Doc) -> Doc:
        raise NotImplementedError

    def pipe(self, docs: Iterable[Doc], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
        for batch in minibatch(docs, batch_size):
            yield from [self(doc) for doc in batch]
