"""Importing many notes at once: idempotent, streaming, nothing lost.

Items from a reader (voc.sources) are turned into notes in batches, in worker processes
when there is more than one batch (parsing and cleaning e-mail is the costly part; the
machine has cores to spare), in input order. Each batch is written in one transaction,
so a crash or Ctrl-C leaves whole batches, and running the same import again adds only
what is missing: every note carries a dedupe key (its uid when voc exported it, its
Message-ID or origin, else a hash of its text, customer and day) that the database keeps
unique; a table row is also checked against the keys it would have had with fewer
columns mapped. At most `IN_FLIGHT` batches exist at once, so memory stays flat.

The full-text triggers stay on during an import: with them SQLite still stores rows
far faster than parsing e-mail yields them, and dropping and rebuilding them would open
a window in which another voc writing at the same time leaves notes out of the index.

Rows are built in the workers with `write.note_row` and written by `write.BatchWriter`,
the path capture's notes take too.

Imported notes are not tagged here: `tagged_with` stays NULL and tagging catches up.
"""

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import chain
from typing import Any

from voc.dates import to_iso, utcnow
from voc.errors import VocError
from voc.intake.rejects import RejectLog
from voc.intake.size import note_text
from voc.intake.write import COLUMNS, BatchWriter, DryRunWriter, note_row
from voc.notes.note import SOURCES, Note, check_source, clean_tags, content_key
from voc.notes.store import Store
from voc.redact import redact, redact_field
from voc.sources import Item, NotRead, Reject, to_fields
from voc.sources.registry import default_source

BATCH = 400
BATCH_BYTES = 16 << 20
IN_FLIGHT = 4  # batches handed to workers and not yet written
ORIGIN_IMPORT = "import"
SKIPPED = "skipped"
Record = Item | Reject | NotRead  # what a reader yields


@dataclass
class ImportOptions:
    source: str | None = None  # --source: for records that do not name their own
    team_domains: frozenset[str] = frozenset()
    keep_team: bool = False  # keep the team's own mail as context (never quoted)
    redact: bool = True
    dry_run: bool = False
    author: str | None = None
    sources: tuple[str, ...] = SOURCES
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    # Set by import_items: does the database hold notes keyed by their content, which a
    # table row imported again with more columns mapped must be checked against?
    earlier_content_keys: bool = False


@dataclass
class Summary:
    new: int = 0
    duplicate: int = 0
    skipped: int = 0
    rejected: int = 0
    rejects_file: str | None = None
    dated_from_received: int = 0  # no usable Date header: the Received header's time
    dated_from_file: int = 0  # neither: the file's modification time
    dry_run: bool = False
    forgotten: int = 0  # erased by `voc forget` before: never stored again
    ignored_files: int = 0  # files of a folder that are not of its kind (not records)
    ignored_names: list[str] = field(default_factory=list)  # the first few, for stderr
    truncated: int = 0  # longer than the maximum note size: the start kept (voc.intake.size)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "ignored_names"}


