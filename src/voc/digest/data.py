"""The digest's rows and counts: notes, theme and signal rows of a period, and counts
per theme, signal, source and term.

Reach is distinct customers and accounts, and SQLite's count(DISTINCT ...) builds a
B-tree per group: on a busy week that costs far more than the rest of the query. So a
period's notes are read once as plain rows, each a range on an index (notes by
occurred_at; note_themes, note_signals and note_terms by (occurred_at, ...): the rows
carry their note's date), and tallied with sets (voc.digest.figures); unfiltered, by day,
and kept (voc.digest.daycache). Trend lines and the comparison period need counts only:
unfiltered, they are sums of the day tables (voc.digest.daycounts).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from itertools import compress, groupby
from operator import itemgetter

from voc.digest import daycounts
from voc.notes.accounts import canonical_sql, has_aliases
from voc.notes.engine import sqlite3
from voc.notes.queries import NoteFilter, where_clause
from voc.periods import Period

STANCE = "coalesce(stance, 'mention')"  # as `voc list --as` reads it
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


# What the counts need of one note, as the row SQLite gives: (id, customer, account,
# source, sentiment label, quotable); names lower-cased, so compared case-blind. Plain
# tuples and C-level getters: a year is a million notes and 1.4M theme rows, and a
# Python-level step per row was most of a long digest's time.
Facts = tuple
NOTE_ID, CUSTOMER, ACCOUNT, SOURCE, LABEL = (itemgetter(i) for i in range(5))
QUOTABLE = itemgetter(5)
ROW_THEME = itemgetter(1)


def account_column(conn: sqlite3.Connection) -> str:
    """`n.account`, or the account it is an alias of: reach counts a company once."""
    return canonical_sql("n.account") if has_aliases(conn) else "n.account"


def load_notes(conn: sqlite3.Connection, period: Period, scope: Scope) -> dict[int, Facts]:
    """The period's notes matching the filters: note id -> Facts."""
    found = conn.execute(
        f"""SELECT n.id, lower(n.customer), lower({account_column(conn)}), n.source,
            n.sentiment_label, n.quotable
        FROM notes n WHERE n.occurred_at >= ? AND n.occurred_at < ? AND {scope.where}""",
        [period.since, period.until, *scope.params],
    ).fetchall()
    return dict(zip(map(NOTE_ID, found), found, strict=True))


def grouped(found: list, key=ROW_THEME) -> dict[str, list]:
    """Rows grouped by `key` (theme or signal), each group in the order found."""
    return {k: list(g) for k, g in groupby(sorted(found, key=key), key)}


def _in_scope(found: list, notes: dict[int, Facts]) -> list:
    """The rows whose note (their first column) is among `notes`."""
    return list(compress(found, map(notes.__contains__, map(NOTE_ID, found))))


def _period_rows(columns: str, table: str) -> str:
    return f"SELECT {columns} FROM {table} WHERE occurred_at >= ? AND occurred_at < ?"


def _bounds(period: Period) -> tuple[str, str]:
    return (period.since, period.until)


def notes_by_source(conn: sqlite3.Connection, period: Period, scope: Scope) -> dict[str, int]:
    """How many notes each source gave in another period (the comparison)."""
    if not scope.filtered:
        return daycounts.counts(conn, "source_days", period)
    found = rows(
        conn,
        f"""SELECT n.source, count(*) FROM notes n
        WHERE n.occurred_at >= ? AND n.occurred_at < ? AND {scope.where} GROUP BY n.source""",
        (period.since, period.until, *scope.params),
    )
    return {r[0]: r[1] for r in found}


def theme_rows(conn: sqlite3.Connection, period: Period, notes: dict[int, Facts]) -> list:
    """(note_id, theme, sentence label or None, stance) for the selected notes; a theme
    tagged by hand says nothing of it: a mention."""
    label = (
        f"CASE WHEN sentiment >= {POSITIVE_AT} THEN 'positive' "
        f"WHEN sentiment <= {NEGATIVE_AT} THEN 'negative' "
        "WHEN sentiment IS NOT NULL THEN 'neutral' END"
    )
    columns = f"note_id, theme, {label}, {STANCE}"
    found = rows(conn, _period_rows(columns, "note_themes"), _bounds(period))
    return _in_scope(found, notes)


