"""Which notes need tagging, and what of them the pipeline is given.

A note is stale when `notes.tagged_with` is not the current taxonomy-and-pipeline version.
A note whose text `voc retain` replaced (`retained_at`) keeps the themes it had: it is
never tagged again.
"""

import json
import re
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from voc.nlp.version import MAX_CHARS
from voc.notes.store import Store

_HTML_TAG = re.compile(r"<[^<>\n]{0,200}>")
MAX_WORD_CHARS = 64  # characters without a blank: a longer word is split for tagging
MAX_MARKS = 16  # punctuation marks in a row: a longer run is split for tagging
_LONG_MARKS = re.compile(rf"[^\w\s]{{{MAX_MARKS},}}")
_LONG_WORD = re.compile(rf"\S{{{MAX_WORD_CHARS},}}")


@dataclass
class PendingNote:
    id: int
    text: str
    occurred_at: str
    tags_json: str  # as stored: the write checks nothing changed since the read
    untags_json: str

    @property
    def tags(self) -> list[str]:
        return json.loads(self.tags_json)

    @property
    def untags(self) -> list[str]:
        return json.loads(self.untags_json)


def stale_ids(store: Store, version: str, force: bool = False) -> Sequence[int]:
    """The ids, ascending, packed 8 bytes each: a list of Python ints costs several times
    that, and a large import can leave a million notes stale."""
    if force:
        sql, params = "SELECT id FROM notes WHERE retained_at IS NULL", []
    else:
        # Three range reads of the tagged_with index, not a scan of every note: nothing is
        # stale for most commands that read themes (every digest, list --theme...).
        # INDEXED BY because ANALYZE sees one version on every note and would pick a scan.
        sql = " UNION ALL ".join(
            "SELECT id FROM notes INDEXED BY notes_tagged_with "
            f"WHERE {test} AND retained_at IS NULL"
            for test in ("tagged_with IS NULL", "tagged_with < ?", "tagged_with > ?")
        )
        params = [version, version]
    rows = store.conn.execute(f"SELECT id FROM ({sql}) ORDER BY id", params)
    return array("q", (row[0] for row in rows))


def read_pending(store: Store, ids: list[int]) -> list[PendingNote]:
    marks = ", ".join("?" for _ in ids)
    rows = store.conn.execute(
        f"SELECT id, text, occurred_at, tags, untags FROM notes WHERE id IN ({marks})", ids
    )
    return [PendingNote(*row) for row in rows]


def text_to_tag(text: str, max_chars: int) -> str:
    """What the pipeline reads of a note: its first `max_chars`, with HTML tags and every
    MAX_WORD_CHARS-th character of an overlong word made blanks. Both keep the length, so
    evidence offsets still point into the note.

    Why: spaCy's tokenizer peels punctuation off a word one mark at a time, scanning the
    rest of the word for each, so its cost grows with the square of a word's length (a
    line of 700,000 `>` took it 12 minutes). Bounded words make tagging linear in the
    text's length. A line's length costs nothing more than its words. Runs of one mark
    are left as written: split like any word they cost little, and blanked they would
    make one long blank token, which costs more."""
    text = text[:max_chars]
    if "<" in text:
        text = _HTML_TAG.sub(_blanks, text)
    text = _LONG_MARKS.sub(_split_marks, text)
    return _LONG_WORD.sub(_split_word, text)


def _blanks(match: re.Match) -> str:
    return " " * len(match.group())


def _split_word(match: re.Match) -> str:
    return _blank_every(match.group(), MAX_WORD_CHARS)


def _split_marks(match: re.Match) -> str:
    return _blank_every(match.group(), MAX_MARKS)


def _blank_every(word: str, size: int) -> str:
    """`word` with its size-th, 2*size-th... character a blank."""
    chars = list(word)
    chars[size - 1 :: size] = " " * (len(chars) // size)
    return "".join(chars)


def chunks(items: Sequence[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def texts_to_tag(pending: dict[int, PendingNote]) -> list[tuple[int, str]]:
    """(note id, text to tag) per note: what the pipeline's workers are given."""
    return [(n.id, text_to_tag(n.text, MAX_CHARS)) for n in pending.values()]
