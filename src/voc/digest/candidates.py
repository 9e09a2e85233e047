"""What the digest may quote: evidence sentences for a theme, a signal or a term, and
the answers given in debriefs. Only quotable notes; newest first, bounded, so a year of
notes costs what a week does: note_themes(theme, occurred_at, note_id) is read backwards
from the end of the period and the walk stops at `limit`.
"""

from dataclasses import replace

from voc.digest.data import Scope, account_column, rows
from voc.digest.quotes import Candidate, split_sentences, term_pattern
from voc.notes.engine import sqlite3
from voc.periods import Period


def _columns(conn: sqlite3.Connection) -> str:
    """A quote names the account under its canonical name, as the digest's reach counts
    it: two names of one company are one voice when quotes are spread over accounts."""
    return f"""x.note_id, x.sentence, x.evidence,
    CASE WHEN x.sentence IS NULL THEN n.text END AS text,
    n.source, {account_column(conn)} AS account, n.customer, n.occurred_at"""


def theme_candidates(
    conn: sqlite3.Connection,
    period: Period,
    scope: Scope,
    slug: str,
    family: bool = False,
    limit: int = 100,
) -> list[Candidate]:
    """Quotable evidence for a theme (with `family`, its children too), newest first."""
    # "/" + 1 is "0": the range ("slug/", "slug0") holds exactly the children.
    themes, params = "x.theme = ?", [slug]
    if family:
        themes = "(x.theme = ? OR (x.theme > ? AND x.theme < ?))"
        params = [slug, f"{slug}/", f"{slug}0"]
    found = rows(
        conn,
        f"""SELECT {_columns(conn)}, x.sentiment, x.stance
        FROM note_themes x JOIN notes n ON n.id = x.note_id
        WHERE {themes} AND x.occurred_at >= ? AND x.occurred_at < ?
          AND n.quotable = 1 AND {scope.where}
        ORDER BY x.occurred_at DESC, x.note_id DESC LIMIT ?""",
        (*params, period.since, period.until, *scope.params, limit),
    )
    return _one_per_note(found)


def signal_candidates(
    conn: sqlite3.Connection, period: Period, scope: Scope, signal: str, limit: int = 100
) -> list[Candidate]:
    found = rows(
        conn,
        f"""SELECT {_columns(conn)}, n.sentiment
        FROM note_signals x JOIN notes n ON n.id = x.note_id
        WHERE x.signal = ? AND x.occurred_at >= ? AND x.occurred_at < ?
          AND n.quotable = 1 AND {scope.where}
        ORDER BY x.occurred_at DESC, x.note_id DESC LIMIT ?""",
        (signal, period.since, period.until, *scope.params, limit),
    )
    return _one_per_note(found)


def term_candidates(conn: sqlite3.Connection, term: str, ids: list[int]) -> list[Candidate]:
    """The quotable notes among `ids` (the newest 50 that use a term): the quote is their
    sentence containing it."""
    newest = ids[:50]
    found = rows(
        conn,
        f"""SELECT n.id AS note_id, NULL AS sentence, ? AS evidence, n.text, n.source,
            {account_column(conn)} AS account, n.customer, n.occurred_at, n.sentiment
        FROM notes n WHERE n.id IN ({", ".join("?" for _ in newest)}) AND n.quotable = 1
        ORDER BY n.occurred_at DESC, n.id DESC""",
        (term, *newest),
    )
    return [_with_term_sentence(c, term) for c in _one_per_note(found)]


def _with_term_sentence(c: Candidate, term: str) -> Candidate:
    """The sentence where the term is written (a lemma phrase: "window medium" is
    "Windows Media"), with its words as written for evidence; none if it is not there."""
    pattern = term_pattern(term)
    for sentence in split_sentences(c.text or ""):
        found = pattern.search(sentence)
        if found:
            return replace(c, sentence=sentence, evidence=found.group(0))
    return replace(c, sentence="", evidence=term)


def _one_per_note(found: list[sqlite3.Row]) -> list[Candidate]:
    """One candidate per note (a parent and its child may both point at one note)."""
    seen: dict[int, Candidate] = {}
    for r in found:
        if r["note_id"] not in seen:
            seen[r["note_id"]] = Candidate(**dict(r))
    return list(seen.values())


def debrief_answers(conn: sqlite3.Connection, period: Period, scope: Scope) -> list[dict]:
    """Answers given in guided debriefs (`voc capture --guide`), in the order given."""
    found = rows(
        conn,
        f"""SELECT n.id AS note_id, n.question_key, n.session_id, n.source,
            {account_column(conn)} AS account, n.customer, n.occurred_at, n.quotable, n.text
        FROM notes n
        WHERE n.session_id IS NOT NULL AND n.question_key IS NOT NULL
          AND n.occurred_at >= ? AND n.occurred_at < ? AND {scope.where}
        ORDER BY n.id""",
        (period.since, period.until, *scope.params),
    )
    return [dict(r) for r in found]