def stance_rows(conn: sqlite3.Connection, period: Period, scope: Scope) -> list:
    """(note_id, theme, None, stance) of the notes in scope: theme_rows' shape, for the
    stance split of a trend period (no label, no note facts needed)."""
    join = "JOIN notes n ON n.id = t.note_id" if scope.filtered else ""
    return rows(
        conn,
        f"""SELECT t.note_id, t.theme, NULL, coalesce(t.stance, 'mention') FROM note_themes t
        {join} WHERE t.occurred_at >= ? AND t.occurred_at < ? AND {scope.where}""",
        (period.since, period.until, *scope.params),
    )


def roots_of(slugs) -> list[str]:
    """The parents that have children among `slugs`."""
    return sorted({slug.split("/")[0] for slug in slugs if "/" in slug})


def theme_trends(conn: sqlite3.Connection, periods: list[Period], scope: Scope) -> dict:
    """Notes per theme slug in each period, parents rolled up: {slug: [n, ...]}."""
    trends: dict[str, list[int]] = defaultdict(lambda: [0] * len(periods))
    count = _raw_theme_counts if scope.filtered else _summed_theme_counts
    for i, period in enumerate(periods):
        for slug, n in count(conn, period, scope).items():
            trends[slug][i] = n
    return dict(trends)


def _summed_theme_counts(conn: sqlite3.Connection, period: Period, scope: Scope) -> dict:
    """As _raw_theme_counts, from the day tables: a family's notes replace its parent's."""
    counts = daycounts.counts(conn, "theme_days", period)
    roots = roots_of(counts)
    if roots:
        families = daycounts.family_counts(conn, period, counts)
        counts.update({root: families[root] for root in roots})
    return counts


def _raw_theme_counts(conn: sqlite3.Connection, period: Period, scope: Scope) -> dict[str, int]:
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


def signal_rows(conn: sqlite3.Connection, period: Period, notes: dict[int, Facts]) -> list:
    """(note_id, signal) for the selected notes."""
    found = rows(conn, *_signal_rows(conn, period, "s.note_id, s.signal", Scope()))
    return _in_scope(found, notes)


def signal_counts(conn: sqlite3.Connection, period: Period, scope: Scope) -> dict[str, int]:
    """Notes per signal in another period (the comparison)."""
    if not scope.filtered:
        return daycounts.counts(conn, "signal_days", period)
    sql, params = _signal_rows(conn, period, "s.signal, count(*)", scope)
    return {r[0]: r[1] for r in rows(conn, f"{sql} GROUP BY s.signal", params)}


