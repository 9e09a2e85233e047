"""What the theme commands report, read from the tag tables without spaCy: note counts per
theme, a theme's recent evidence, and frequent terms no theme covers (`themes suggest`)."""

from dataclasses import dataclass
from typing import Any

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


def suggest_terms(
    store: Store, *, since: str | None = None, min_notes: int = 2, limit: int = 20
) -> list[TermSuggestion]:
    """Lemma n-grams that no theme matched, by how many notes use them. A shorter term is
    left out when a longer one containing it is in as many notes: it says nothing more."""
    rows = store.conn.execute(
        """
        SELECT term, count(*) AS notes, max(occurred_at) FROM note_terms
        WHERE occurred_at >= ? GROUP BY term HAVING notes >= ?
        ORDER BY notes DESC, length(term) DESC, term LIMIT ?
        """,
        (since or "", min_notes, limit * 5),
    ).fetchall()
    picked: list[TermSuggestion] = []
    for term, notes, last_seen in rows:
        if any(f" {term} " in f" {p.term} " and p.notes >= notes for p in picked):
            continue
        picked.append(TermSuggestion(term, notes, last_seen))
    return picked[:limit]
