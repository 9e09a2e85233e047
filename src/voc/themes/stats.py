"""What the theme commands report, read from the tag tables without spaCy: note counts per
theme, a theme's recent evidence, and frequent terms no theme covers (`themes suggest`)."""

import math
from dataclasses import dataclass
from typing import Any

from voc.notes.queries import NoteFilter, where_clause
from voc.notes.store import Store
from voc.themes.taxonomy import Taxonomy


@dataclass
class ThemeCount:
    slug: str
    label: str
    notes: int
    manual: int


def theme_counts(store: Store, taxonomy: Taxonomy) -> list[ThemeCount]:
    """Every theme in the taxonomy (a parent counts its children's notes too), then any
    manual tag outside it."""
    rows = store.conn.execute(
        "SELECT theme, count(*), sum(manual) FROM note_themes GROUP BY theme"
    ).fetchall()
    counts = [ThemeCount(t.slug, t.label, *_rolled_up(rows, t.slug)) for t in taxonomy]
    counts += [
        ThemeCount(theme, theme, notes, manual or 0)
        for theme, notes, manual in rows
        if theme not in taxonomy and not _has_known_ancestor(theme, taxonomy)
    ]
    return counts


def _rolled_up(rows, slug: str) -> tuple[int, int]:
    """(notes, manual) for a theme and its children. A note tagged with two children of
    one parent counts twice here; good enough for a list, exact per child."""
    notes = manual = 0
    for theme, count, by_hand in rows:
        if theme == slug or theme.startswith(slug + "/"):
            notes += count
            manual += by_hand or 0
    return notes, manual


def _has_known_ancestor(slug: str, taxonomy: Taxonomy) -> bool:
    parts = slug.split("/")
    return any("/".join(parts[:i]) in taxonomy for i in range(1, len(parts)))


def recent_evidence(store: Store, slug: str, limit: int = 5) -> list[dict[str, Any]]:
    """The latest automatic mentions of a theme (or its children), quotable notes only."""
    rows = store.conn.execute(
        """
        SELECT t.note_id, t.theme, t.pattern, t.evidence, t.sentence, t.occurred_at
        FROM note_themes t JOIN notes n ON n.id = t.note_id
        WHERE (t.theme = ? OR t.theme LIKE ? ESCAPE '\\') AND t.pattern IS NOT NULL
          AND n.quotable = 1
        ORDER BY t.occurred_at DESC, t.note_id DESC LIMIT ?
        """,
        (slug, _like_prefix(slug) + "/%", limit),
    )
    return [dict(row) for row in rows]


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass
class TermSuggestion:
    term: str
    notes: int
    last_seen: str
    zipf: float  # how common in general English (see english_zipf); lower is more unusual


def suggest_terms(
    store: Store, f: NoteFilter | None = None, *, min_notes: int = 2, limit: int = 20
) -> list[TermSuggestion]:
    """Lemma n-grams that no theme matched in the filtered notes, the most unusual in
    general English first: "bank connection" before "client" or "week", however often
    those are said. A shorter term is left out when a longer one containing it is in as
    many notes: it says nothing more."""
    where, params = where_clause(f or NoteFilter(), alias="n")
    notes = "" if where == "1" else "JOIN notes n ON n.id = x.note_id"  # unfiltered: terms only
    rows = store.conn.execute(
        f"""SELECT x.term, count(*) AS notes, max(x.occurred_at) FROM note_terms x
        {notes} WHERE {where} GROUP BY x.term HAVING notes >= ?""",
        [*params, min_notes],
    ).fetchall()
    zipf = english_zipf([term for term, _, _ in rows])
    found = [TermSuggestion(t, n, last, zipf[t]) for t, n, last in rows]
    found.sort(key=lambda s: (s.zipf - math.log10(s.notes), -s.notes, s.term))
    picked: list[TermSuggestion] = []
    for suggestion in found:
        if any(
            f" {suggestion.term} " in f" {p.term} " and p.notes >= suggestion.notes for p in picked
        ):
            continue
        picked.append(suggestion)
    return picked[:limit]


def english_zipf(terms: list[str]) -> dict[str, float]:
    """Each term's frequency in general English on the Zipf scale (log10 of uses per
    billion words: 7 is "the", 0 a word English never uses). A phrase is scored as its
    words used together by chance (their frequencies multiplied), so a phrase is rarer than
    its words. wordfreq is imported here only: it costs start-up time no other command pays.
    """
    from wordfreq import zipf_frequency

    words = {w for term in terms for w in term.split()}
    word_zipf = {w: zipf_frequency(w, "en") for w in words}
    scores = {}
    for term in terms:
        parts = [word_zipf[w] for w in term.split()]
        scores[term] = round(max(0.0, sum(parts) - 9 * (len(parts) - 1)), 2)
    return scores
