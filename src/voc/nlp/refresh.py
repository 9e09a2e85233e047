"""Keep every note's themes current: tag the notes that are untagged or stale, in one batch.

Small batches run in this process. Large ones go to a plain pool of worker processes that
each hold the pipeline and return only plain tags (never Docs); this process reads notes
in chunks and writes each chunk's results as it comes back, so memory stays flat however
many notes there are.

spaCy's vocabulary grows with every new word a process sees. Each process tags its first
WARM_NOTES notes as usual, so the words most notes share become lasting lexemes the
tokenizer caches; after that each chunk is tagged inside `nlp.memory_zone()`, which frees
the words the chunk added. From cold, zones made tokenising 4x slower here (no word was
ever kept, so none was cached); after the warm-up they cost nothing measurable, and a
worker's peak memory grows only a little, ever more slowly (spaCy's own hash maps double
now and then): 145, 149 and 148 MB at 10,000, 50,000 and 100,000 notes, with freed memory
given back every TRIM_NOTES (voc.nlp.heap). The workers live for the whole run: a
replacement would be forked from this process as it is by then (its page cache full).
"""

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from voc import tagging
from voc.nlp.version import MAX_CHARS, pipeline_version
from voc.notes.store import Store
from voc.themes.taxonomy import load_taxonomy

if TYPE_CHECKING:  # spaCy is imported only once there is something to tag
    from spacy.language import Language

    from voc.nlp.tagger import NoteTags

CHUNK = 256  # notes per task: large enough to amortise pickling, small enough to stream
POOL_MIN = 1500  # below this many notes a pool costs more than it saves
WORKERS = 2
IN_FLIGHT = 3  # chunks queued per worker (8 measured faster once, but grew main memory)
WARM_NOTES = 4096  # notes a process tags outside memory zones (see above)
TRIM_NOTES = 1024  # notes between giving freed memory back (voc.nlp.heap), in zones
# SQLite's page cache while tagging: the note_terms indexes are written all over, and with
# the default 2 MB a transaction's pages spilled to disk and were read back (70 writes a
# note); 16 MB keeps them, and cut the main process's write time by a third.
CACHE_KIB = 16 * 1024
# Notes written per transaction: each commit rewrites every index page it touched (the
# note_terms indexes are touched all over), so several chunks a commit halve the write cost.
WRITE_NOTES = 1024

Progress = Callable[[int, int], None]  # (notes done, notes in all)


@dataclass
class RefreshResult:
    tagged: int
    version: str


def refresh(
    store: Store,
    *,
    themes_path: str | Path | None = None,
    model: str | None = None,
    force: bool = False,
    progress: Progress | None = None,
    workers: int | None = None,
) -> RefreshResult:
    """Tag every note whose tags are missing or stale (all notes with `force`)."""
    taxonomy = load_taxonomy(themes_path)
    version = pipeline_version(taxonomy.version, model)
    ids = tagging.stale_ids(store, version, force)
    if not ids:
        return RefreshResult(0, version)
    nlp = _pipeline(taxonomy.path, version, model)
    workers = _workers(len(ids)) if workers is None else workers
    done = 0
    args = (taxonomy.path, model)
    with _page_cache(store, CACHE_KIB):
        for pending, results in _grouped(_tagged_chunks(nlp, args, store, ids, workers)):
            done += tagging.write_results(store, pending, results, version)
            if progress:
                progress(done, len(ids))
    return RefreshResult(done, version)


@contextmanager
def _page_cache(store: Store, kib: int):
    """SQLite's page cache at `kib` for the block, then as it was."""
    before = store.conn.execute("PRAGMA cache_size").fetchone()[0]
    store.conn.execute(f"PRAGMA cache_size = {-kib}")
    try:
        yield
    finally:
        store.conn.execute(f"PRAGMA cache_size = {before}")


_PIPELINES: dict[tuple, "Language"] = {}


