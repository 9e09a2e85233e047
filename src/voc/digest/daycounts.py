"""Counts of a period summed from per-day tables (migration m007), kept exact by triggers.

A digest reads 8 trend periods and a comparison period besides its own: from the raw rows
that is every theme row of two months (of eight years, for a 365-day digest); from the
day tables it is a few rows per day. They serve unfiltered counts only: a filter
(`--source`, `--account`...) needs each note, so the filtered digest reads raw rows.
`recount` gives what the tables must hold, recomputed from the raw ones (tests compare).
"""

from voc.notes.engine import sqlite3
from voc.periods import Period

TABLES = {  # table -> its key column
    "theme_days": "theme",
    "family_extra_days": "root",
    "signal_days": "signal",
    "source_days": "source",
}
_DAY = "substr(occurred_at, 1, 10)"
_ROOT = "substr(theme, 1, instr(theme || '/', '/') - 1)"
_RECOUNT = {
    "theme_days": f"SELECT {_DAY}, theme, count(*) FROM note_themes GROUP BY 1, 2",
    "family_extra_days": f"SELECT {_DAY}, {_ROOT}, count(*) - count(DISTINCT note_id) "
    "FROM note_themes GROUP BY 1, 2",
    "signal_days": f"SELECT {_DAY}, signal, count(*) FROM note_signals GROUP BY 1, 2",
    "source_days": f"SELECT {_DAY}, source, count(*) FROM notes GROUP BY 1, 2",
}


def counts(conn: sqlite3.Connection, table: str, period: Period) -> dict[str, int]:
    """Key -> notes in `period`: the sum of its days (a range on the (day, key) key)."""
    key = TABLES[table]
    found = conn.execute(
        f"""SELECT {key}, sum(notes) FROM {table} WHERE day >= ? AND day < ?
        GROUP BY {key} HAVING sum(notes) > 0""",
        (period.start.isoformat(), period.end.isoformat()),
    ).fetchall()
    return {r[0]: r[1] for r in found}


def family_counts(conn: sqlite3.Connection, period: Period, slugs: dict[str, int]) -> dict:
    """Distinct notes of each family in `slugs` (theme_days sums of the same period): its
    slugs' rows less the rows that repeat a note within the family."""
    extra = counts(conn, "family_extra_days", period)
    families: dict[str, int] = {}
    for slug, n in slugs.items():
        root = slug.split("/")[0]
        families[root] = families.get(root, 0) + n
    return {root: n - extra.get(root, 0) for root, n in families.items()}


def stored(conn: sqlite3.Connection) -> dict[str, set[tuple]]:
    """The day tables' non-zero rows (a count that fell to zero stays as a zero row)."""
    return {
        t: _tuples(conn, f"SELECT day, {k}, notes FROM {t} WHERE notes != 0")
        for t, k in TABLES.items()
    }


def recount(conn: sqlite3.Connection) -> dict[str, set[tuple]]:
    """What the day tables must hold, from note_themes, note_signals and notes."""
    found = {table: _tuples(conn, sql) for table, sql in _RECOUNT.items()}
    return {table: {r for r in rows if r[2]} for table, rows in found.items()}


def _tuples(conn: sqlite3.Connection, sql: str) -> set[tuple]:
    return set(map(tuple, conn.execute(sql)))
