"""The largest note voc stores, and how a longer one is cut.

One note's cost must stay bounded: its full-text index, its search snippet, its tagging
and every read of it grow with its length, and a pasted thread or a mailbox's stray
attachment can be megabytes. A note longer than MAX_NOTE_CHARS keeps its start (that is
where a person writes; what follows is mostly quoted history) and ends with a visible
marker saying how long it was. The kept text, marker included, is within the maximum, so
importing a cut note again (from `voc export`) stores the same text and finds it stored.

Capture, guided capture and import all build a note's text here (`note_text`), redacted
or not: redaction sees a margin past the cut, so personal data that straddles it is
still recognised and never stored half-masked.
"""

import re
from collections.abc import Callable
from typing import NamedTuple

MAX_NOTE_CHARS = 200_000
# Redaction reads this much past the cut, so that an address or a number crossing it is
# seen whole; far longer than any of them.
REDACT_MARGIN = 2_000
# The cut falls on the last blank within this many characters of the limit (no word is
# split) when there is one.
BLANK_WINDOW = 500
_MARKER = "\n\n[… cut by voc: the note had {total:,} characters; the rest is not stored]"
_MARKER_ROOM = len(_MARKER.format(total=10**12))
_LAST_BLANK = re.compile(r"\s(?=\S*\Z)")


class NoteText(NamedTuple):
    text: str
    cut: bool  # longer than MAX_NOTE_CHARS: the start kept, the marker at the end


def note_text(text: str, redact: Callable[[str], str] | None = None) -> NoteText:
    """The text a note stores: redacted with `redact` when given, and cut when longer than
    MAX_NOTE_CHARS. Only the start is redacted when the rest would be cut anyway."""
    if len(text) <= MAX_NOTE_CHARS:
        return NoteText(redact(text) if redact else text, False)
    total = len(text)
    room = MAX_NOTE_CHARS - _MARKER_ROOM
    start = text[: room + REDACT_MARGIN]
    if redact:
        start = redact(start)
    return NoteText(_cut(start, room) + _MARKER.format(total=total), True)


def _cut(text: str, room: int) -> str:
    """At most `room` characters of `text`, ending at a blank near the limit if any."""
    kept = text[:room]
    blank = _LAST_BLANK.search(kept, max(0, room - BLANK_WINDOW))
    if blank:
        kept = kept[: blank.start()]
    return kept.rstrip()
