"""The digest's counts: notes, reach and sentiment per theme, signal, source and term.

Reach is distinct customers and accounts, and SQLite's count(DISTINCT ...) builds a
B-tree per group: on a busy week that costs ten times the rest of the query. So the
period is read once as plain rows, each a range on an index (notes by occurred_at;
note_themes, note_signals and note_terms by (occurred_at, ...): the rows carry their
note's date), and tallied here with sets. Trend lines need counts only, which SQLite
gives straight from note_themes' indexes, never touching the notes table.
"""

import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from voc.periods import Period
from voc.queries import NoteFilter, where_clause

# The root of a slug: "competitor/acme" -> "competitor", "billing" -> "billing".
ROOT = "substr({col}, 1, instr({col} || '/', '/') - 1)"
POSITIVE_AT = 0.05  # VADER's cut-offs, which the tagger's labels follow
NEGATIVE_AT = -0.05


@dataclass(frozen=True)
class Scope:
    """The user's filters (not the dates) as a condition on `notes n`."""

    where: str = "1"
    params: tuple = ()

    @classmethod
    def of(cls, note_filter: NoteFilter) -> "Scope":
        undated = NoteFilter(**{**note_filter.__dict__, "since": None, "until": None})
        where, params = where_clause(undated, alias="n")
        return cls(where, tuple(params))

    @property
    def filtered(self) -> bool:
        return self.where != "1"

    def narrowed(self, condition: str, *params) -> "Scope":
        return Scope(f"{self.where} AND {condition}", (*self.params, *params))


def rows(conn: sqlite3.Connection, sql: str, params=()) -> list:
    return conn.execute(sql, list(params)).fetchall()


class Facts(NamedTuple):
    """What the counts need of one note. Names are compared case-blind."""

    customer: str | None
    account: str | None
    source: str
    label: str | None
    quotable: int


def summary(pairs: list[tuple[int, str | None]], notes: dict[int, "Facts"]) -> dict:
    """Notes, reach and sentiment of (note id, sentiment label) pairs: comprehensions,
    not a method call per row (a year is over a million rows)."""
    facts = [notes[note_id] for note_id, _ in pairs]
    customers = {f.customer for f in facts}
    accounts = {f.account for f in facts}
    labels = [label for _, label in pairs]
    return {
        "notes": len(pairs),
        "customers": len(customers - {None, ""}),
        "accounts": len(accounts - {None, ""}),
        "positive": labels.count("positive"),
        "negative": labels.count("negative"),
    }


def load_notes(conn: sqlite3.Connection, period: Period, scope: Scope) -> dict[int, Facts]:
    """The period's notes matching the filters: note id -> Facts."""
    found = conn.execute(
        f"""SELECT n.id, lower(n.customer), lower(n.account), n.source, n.sentiment_label,
            n.quotable
        FROM notes n WHERE n.occurred_at >= ? AND n.occurred_at < ? AND {scope.where}""",
        [period.since, period.until, *scope.params],
    )
    return {r[0]: Facts(*r[1:]) for r in found}


def totals(notes: dict[int, Facts], found: list) -> dict:
    """Notes, distinct customers and accounts, not-quotable and theme-less notes."""
    stats = summary([(note_id, None) for note_id in notes], notes)
    return {
        "notes": stats["notes"],
        "customers": stats["customers"],
        "accounts": stats["accounts"],
        "not_quotable": sum(1 for f in notes.values() if not f.quotable),
        "uncovered": len(notes.keys() - {r[0] for r in found}),
    }


def _period_rows(columns: str, table: str) -> str:
    return f"SELECT {columns} FROM {table} WHERE occurred_at >= ? AND occurred_at < ?"


def _bounds(period: Period) -> tuple[str, str]:
    return (period.since, period.until)


def by_source(notes: dict[int, Facts]) -> dict[str, dict]:
    ids: dict[str, list] = defaultdict(list)
    for note_id, facts in notes.items():
        ids[facts.source].append((note_id, None))
    return {source: summary(pairs, notes) for source, pairs in ids.items()}


def notes_by_source(conn: sqlite3.Connection, period: Period, scope: Scope) -> dict[str, int]:
    """How many notes each source gave in another period (the comparison)."""
    found = rows(
        conn,
        f"""SELECT n.source, count(*) FROM notes n
        WHERE n.occurred_at >= ? AND n.occurred_at < ? AND {scope.where} GROUP BY n.source""",
        (period.since, period.until, *scope.params),
    )
    return {r[0]: r[1] for r in found}


def theme_rows(conn: sqlite3.Connection, period: Period, notes: dict[int, Facts]) -> list:
    """(note_id, theme, sentence label or None) for the selected notes."""
    label = (
        f"CASE WHEN sentiment >= {POSITIVE_AT} THEN 'positive' "
        f"WHEN sentiment <= {NEGATIVE_AT} THEN 'negative' "
        "WHEN sentiment IS NOT NULL THEN 'neutral' END"
    )
    found = rows(conn, _period_rows(f"note_id, theme, {label}", "note_themes"), _bounds(period))
    return [r for r in found if r[0] in notes]


def theme_stats(found: list, notes: dict[int, Facts]) -> dict[str, dict]:
    """Per theme slug: notes, reach and sentiment (the sentence's, else the note's). A
    parent with children gets the distinct notes of its whole family."""
    pairs: dict[str, list] = defaultdict(list)
    for note_id, theme, label in found:
        pairs[theme].append((note_id, label or notes[note_id].label))
    stats = {slug: summary(p, notes) for slug, p in pairs.items()}
    for root in roots_of(pairs):
        family = {i for slug, p in pairs.items() if _in_family(slug, root) for i, _ in p}
        stats[root] = summary([(i, notes[i].label) for i in sorted(family)], notes)
    return stats