def _signal_rows(conn: sqlite3.Connection, period: Period, columns: str, scope: Scope):
    """SQL and params for a period's signal rows of notes in scope, read signal by signal
    from (signal, occurred_at, note_id): the signals are those its days counted."""
    signals = list(daycounts.counts(conn, "signal_days", period))
    join = "JOIN notes n ON n.id = s.note_id" if scope.filtered else ""
    sql = f"""SELECT {columns} FROM note_signals s {join}
        WHERE s.signal IN ({", ".join("?" for _ in signals)})
          AND s.occurred_at >= ? AND s.occurred_at < ? AND {scope.where}"""
    return sql, (*signals, period.since, period.until, *scope.params)


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    found = rows(conn, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
    return bool(found)


# Over a long period, counting every phrase of every note is the digest's largest cost
# (a year of notes holds millions of phrase rows): the candidates are then the most used
# phrases on SAMPLE_DAYS evenly spaced days, and only those are counted over the whole period.
LONG_PERIOD_DAYS = 35
SAMPLE_DAYS = 8


def sample_days(period: Period) -> list[tuple[str, str]]:
    """[since, until) of each sampled day of a long period; the whole period otherwise."""
    if period.days <= LONG_PERIOD_DAYS:
        return [(period.since, period.until)]
    picked = sorted({int((i + 0.5) * period.days / SAMPLE_DAYS) for i in range(SAMPLE_DAYS)})
    starts = [period.start + timedelta(days=d) for d in picked]
    return [(_iso_day(day), _iso_day(day + timedelta(days=1))) for day in starts]


def _iso_day(day) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def loud_terms(
    conn: sqlite3.Connection, period: Period, scope: Scope, min_notes: int, max_terms: int
) -> dict[str, int]:
    """Notes per uncovered phrase (the tagger's note_terms, lemma n-grams of two words or
    more) used in at least `min_notes` notes, among the `max_terms` most used (in the
    sampled days of a long period). SQLite counts; only the loud few come back."""
    if not has_table(conn, "note_terms"):
        return {}
    ranges = sample_days(period)
    join = "JOIN notes n ON n.id = x.note_id" if scope.filtered else ""
    # One range read of the phrases' date index (m008) per day: given an OR of days, the
    # planner scans that whole partial index instead. Unfiltered, the index covers it.
    columns = "note_id, term" if scope.filtered else "term"
    dated = " UNION ALL ".join(
        f"""SELECT {columns} FROM note_terms INDEXED BY note_terms_phrases
        WHERE occurred_at >= ? AND occurred_at < ? AND term LIKE '% %'"""
        for _ in ranges
    )
    floor = min_notes if len(ranges) == 1 else 1
    found = rows(
        conn,
        f"""SELECT x.term, count(*) FROM ({dated}) x {join} WHERE {scope.where}
        GROUP BY x.term HAVING count(*) >= ?
        ORDER BY count(*) DESC, x.term LIMIT ?""",
        (*(b for r in ranges for b in r), *scope.params, floor, max_terms),
    )
    if len(ranges) == 1:
        return {r[0]: r[1] for r in found}
    counts = term_counts(conn, period, scope, [r[0] for r in found])
    return {term: n for term, n in counts.items() if n >= min_notes}


def _term_notes(scope: Scope) -> str:
    """The notes in scope that use a term in a period; params: term, since, until, scope."""
    return f"""FROM note_terms x JOIN notes n ON n.id = x.note_id
        WHERE x.term = ? AND x.occurred_at >= ? AND x.occurred_at < ? AND {scope.where}"""


def term_reach(
    conn: sqlite3.Connection, period: Period, scope: Scope, term: str, at_most: int = -1
) -> int:
    """Distinct customers who used a term; with `at_most`, counting stops there (enough
    to test the reach rule without reading every row of a common phrase)."""
    found = rows(
        conn,
        f"""SELECT count(*) FROM (SELECT DISTINCT lower(n.customer) {_term_notes(scope)}
            AND n.customer IS NOT NULL AND n.customer != '' LIMIT ?)""",
        (term, period.since, period.until, *scope.params, at_most),
    )
    return found[0][0]


def term_note_ids(
    conn: sqlite3.Connection, period: Period, scope: Scope, term: str, limit: int = 50
) -> list[int]:
    """The newest `limit` notes in scope that use a term (where its quotes come from), read
    backwards on (term, occurred_at, note_id): the walk stops at `limit`, as for themes."""
    found = rows(
        conn,
        f"""SELECT x.note_id {_term_notes(scope)}
        ORDER BY x.occurred_at DESC, x.note_id DESC LIMIT ?""",
        (term, period.since, period.until, *scope.params, limit),
    )
    return [r[0] for r in found]


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


def first_note(conn: sqlite3.Connection, scope: Scope) -> str | None:
    """When the first note in scope was made (its stored timestamp), or None: the
    periods before it are no baseline. Unfiltered, one step on notes' date index."""
    found = rows(conn, f"SELECT min(n.occurred_at) FROM notes n WHERE {scope.where}", scope.params)
    return found[0][0] if found else None


# One row per note behind a rising item: (note_id, account, source, customer), names as
# written (the drivers group them case-blind).
def item_notes(
    conn: sqlite3.Connection, period: Period, scope: Scope, kind: str, key: str, family: bool
) -> list[tuple]:
    """The notes in scope behind a theme (with `family`, its children too) or a term."""
    if kind == "term":
        table, match, params = "note_terms", "x.term = ?", [key]
    elif family:
        table, match = "note_themes", "(x.theme = ? OR (x.theme > ? AND x.theme < ?))"
        params = [key, f"{key}/", f"{key}0"]
    else:
        table, match, params = "note_themes", "x.theme = ?", [key]
    if table == "note_terms" and not has_table(conn, table):
        return []
    return rows(
        conn,
        f"""SELECT DISTINCT x.note_id, {account_column(conn)}, n.source, n.customer
        FROM {table} x JOIN notes n ON n.id = x.note_id
        WHERE {match} AND x.occurred_at >= ? AND x.occurred_at < ? AND {scope.where}""",
        (*params, period.since, period.until, *scope.params),
    )