def import_items(
    store: Store,
    items: Iterable[Record],
    options: ImportOptions,
    rejects: RejectLog,
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Store the notes of these items; return what happened to each."""
    summary = Summary(dry_run=options.dry_run)
    options = replace(options, earlier_content_keys=_has_content_keys(store))
    writer = DryRunWriter(store) if options.dry_run else BatchWriter(store)
    records = 0
    for prepared in _prepared_batches(items, options):
        records += len(prepared)
        notes = _tally(prepared, summary, rejects)
        notes = _not_imported_before(store, notes, summary)
        new, forgotten = writer.write(notes)
        summary.new += new
        summary.forgotten += forgotten
        summary.duplicate += len(notes) - forgotten - new
        if progress and prepared:
            progress(prepared[-1][1], records)
    summary.rejects_file = str(rejects.path) if rejects.written else None
    return summary


def _tally(prepared: list, summary: Summary, rejects: RejectLog) -> list[tuple]:
    notes: list[tuple] = []
    for result, _done, date_from, cut in prepared:
        if isinstance(result, Reject):
            summary.rejected += 1
            rejects.write(result)
        elif isinstance(result, NotRead):
            _count_ignored(result, summary)
        elif result == SKIPPED:
            summary.skipped += 1
        else:
            notes.append(result)
            summary.dated_from_received += date_from == "received"
            summary.dated_from_file += date_from == "file"
            summary.truncated += cut
    return notes


IGNORED_NAMED = 5  # files named on stderr; the count says how many more


def _count_ignored(passed: NotRead, summary: Summary) -> None:
    summary.ignored_files += 1
    if len(summary.ignored_names) < IGNORED_NAMED:
        summary.ignored_names.append(f"{passed.position} ({passed.reason})")


def _batches(items: Iterable[Record]) -> Iterator[list[Record]]:
    """Lists of at most BATCH items and about BATCH_BYTES of raw input: a mailbox of
    large attachments must not fill memory either."""
    batch: list[Record] = []
    size = 0
    for item in items:
        batch.append(item)
        payload = getattr(item, "payload", None)
        size += len(payload) if isinstance(payload, bytes | str) else 0
        if len(batch) >= BATCH or size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _prepared_batches(items: Iterable[Record], options: ImportOptions) -> Iterator[list]:
    """Prepared batches in input order: in worker processes once there are two or
    more, here otherwise (a small import never pays for starting them)."""
    batches = _batches(items)
    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None)
    if second is None or options.workers < 2:
        for batch in chain([first, second], batches) if second else [first]:
            yield prepare_batch(batch, options)
        return
    yield from _in_workers([first, second], batches, options)


def _in_workers(head: list, rest: Iterator, options: ImportOptions) -> Iterator[list]:
    from concurrent.futures import ProcessPoolExecutor

    pending: deque = deque()
    with ProcessPoolExecutor(
        options.workers, initializer=_exit_with_parent, initargs=(os.getpid(),)
    ) as pool:
        try:
            for batch in head:
                pending.append(pool.submit(prepare_batch, batch, options))
            for batch in rest:
                pending.append(pool.submit(prepare_batch, batch, options))
                if len(pending) >= IN_FLIGHT:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise


def _exit_with_parent(parent: int) -> None:
    """In a worker: end when the importing process is gone (killed with SIGKILL, its
    workers would otherwise wait for work forever); leave Ctrl-C to it, which stops
    the pool and rolls back the batch it was writing."""
    import signal
    import threading
    import time

    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def prepare_batch(batch: list[Record], options: ImportOptions) -> list:
    """(note, SKIPPED or reject; bytes read so far; where the date came from; whether the
    text was cut) per item."""
    now = to_iso(utcnow())
    out = []
    for item in batch:
        if isinstance(item, Reject | NotRead):
            out.append((item, item.done, None, False))
            continue
        result, date_from, cut = prepare_one(item, options, now)
        if (
            options.earlier_content_keys
            and item.kind == "row"
            and isinstance(result, tuple)
            and not item.payload.get("uid")
        ):
            result = _with_earlier_keys(result)
        out.append((result, item.done, date_from, cut))
    return out


def prepare_one(item: Item, options: ImportOptions, now: str) -> tuple[Any, str | None, bool]:
    """`prepare`, with any failure to read this one record made its Reject: a message
    nested a thousand parts deep or a field of a type nobody expected must not end the
    import (nor, in a worker, the whole batch)."""
    try:
        return prepare(item, options, now)
    except Exception as e:  # whatever it was, it is this record's
        return Reject(item.position, unreadable_reason(e, item.kind)), None, False


def unreadable_reason(error: BaseException, kind: str) -> str:
    """A reject's reason for an exception nobody raised on purpose."""
    if isinstance(error, RecursionError):
        nested = "MIME parts" if kind == "mail" else "values"
        return f"cannot read: {nested} nested too deeply within each other"
    if isinstance(error, UnicodeError):
        return f"cannot decode: {error}"
    detail = str(error).splitlines()[0][:200] if str(error) else ""
    return f"cannot read: {type(error).__name__}" + (f": {detail}" if detail else "")


def prepare(item: Item, options: ImportOptions, now: str) -> tuple[Any, str | None, bool]:
    """One item as a `notes` row ready to store, SKIPPED (team mail) or a Reject; where
    its date came from; whether its text was cut to the maximum note size."""
    fields = to_fields(item)
    if isinstance(fields, Reject):
        return fields, None, False
    domain = fields.pop("_domain", None)
    team = _is_team(domain, options.team_domains)
    if team and not options.keep_team:
        return SKIPPED, None, False
    try:
        note, date_from, cut = _note(item, fields, options, now)
    except VocError as e:
        return Reject(item.position, str(e)), None, False
    if team:
        note.author, note.customer, note.account, note.quotable = note.customer, None, None, False
    # Built here, in the worker, so the writing process only writes.
    return note_row(note), date_from, cut


# -- a table imported again with more columns mapped ---------------------------------
#
# A row's key depends on what was mapped: its origin when a column is mapped to it,
# else the hash of its text, customer and day. Importing a table first with `text` and
# `occurred_at` mapped, then again with its ticket ID or requester mapped too, must add
# nothing: so a row also stands for the keys it would have had with fewer columns mapped
# (no origin; no origin and no customer), and is left out when a note stored by an
# import without an origin of its own has one of them. Fewer columns mapped the second
# time is not covered: the first import's keys cannot be rebuilt from less.

_TEXT, _CUSTOMER, _WHEN, _ORIGIN, _KEY = (
    COLUMNS.index(c) for c in ("text", "customer", "occurred_at", "origin", "dedupe_key")
)


@dataclass(slots=True)
class Aliased:
    row: tuple
    earlier_keys: tuple[str, ...]  # its keys had fewer of its columns been mapped


def _with_earlier_keys(row: tuple) -> tuple | Aliased:
    text, customer, when = row[_TEXT], row[_CUSTOMER], row[_WHEN]
    keys = [content_key(text, None, when)]
    if row[_ORIGIN] != ORIGIN_IMPORT and customer:
        keys.append(content_key(text, customer, when))
    keys = [key for key in keys if key != row[_KEY]]
    return Aliased(row, tuple(keys)) if keys else row


def _has_content_keys(store: Store) -> bool:
    """Any note keyed by a hash of its content: a range on the dedupe key's index, not
    a scan (most imports into a new database or one of mail with Message-IDs)."""
    query = "SELECT 1 FROM notes WHERE dedupe_key >= 'sha256:' AND dedupe_key < 'sha256;'"
    return store.conn.execute(query + " LIMIT 1").fetchone() is not None


def _not_imported_before(store: Store, notes: list, summary: Summary) -> list[tuple]:
    """The rows of a batch, less those an earlier import of the same table stored
    under a key of fewer columns (counted as duplicates)."""
    earlier = [key for note in notes if isinstance(note, Aliased) for key in note.earlier_keys]
    stored = _stored_without_origin(store, earlier) if earlier else set()
    rows = []
    for note in notes:
        if isinstance(note, Aliased):
            if stored.intersection(note.earlier_keys):
                summary.duplicate += 1
                continue
            note = note.row
        rows.append(note)
    return rows


def _stored_without_origin(store: Store, keys: list[str]) -> set[str]:
    """Those of these keys that notes imported without an origin of their own hold: one
    query for a batch (a batch's keys are far fewer than SQLite's parameter limit)."""
    marks = ", ".join("?" for _ in keys)
    query = f"SELECT dedupe_key FROM notes WHERE dedupe_key IN ({marks}) AND origin = ?"
    return {key for (key,) in store.conn.execute(query, (*keys, ORIGIN_IMPORT))}


def _is_team(domain: str | None, team: frozenset[str]) -> bool:
    return bool(domain) and any(domain == d or domain.endswith("." + d) for d in team)


def _note(item: Item, fields: dict[str, Any], options: ImportOptions, now: str):
    text = (fields.pop("text", None) or "").strip()
    if not text:
        what = (
            "empty body after stripping quotes and signatures" if item.kind == "mail" else "no text"
        )
        raise VocError(what)
    title = fields.pop("title", None)
    text, cut = note_text(text, _redacted if options.redact else None)
    if options.redact:
        title = redact(title)[0] if title else title
        for name in ("customer", "account"):  # a column may hold a phone, address or card
            if fields.get(name):
                fields[name] = redact_field(fields[name])
    occurred_at, date_from = _when(fields, item, now)
    source = fields.pop("source", None) or options.source or default_source(item.kind)
    note = Note(
        text=text,
        title=title,
        source=check_source(source, options.sources),
        occurred_at=occurred_at,
        captured_at=_stamp(fields.pop("captured_at", None)) or now,
        author=fields.pop("author", None) or options.author,
        tags=clean_tags(fields.pop("tags", [])),
        origin=(fields.pop("origin", None) or "").strip() or ORIGIN_IMPORT,
        **{k: v for k, v in fields.items() if k in _PASSED and v is not None},
    )
    note.dedupe_key = _dedupe_key(note)
    return note, date_from, cut


def _redacted(text: str) -> str:
    return redact(text)[0]


_PASSED = {"uid", "customer", "account", "quotable", "attachments", "contact_hash",
           "session_id", "question_key"}  # fmt: skip


def _dedupe_key(note: Note) -> str:
    """Message-ID or a script's origin when there is one; else the content's hash."""
    if note.origin not in (ORIGIN_IMPORT, "capture", ""):
        return f"origin:{note.origin}"
    return content_key(note.text, note.customer, note.occurred_at)


def _when(fields: dict[str, Any], item: Item, now: str) -> tuple[str, str | None]:
    date_from = fields.pop("_date_from", None)
    stamp = _stamp(fields.pop("occurred_at", None))
    if stamp:
        return stamp, date_from
    if item.mtime is not None:
        from datetime import UTC, datetime

        return to_iso(datetime.fromtimestamp(item.mtime, UTC)), "file"
    return now, "now"


def _stamp(value: str | None) -> str | None:
    """A stored timestamp from what a record says (ISO, or any `--date` form)."""
    if not value:
        return None
    from voc.dates import parse_when

    try:
        return to_iso(parse_when(str(value)))
    except (OverflowError, ValueError):  # a year 1 or 9999 with a time zone
        raise VocError(f"cannot read the date {value!r}") from None