def _in_family(slug: str, root: str) -> bool:
    return slug == root or slug.startswith(f"{root}/")


def roots_of(slugs) -> list[str]:
    """The parents that have children among `slugs`."""
    return sorted({slug.split("/")[0] for slug in slugs if "/" in slug})


def source_themes(found: list, notes: dict[int, Facts]) -> dict[str, dict[str, int]]:
    """Per source, distinct notes per top-level theme."""
    seen: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for note_id, theme, _ in found:
        seen[notes[note_id].source][theme.split("/")[0]].add(note_id)
    return {s: {root: len(ids) for root, ids in by_root.items()} for s, by_root in seen.items()}


def theme_trends(conn: sqlite3.Connection, periods: list[Period], scope: Scope) -> dict:
    """Notes per theme slug in each period, parents rolled up: {slug: [n, ...]}."""
    trends: dict[str, list[int]] = defaultdict(lambda: [0] * len(periods))
    for i, period in enumerate(periods):
        for slug, count in _theme_counts(conn, period, scope).items():
            trends[slug][i] = count
    return dict(trends)


def _theme_counts(conn: sqlite3.Connection, period: Period, scope: Scope) -> dict[str, int]:
    """Unfiltered, this reads note_themes' indexes alone; a family's distinct notes come
    from (theme, occurred_at, note_id) and replace the parent's own count."""
    join = "JOIN notes n ON n.id = t.note_id" if scope.filtered else ""
    params = (period.since, period.until, *scope.params)
    counts = {
        r[0]: r[1]
        for r in rows(
            conn,
            f"""SELECT t.theme, count(*) FROM note_themes t {join}
            WHERE t.occurred_at >= ? AND t.occurred_at < ? AND {scope.where}
            GROUP BY t.theme""",
            params,
        )
    }
    for root in roots_of(counts):
        counts[root] = rows(
            conn,
            f"""SELECT count(DISTINCT t.note_id) FROM note_themes t {join}
            WHERE (t.theme = ? OR (t.theme > ? AND t.theme < ?))
              AND t.occurred_at >= ? AND t.occurred_at < ? AND {scope.where}""",
            (root, f"{root}/", f"{root}0", *params),
        )[0][0]
    return counts


def signal_stats(conn: sqlite3.Connection, period: Period, notes: dict[int, Facts]) -> dict:
    pairs: dict[str, list] = defaultdict(list)
    for note_id, signal in rows(
        conn, _period_rows("note_id, signal", "note_signals"), _bounds(period)
    ):
        if note_id in notes:
            pairs[signal].append((note_id, None))
    return {signal: summary(p, notes) for signal, p in pairs.items()}


def signal_counts(conn: sqlite3.Connection, period: Period, scope: Scope) -> dict[str, int]:
    """Notes per signal in another period (the comparison)."""
    join = "JOIN notes n ON n.id = s.note_id" if scope.filtered else ""
    found = rows(
        conn,
        f"""SELECT s.signal, count(*) FROM note_signals s {join}
        WHERE s.occurred_at >= ? AND s.occurred_at < ? AND {scope.where}
        GROUP BY s.signal""",
        (period.since, period.until, *scope.params),
    )
    return {r[0]: r[1] for r in found}


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    found = rows(conn, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
    return bool(found)


def term_stats(
    conn: sqlite3.Connection,
    period: Period,
    scope: Scope,
    notes: dict,
    min_notes: int,
    max_terms: int,
) -> dict:
    """Notes and reach of the uncovered phrases (the tagger's note_terms, lemma n-grams
    of two words or more) used in at least `min_notes` notes, the `max_terms` most used.
    The tagger keeps up to a dozen terms a note, so SQLite counts them all and only the loud
    few come back here (what rises is among what is heard most)."""
    if not has_table(conn, "note_terms"):
        return {}
    join = "JOIN notes n ON n.id = x.note_id" if scope.filtered else ""
    loud = [
        r[0]
        for r in rows(
            conn,
            f"""SELECT x.term FROM note_terms x {join}
            WHERE x.occurred_at >= ? AND x.occurred_at < ? AND x.term LIKE '% %'
              AND {scope.where}
            GROUP BY x.term HAVING count(*) >= ?
            ORDER BY count(*) DESC, x.term LIMIT ?""",
            (period.since, period.until, *scope.params, min_notes, max_terms),
        )
    ]
    if not loud:
        return {}
    pairs: dict[str, list] = defaultdict(list)
    for note_id, term in rows(
        conn,
        _period_rows("note_id, term", "note_terms")
        + f" AND term IN ({', '.join('?' for _ in loud)})",
        (*_bounds(period), *loud),
    ):
        if note_id in notes:
            pairs[term].append((note_id, None))
    return {term: summary(p, notes) | {"ids": [i for i, _ in p]} for term, p in pairs.items()}


def term_counts(
    conn: sqlite3.Connection, period: Period, scope: Scope, terms: list[str]
) -> dict[str, int]:
    """Notes per given term in another period (the baseline)."""
    if not terms or not has_table(conn, "note_terms"):
        return {}
    join = "JOIN notes n ON n.id = x.note_id" if scope.filtered else ""
    found = rows(
        conn,
        f"""SELECT x.term, count(*) FROM note_terms x {join}
        WHERE x.occurred_at >= ? AND x.occurred_at < ?
          AND x.term IN ({", ".join("?" for _ in terms)}) AND {scope.where}
        GROUP BY x.term""",
        (period.since, period.until, *terms, *scope.params),
    )
    return {r[0]: r[1] for r in found}
