"""Keep every note's themes current: tag the notes that are untagged or stale, in one batch,
then tally the days they belong to for the digest.

Small batches run in this process. Large ones go to a plain pool of worker processes that
each hold the pipeline and return only plain tags (never Docs, voc.nlp.workers); this
process reads notes in chunks and writes each chunk's results as it comes back, so memory
stays flat however many notes there are. The workers live for the whole run: a
replacement would be forked from this process as it is by then (its page cache full).
"""

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from voc.nlp import workers as nlp_workers
from voc.nlp.version import pipeline_version
from voc.notes.store import Store
from voc.tagging.pending import PendingNote, chunks, read_pending, stale_ids, texts_to_tag
from voc.tagging.results import write_results
from voc.themes.taxonomy import load_taxonomy

if TYPE_CHECKING:  # spaCy is imported only once there is something to tag
    from voc.nlp.tagger import NoteTags

CHUNK = 256  # notes per task: large enough to amortise pickling, small enough to stream
POOL_MIN = 1500  # below this many notes a pool costs more than it saves
WORKERS = 2
IN_FLIGHT = 3  # chunks queued per worker (more was faster once, but grew main memory)
# SQLite's page cache while tagging: the note_terms indexes are written all over, and with
# the default cache a transaction's pages spilled to disk and were read back; this keeps
# them, and cut the main process's write time by a good part.
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
    sentiment_model: bool = True,
    force: bool = False,
    progress: Progress | None = None,
    workers: int | None = None,
) -> RefreshResult:
    """Tag every note whose tags are missing or stale (all notes with `force`), then
    tally the days written for the digest. `sentiment_model` adds voc_polarity."""
    taxonomy = load_taxonomy(themes_path)
    version = pipeline_version(taxonomy.version, model, sentiment_model=sentiment_model)
    ids = stale_ids(store, version, force)
    if not ids:
        return RefreshResult(0, version)
    nlp = nlp_workers.pipeline(taxonomy.path, version, model, sentiment_model)
    workers = _workers(len(ids)) if workers is None else workers
    done = 0
    args = (taxonomy.path, model, sentiment_model)
    with _page_cache(store, CACHE_KIB):
        for pending, results in _grouped(_tagged_chunks(nlp, args, store, ids, workers)):
            done += write_results(store, pending, results, version)
            if progress:
                progress(done, len(ids))
    if done:
        _keep_day_tallies(store)
    return RefreshResult(done, version)


def _keep_day_tallies(store: Store) -> None:
    """The days just written are tallied now, not by the next digest (voc.digest.daycache)."""
    from voc.digest.daycache import warm

    warm(store.conn)


@dataclass
class TaggedChunk:
    pending: dict[int, PendingNote]
    results: list["NoteTags"]
    version: str


def tag_chunk(
    store: Store,
    ids: list[int],
    *,
    themes_path: str | Path | None = None,
    model: str | None = None,
    sentiment_model: bool = True,
) -> TaggedChunk:
    """What `refresh` does for one chunk in this process: read the notes and tag them.
    The write (`write_results`) is left to the caller, whatever happened in between."""
    taxonomy = load_taxonomy(themes_path)
    version = pipeline_version(taxonomy.version, model, sentiment_model=sentiment_model)
    nlp_workers.use(nlp_workers.pipeline(taxonomy.path, version, model, sentiment_model))
    pending = _read(store, ids)
    return TaggedChunk(pending, nlp_workers.tag_texts(texts_to_tag(pending)), version)


@contextmanager
def _page_cache(store: Store, kib: int):
    """SQLite's page cache at `kib` for the block, then as it was."""
    before = store.conn.execute("PRAGMA cache_size").fetchone()[0]
    store.conn.execute(f"PRAGMA cache_size = {-kib}")
    try:
        yield
    finally:
        store.conn.execute(f"PRAGMA cache_size = {before}")


def _workers(count: int) -> int:
    """0: tag in this process; else the pool size (one worker still bounds memory)."""
    return max(1, min(WORKERS, os.cpu_count() or 1)) if count >= POOL_MIN else 0


def _read(store: Store, ids: list[int]) -> dict[int, PendingNote]:
    return {n.id: n for n in read_pending(store, ids)}


def _tagged_chunks(nlp, args: tuple, store: Store, ids: Sequence[int], workers: int):
    """(the chunk's notes by id, their NoteTags, whether the workers are still tagging the
    last chunks and the next is not ready), chunk after chunk."""
    nlp_workers.use(nlp)
    tag_texts = nlp_workers.tag_texts
    if workers < 1:
        for chunk in chunks(ids, CHUNK):
            pending = _read(store, chunk)
            yield pending, tag_texts(texts_to_tag(pending)), False
        return
    # fork shares the built pipeline with the workers; elsewhere each builds its own.
    with _pool(workers, args) as pool:
        queued: deque = deque()
        for chunk in chunks(ids, CHUNK):
            pending = _read(store, chunk)
            queued.append((pending, pool.apply_async(tag_texts, (texts_to_tag(pending),))))
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
    pending: dict[int, PendingNote] = {}
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
        context = multiprocessing.get_context("spawn")
        return context.Pool(workers, nlp_workers.init_worker, (args,))
    # Python's recipe for fork: what the workers inherit (the pipeline, its tables) is
    # frozen, so their garbage collector never walks it (nor copies its pages to write
    # the counts it keeps); then this process collects as before (a caller that froze
    # objects of its own keeps them frozen).
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    try:
        return multiprocessing.get_context("fork").Pool(workers, nlp_workers.start_worker)
    finally:
        if not frozen_before:
            gc.unfreeze()
