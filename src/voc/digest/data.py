"""The digest's queries: counts, reach and quote candidates for one period.

Everything reads the indexed tables: theme and signal rows carry their note's date, so a
period is a range on note_themes(occurred_at, theme) or note_signals(occurred_at, signal),
and quote candidates for one theme are a range on note_themes(theme, occurred_at, note_id).
The notes table is joined only for what only it knows (customer, account, source,
sentiment, quotable) or when the user filters on it.
"""

import sqlite3
from collections import defaultdict
from dataclasses import dataclass

from voc.digest.quotes import Candidate
from voc.periods import Period
from voc.queries import NoteFilter, where_clause

# The root of a slug: "competitor/acme" -> "competitor", "billing" -> "billing".
ROOT = "substr({col}, 1, instr({col} || '/', '/') - 1)"
# A theme's sentiment is its sentence's when the tagger scored one, else the note's.
# The cut-offs are VADER's, which the tagger's labels follow.
SENTENCE_LABEL = (
    "CASE WHEN t.sentiment IS NULL THEN n.sentiment_label "
    "WHEN t.sentiment >= 0.05 THEN 'positive' WHEN t.sentiment <= -0.05 THEN 'negative' "
    "ELSE 'neutral' END"
)
REACH = (
    "count(*) AS notes, count(DISTINCT lower(n.customer)) AS customers, "
    "count(DISTINCT lower(n.account)) AS accounts"
)


def _count_label(label_sql: str, label: str) -> str:
    return f"count(CASE WHEN {label_sql} = '{label}' THEN 1 END)"


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


def _rows(conn: sqlite3.Connection, sql: str, params) -> list[sqlite3.Row]:
    return conn.execute(sql, list(params)).fetchall()


def totals(conn: sqlite3.Connection, period: Period, scope: Scope) -> dict:
    """Notes, distinct customers and accounts, not-quotable and theme-less notes."""
    row = _rows(
        conn,
        f"""SELECT {REACH}, coalesce(sum(n.quotable = 0), 0) AS not_quotable,
            coalesce(sum(NOT EXISTS (SELECT 1 FROM note_themes t WHERE t.note_id = n.id)), 0)
              AS uncovered
        FROM notes n WHERE n.occurred_at >= ? AND n.occurred_at < ? AND {scope.where}""",
        (period.since, period.until, *scope.params),
    )[0]
    return dict(row)


def by_source(conn: sqlite3.Connection, period: Period, scope: Scope) -> dict[str, dict]:
    rows = _rows(
        conn,
        f"""SELECT n.source, {REACH} FROM notes n
        WHERE n.occurred_at >= ? AND n.occurred_at < ? AND {scope.where}
        GROUP BY n.source""",
        (period.since, period.until, *scope.params),
    )
    return {r["source"]: dict(r) for r in rows}


def theme_stats(conn: sqlite3.Connection, period: Period, scope: Scope) -> dict[str, dict]:
    """Per theme slug: notes, reach and sentiment counts. A parent with children gets the
    distinct notes of its whole family (a note about two competitors counts once)."""
    stats = {
        r["theme"]: dict(r)
        for r in _rows(
            conn,
            f"""SELECT t.theme, {REACH},
                {_count_label(SENTENCE_LABEL, "positive")} AS positive,
                {_count_label(SENTENCE_LABEL, "negative")} AS negative
            FROM note_themes t JOIN notes n ON n.id = t.note_id
            WHERE t.occurred_at >= ? AND t.occurred_at < ? AND {scope.where}
            GROUP BY t.theme""",
            (period.since, period.until, *scope.params),
        )
    }
    families = sorted({slug.split("/")[0] for slug in stats if "/" in slug})
    stats.update(_family_stats(conn, period, scope, families))
    return stats


def _family_stats(conn, period: Period, scope: Scope, roots: list[str]) -> dict[str, dict]:
    if not roots:
        return {}
    marks = ", ".join("?" for _ in roots)
    rows = _rows(
        conn,
        f"""WITH family(root, note_id) AS (
            SELECT DISTINCT {ROOT.format(col="theme")}, note_id FROM note_themes
            WHERE occurred_at >= ? AND occurred_at < ? AND {ROOT.format(col="theme")} IN ({marks})
        )
        SELECT f.root AS theme, {REACH},
            {_count_label("n.sentiment_label", "positive")} AS positive,
            {_count_label("n.sentiment_label", "negative")} AS negative
        FROM family f JOIN notes n ON n.id = f.note_id WHERE {scope.where}
        GROUP BY f.root""",
        (period.since, period.until, *roots, *scope.params),
    )
    return {r["theme"]: dict(r) for r in rows}


