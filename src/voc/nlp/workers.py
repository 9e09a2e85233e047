"""Tagging texts in a process: its pipeline, built once, and plain results out.

Whoever runs the tagging (voc.tagging.run) hands each process (its own, or a pool's
workers) the pipeline with `use`, or `init_worker` builds one there; `tag_texts` then
turns (note id, text) pairs into NoteTags, never Docs. Nothing here knows the database.

spaCy's vocabulary grows with every new word a process sees. Each process tags its first
WARM_NOTES notes as usual, so the words most notes share become lasting lexemes the
tokenizer caches; after that each chunk is tagged inside `nlp.memory_zone()`, which frees
the words the chunk added. From cold, zones made tokenising much slower (no word was ever
kept, so none was cached); after the warm-up they cost nothing measurable, and a worker's
peak memory stays nearly flat however many notes it tags (spaCy's own hash maps double
now and then), with freed memory given back every TRIM_NOTES (voc.nlp.heap).

spaCy is imported only once there is something to tag: nothing here imports it on load.
"""

import gc
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

    from voc.nlp.tagger import NoteTags

WARM_NOTES = 4096  # notes a process tags outside memory zones (see above)
TRIM_NOTES = 1024  # notes between giving freed memory back (voc.nlp.heap), in zones
# Docs a component batch (voc.nlp.batches): twice as many was no faster and held more.
PIPE_BATCH = 64

_PIPELINES: dict[tuple, "Language"] = {}


def pipeline(
    path: Path | None, version: str, model: str | None, sentiment_model: bool = True
) -> "Language":
    """One pipeline per taxonomy version in a process: building one takes a while."""
    from voc.nlp.pipeline import build_pipeline

    key = (path, version, model, sentiment_model)
    if key not in _PIPELINES:
        _PIPELINES.clear()
        _PIPELINES[key] = build_pipeline(path, model, lean=True, sentiment_model=sentiment_model)
    return _PIPELINES[key]


_NLP: "Language | None" = None


def use(nlp: "Language") -> None:
    """`tag_texts` tags with `nlp` in this process, and in workers forked from it."""
    global _NLP
    _NLP = nlp


def init_worker(args: tuple) -> None:
    """A worker started without fork: it builds its own pipeline from (themes path, model,
    sentiment_model)."""
    from voc.nlp.pipeline import build_pipeline

    path, model, sentiment_model = args
    use(build_pipeline(path, model, lean=True, sentiment_model=sentiment_model))
    start_worker()


def start_worker() -> None:
    """Tagging makes and drops many small objects, none in cycles that matter: collecting
    a tenth as often cut the share of a worker's time spent in garbage collection."""
    youngest, *older = gc.get_threshold()
    gc.set_threshold(youngest * 10, *older)


_tagged_here = 0  # notes this process has tagged (see WARM_NOTES)


def tag_texts(items: list[tuple[int, str]]) -> list["NoteTags"]:
    """Tag (note id, text) pairs with this process's pipeline; plain results only."""
    from voc.nlp import heap, zones
    from voc.nlp.tagger import tags_of

    global _tagged_here
    nlp = _NLP
    assert nlp is not None, "no pipeline in this process"
    in_zone = _tagged_here >= WARM_NOTES
    before, _tagged_here = _tagged_here, _tagged_here + len(items)
    with zones.zone(nlp) if in_zone else nullcontext():
        # nothing made inside (Docs, new words' strings) may leave the zone
        docs = nlp.pipe((text for _, text in items), batch_size=PIPE_BATCH)
        tags = [
            tags_of(note_id, doc, text) for (note_id, text), doc in zip(items, docs, strict=True)
        ]
    if in_zone and before // TRIM_NOTES != _tagged_here // TRIM_NOTES:
        heap.give_back()
    return tags
