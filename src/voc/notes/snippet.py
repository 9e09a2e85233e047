"""A search hit's snippet: a window of the note around the first word the query names,
with those words marked.

Worked out here, not by FTS5's `highlight()` or `snippet()`: both re-tokenise the whole
note and walk every match in it, a cost that grew with the square of the note's length
(one huge note kept `voc search` busy for minutes: benchmarks/RESULTS.md). Here one
regular-expression scan of at most SCAN_CHARS finds the first match, and only the window
is marked. A query word marks the words that start with it, as FTS5's prefix queries
(and the stemming tokenizer's forms: "refund" finds "refunds") match.
"""

import re

SNIPPET_CHARS = 240  # the window; the table shows about 300 characters of a hit
BEFORE = 60  # of which before the first match: the sentence's start, usually
SCAN_CHARS = 1_000_000  # a match further in shows the note's start instead
ELLIPSIS = "…"
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
_QUERY_WORD = re.compile(r"(\w+)(?!\w|:)")  # "text:" names a column, not a word


def query_words(query: str) -> list[str]:
    """The words of an FTS5 query, lower-cased: operators and column names left out."""
    words = {w.lower() for w in _QUERY_WORD.findall(query) if w not in _OPERATORS}
    return sorted(words, key=len, reverse=True)  # the longest first in the alternation


def word_pattern(words: list[str]) -> re.Pattern | None:
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)


def snippet(text: str, pattern: re.Pattern | None, start_mark: str, end_mark: str) -> str:
    """At most SNIPPET_CHARS of `text` around the first match, the matches inside marked;
    an ellipsis where the window cuts the text."""
    first = pattern.search(text, 0, SCAN_CHARS) if pattern else None
    begin = max(0, first.start() - BEFORE) if first else 0
    if begin:  # from the start of a word
        blank = text.find(" ", begin, first.start())
        begin = blank + 1 if blank >= 0 else begin
    end = min(len(text), begin + SNIPPET_CHARS)
    window = text[begin:end]
    if pattern:
        window = pattern.sub(lambda m: f"{start_mark}{m.group()}{end_mark}", window)
    return (ELLIPSIS if begin else "") + window + (ELLIPSIS if end < len(text) else "")