def theme_counts(conn: sqlite3.Connection, period: Period, scope: Scope) -> dict[str, int]:
    """Notes per theme slug, parents rolled up; unfiltered, this reads one index only."""
    if scope.filtered:
        return {slug: s["notes"] for slug, s in theme_stats(conn, period, scope).items()}
    counts = {
        r[0]: r[1]
        for r in _rows(
            conn,
            """SELECT theme, count(*) FROM note_themes
            WHERE occurred_at >= ? AND occurred_at < ? GROUP BY theme""",
            (period.since, period.until),
        )
    }
    roots = sorted({slug.split("/")[0] for slug in counts if "/" in slug})
    counts.update({r: s["notes"] for r, s in _family_stats(conn, period, scope, roots).items()})
    return counts


def signal_stats(conn: sqlite3.Connection, period: Period, scope: Scope) -> dict[str, dict]:
    rows = _rows(
        conn,
        f"""SELECT s.signal, {REACH}
        FROM note_signals s JOIN notes n ON n.id = s.note_id
        WHERE s.occurred_at >= ? AND s.occurred_at < ? AND {scope.where}
        GROUP BY s.signal""",
        (period.since, period.until, *scope.params),
    )
    return {r["signal"]: dict(r) for r in rows}


def signal_counts(conn: sqlite3.Connection, period: Period, scope: Scope) -> dict[str, int]:
    if scope.filtered:
        return {k: v["notes"] for k, v in signal_stats(conn, period, scope).items()}
    rows = _rows(
        conn,
        """SELECT signal, count(*) FROM note_signals
        WHERE occurred_at >= ? AND occurred_at < ? GROUP BY signal""",
        (period.since, period.until),
    )
    return {r[0]: r[1] for r in rows}


def source_themes(conn: sqlite3.Connection, period: Period, scope: Scope) -> dict[str, dict]:
    """Per source, notes per top-level theme (distinct notes per family)."""
    rows = _rows(
        conn,
        f"""SELECT n.source, {ROOT.format(col="t.theme")} AS root,
            count(DISTINCT t.note_id) AS notes
        FROM note_themes t JOIN notes n ON n.id = t.note_id
        WHERE t.occurred_at >= ? AND t.occurred_at < ? AND {scope.where}
        GROUP BY n.source, root""",
        (period.since, period.until, *scope.params),
    )
    result: dict[str, dict] = defaultdict(dict)
    for r in rows:
        result[r["source"]][r["root"]] = r["notes"]
    return dict(result)


_CANDIDATE_COLUMNS = """x.note_id, x.sentence, x.evidence,
    CASE WHEN x.sentence IS NULL THEN n.text END AS text,
    n.source, n.account, n.customer, n.occurred_at"""


def theme_candidates(
    conn: sqlite3.Connection,
    period: Period,
    scope: Scope,
    slug: str,
    family: bool = False,
    limit: int = 200,
) -> list[Candidate]:
    """Quotable evidence for a theme (and with `family`, its children), newest first.
    A lone theme walks note_themes(theme, occurred_at) backwards and stops at `limit`."""
    # "/" + 1 is "0": the range ("slug/", "slug0") holds exactly the children.
    themes, params = ("x.theme = ?", [slug])
    if family:
        themes, params = (
            "(x.theme = ? OR (x.theme > ? AND x.theme < ?))",
            [slug, f"{slug}/", f"{slug}0"],
        )
    rows = _rows(
        conn,
        f"""SELECT {_CANDIDATE_COLUMNS}, x.sentiment
        FROM note_themes x JOIN notes n ON n.id = x.note_id
        WHERE {themes} AND x.occurred_at >= ? AND x.occurred_at < ?
          AND n.quotable = 1 AND {scope.where}
        ORDER BY x.occurred_at DESC, x.note_id DESC LIMIT ?""",
        (*params, period.since, period.until, *scope.params, limit),
    )
    return _distinct_notes(rows)


def cooccurring(conn: sqlite3.Connection, period: Period, scope: Scope, slug: str) -> dict:
    """Other top-level themes in the notes that carry `slug`: the context of a mention."""
    rows = _rows(
        conn,
        f"""SELECT {ROOT.format(col="o.theme")} AS root, count(DISTINCT o.note_id) AS notes
        FROM note_themes x JOIN note_themes o ON o.note_id = x.note_id
        JOIN notes n ON n.id = x.note_id
        WHERE x.theme = ? AND x.occurred_at >= ? AND x.occurred_at < ? AND {scope.where}
          AND {ROOT.format(col="o.theme")} != {ROOT.format(col="x.theme")}
        GROUP BY root""",
        (slug, period.since, period.until, *scope.params),
    )
    return {r["root"]: r["notes"] for r in rows}