def _pipeline(path: Path | None, version: str, model: str | None) -> "Language":
    """One pipeline per taxonomy version in a process: building one takes about a second."""
    from voc.nlp.pipeline import build_pipeline

    key = (path, version, model)
    if key not in _PIPELINES:
        _PIPELINES.clear()
        _PIPELINES[key] = build_pipeline(path, model, lean=True)
    return _PIPELINES[key]


def _workers(count: int) -> int:
    """0: tag in this process; else the pool size (one worker still bounds memory)."""
    return max(1, min(WORKERS, os.cpu_count() or 1)) if count >= POOL_MIN else 0


def _tagged_chunks(nlp: "Language", args: tuple, store: Store, ids: Sequence[int], workers: int):
    """(the chunk's notes by id, their NoteTags, whether the workers are still tagging the
    last chunks and the next is not ready), chunk after chunk."""
    global _NLP
    _NLP = nlp
    if workers < 1:
        for chunk in tagging.chunks(ids, CHUNK):
            pending = {n.id: n for n in tagging.read_pending(store, chunk)}
            yield pending, tag_texts(_texts(pending)), False
        return
    # fork shares the built pipeline with the workers; elsewhere each builds its own.
    with _pool(workers, args) as pool:
        queued: deque = deque()
        for chunk in tagging.chunks(ids, CHUNK):
            pending = {n.id: n for n in tagging.read_pending(store, chunk)}
            queued.append((pending, pool.apply_async(tag_texts, (_texts(pending),))))
            if len(queued) >= workers * IN_FLIGHT:
                first, result = queued.popleft()
                yield first, result.get(), False
        while queued:
            first, result = queued.popleft()
            yield first, result.get(), bool(queued) and not queued[0][1].ready()


def _grouped(tagged):
    """Chunks' (notes by id, results) merged until WRITE_NOTES notes: one write each. At
    the end, what is in hand is written while the workers finish the last chunks, not
    after them (the write would be all that is left to do)."""
    pending: dict[int, tagging.PendingNote] = {}
    results: list = []
    for chunk_pending, chunk_results, waiting in tagged:
        pending.update(chunk_pending)
        results += chunk_results
        if len(pending) >= WRITE_NOTES or waiting:
            yield pending, results
            pending, results = {}, []
    if pending:
        yield pending, results


def _pool(workers: int, args: tuple):
    if "fork" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn").Pool(workers, _init_worker, (args,))
    # Python's recipe for fork: what the workers inherit (the pipeline, its tables) is
    # frozen, so their garbage collector never walks it (nor copies its pages to write
    # the counts it keeps); then this process collects as before (a caller that froze
    # objects of its own keeps them frozen).
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    try:
        return multiprocessing.get_context("fork").Pool(workers, _start_worker)
    finally:
        if not frozen_before:
            gc.unfreeze()


def _texts(pending: dict[int, tagging.PendingNote]) -> list[tuple[int, str]]:
    return [(n.id, tagging.text_to_tag(n.text, MAX_CHARS)) for n in pending.values()]


_NLP: "Language | None" = None


def _init_worker(args: tuple) -> None:
    from voc.nlp.pipeline import build_pipeline

    global _NLP
    _NLP = build_pipeline(*args, lean=True)
    _start_worker()


def _start_worker() -> None:
    """Tagging makes and drops many small objects, none in cycles that matter: collecting
    a tenth as often took the worker's garbage collection from 3% of its time to 1%."""
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
        # 64 Docs a component batch (voc.nlp.batches): 128 was no faster and held 7 MB more
        docs = nlp.pipe((text for _, text in items), batch_size=64)
        tags = [
            tags_of(note_id, doc, text) for (note_id, text), doc in zip(items, docs, strict=True)
        ]
    if in_zone and before // TRIM_NOTES != _tagged_here // TRIM_NOTES:
        heap.give_back()
    return tags