def signal_candidates(
    conn: sqlite3.Connection, period: Period, scope: Scope, signal: str, limit: int = 200
) -> list[Candidate]:
    rows = _rows(
        conn,
        f"""SELECT {_CANDIDATE_COLUMNS}, n.sentiment
        FROM note_signals x JOIN notes n ON n.id = x.note_id
        WHERE x.signal = ? AND x.occurred_at >= ? AND x.occurred_at < ?
          AND n.quotable = 1 AND {scope.where}
        ORDER BY x.occurred_at DESC, x.note_id DESC LIMIT ?""",
        (signal, period.since, period.until, *scope.params, limit),
    )
    return _distinct_notes(rows)


def _distinct_notes(rows: list[sqlite3.Row]) -> list[Candidate]:
    """One candidate per note (a parent and its child may both point at one note)."""
    seen: dict[int, Candidate] = {}
    for r in rows:
        if r["note_id"] not in seen:
            seen[r["note_id"]] = Candidate(**dict(r))
    return list(seen.values())


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
    return row.fetchone() is not None


def term_counts(conn: sqlite3.Connection, period: Period, scope: Scope) -> dict[str, int]:
    """Notes per uncovered lemma n-gram (the tagger's note_terms), if it keeps them."""
    if not has_table(conn, "note_terms"):
        return {}
    if scope.filtered:
        sql = f"""SELECT x.term, count(*) FROM note_terms x JOIN notes n ON n.id = x.note_id
            WHERE x.occurred_at >= ? AND x.occurred_at < ? AND {scope.where} GROUP BY x.term"""
        params = (period.since, period.until, *scope.params)
    else:
        sql = """SELECT term, count(*) FROM note_terms
            WHERE occurred_at >= ? AND occurred_at < ? GROUP BY term"""
        params = (period.since, period.until)
    return {r[0]: r[1] for r in _rows(conn, sql, params)}


def term_reach(
    conn: sqlite3.Connection, period: Period, scope: Scope, terms: list[str]
) -> dict[str, int]:
    """Distinct customers per term, for the few terms that passed the volume rule."""
    if not terms:
        return {}
    marks = ", ".join("?" for _ in terms)
    rows = _rows(
        conn,
        f"""SELECT x.term, count(DISTINCT lower(coalesce(n.customer, n.id))) AS customers
        FROM note_terms x JOIN notes n ON n.id = x.note_id
        WHERE x.occurred_at >= ? AND x.occurred_at < ? AND x.term IN ({marks})
          AND {scope.where}
        GROUP BY x.term""",
        (period.since, period.until, *terms, *scope.params),
    )
    return {r[0]: r[1] for r in rows}


def term_candidates(
    conn: sqlite3.Connection, period: Period, scope: Scope, term: str, limit: int = 50
) -> list[Candidate]:
    """Notes that use a term: the quote is their sentence containing it."""
    rows = _rows(
        conn,
        f"""SELECT x.note_id, NULL AS sentence, x.term AS evidence, n.text,
            n.source, n.account, n.customer, n.occurred_at, n.sentiment
        FROM note_terms x JOIN notes n ON n.id = x.note_id
        WHERE x.occurred_at >= ? AND x.occurred_at < ? AND x.term = ?
          AND n.quotable = 1 AND {scope.where}
        ORDER BY x.occurred_at DESC, x.note_id DESC LIMIT ?""",
        (period.since, period.until, term, *scope.params, limit),
    )
    return _distinct_notes(rows)


def debrief_answers(conn: sqlite3.Connection, period: Period, scope: Scope) -> list[dict]:
    """Answers given in guided debriefs (`voc capture --guide`), in question order."""
    rows = _rows(
        conn,
        f"""SELECT n.id AS note_id, n.question_key, n.session_id, n.source, n.account,
            n.customer, n.occurred_at, n.quotable, n.text
        FROM notes n
        WHERE n.session_id IS NOT NULL AND n.question_key IS NOT NULL
          AND n.occurred_at >= ? AND n.occurred_at < ? AND {scope.where}
        ORDER BY n.source, n.question_key, n.occurred_at, n.id""",
        (period.since, period.until, *scope.params),
    )
    return [dict(r) for r in rows]
