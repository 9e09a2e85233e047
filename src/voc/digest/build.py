"""Assemble the digest's data: one plain, JSON-ready dict that templates and scripts read.

The shape is documented in docs/digest-json.md; it only grows. Numbers are counts of
notes, reach counts distinct customers and accounts, shares and changes are whole
percentages, and every list has a stated order, so the same database gives the same
bytes.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from voc import __version__
from voc.digest import candidates, data, daycache, why
from voc.digest import quotes as quoting
from voc.digest.data import Scope
from voc.digest.figures import COMPETITORS, STANCES, Figures, read_tallies
from voc.digest.quotes import Quoted
from voc.digest.rising import SUMMARY_ITEMS, Rising, by_strength
from voc.digest.trends import Thresholds, change, classify, net_sentiment, sparkline, zscore
from voc.errors import VocError
from voc.notes.engine import sqlite3
from voc.notes.queries import NoteFilter
from voc.notes.store import Store
from voc.periods import Period, history
from voc.tagging.pending import stale_ids

SCHEMA = 1
TREND_PERIODS = 8
SIGNALS = ("praise", "pain", "feature_request", "churn_risk", "competitor")
SIGNAL_TONE = {"praise": 1, "pain": -1, "feature_request": 0, "churn_risk": -1, "competitor": 0}
CORE_SOURCES = ("support", "sales", "interview")  # always listed, so a silent one shows
# The theme about the same subject as a signal: the two count different things.
SIGNAL_THEMES = {
    "praise": "praise",
    "feature_request": "feature_requests",
    "churn_risk": "churn_risk",
}


@dataclass
class DigestOptions:
    period: Period
    note_filter: NoteFilter = field(default_factory=NoteFilter)
    top: int = 8
    quotes: int = 3
    rule: Thresholds = field(default_factory=Thresholds)
    labels: dict[str, str] = field(default_factory=dict)  # theme slug -> label
    taxonomy_version: str | None = None
    # debrief question -> prompt, keyed "source:key" (the guide's source) and plain "key"
    questions: dict[str, str] = field(default_factory=dict)
    filters: dict[str, object] = field(default_factory=dict)  # as the user gave them


class _Digest(Rising):
    """One digest being built: the connection, the options and what was counted."""

    def __init__(self, conn: sqlite3.Connection, options: DigestOptions):
        self.conn = conn
        self.o = options
        self.scope = Scope.of(options.note_filter)
        self.periods = history(options.period, TREND_PERIODS)
        self.previous = self.periods[-2]
        self.families: set[str] = set()
        self.quoted = Quoted()
        self.figures = Figures.of({})  # counted by build()
        self.first_day: date | None = None  # of the first note in scope
        self.base_index: list[int] = []  # the periods that are a baseline
        self._item_notes: dict[tuple, list[tuple]] = {}
        self._candidates: dict[tuple, list] = {}
        self.stance_trend: list[dict[str, dict[str, int]]] = []  # per trend period

    def label(self, slug: str) -> str:
        if slug in self.o.labels:
            return self.o.labels[slug]
        return slug.rsplit("/", 1)[-1].replace("_", " ").replace("-", " ").capitalize()

    def quotes(self, candidates, tone: int = 0, count: int | None = None) -> list[dict]:
        """Quotes for one section, from notes no earlier section quoted."""
        return self.quoted.pick(candidates, self.o.quotes if count is None else count, tone)

    def build(self) -> dict:
        period = self.o.period
        self.figures = self.count(period)
        totals = self.figures.totals
        before = sum(data.notes_by_source(self.conn, self.previous, self.scope).values())
        first = data.first_note(self.conn, self.scope)
        self.first_day = date.fromisoformat(first[:10]) if first else None
        self.base_index = [
            i
            for i in range(len(self.periods) - 1 - self.o.rule.baseline, len(self.periods) - 1)
            if self.first_day and self.periods[i].start >= self.first_day
        ]
        result = {
            "schema": SCHEMA,
            "period": period_dict(period),
            "previous": period_dict(self.previous),
            "trend_periods": [p.label for p in self.periods],
            "empty": totals["notes"] == 0,
            "totals": self.totals(totals, before),
            "history": self.history(),
        }
        if result["empty"]:
            result.update(summary=[], themes=[], rising=[], also_rising=[], signals={})
            result.update(competitors=[], sources=[], debriefs=[])
        else:
            result.update(self.sections(totals["notes"]))
        result["method"] = self.method(totals)
        return result

    def count(self, period: Period) -> Figures:
        """The period's figures: unfiltered, merged from per-day tallies (a year is 365
        of them); filtered, tallied from the notes in scope."""
        if not self.scope.filtered:
            return Figures.of(daycache.period_tallies(self.conn, period))
        return Figures.of(read_tallies(self.conn, period, self.scope))

    def sections(self, total: int) -> dict:
        trends = data.theme_trends(self.conn, self.periods, self.scope)
        self.stance_trend = [
            *(daycache.period_stances(self.conn, p, self.scope) for p in self.periods[:-1]),
            self.figures.stances,
        ]
        stats = self.figures.themes
        self.families = {s.split("/")[0] for s in stats if "/" in s}
        found = by_strength(self.rising_themes(stats, trends) + self.rising_terms())
        rising = found[: self.o.rule.max_rising]
        self.explain(rising)
        summary = self.summary(rising)
        for entry in rising:
            entry["quotes"] = self.quotes(self.item_candidates(entry), count=1)
        signals = self.signals()  # before the themes: the brief quotes signals
        return {
            "summary": summary,
            "themes": self.themes(stats, trends, total),
            "rising": rising,
            "also_rising": [
                {k: e[k] for k in ("kind", "key", "label", "notes", "status")}
                for e in found[self.o.rule.max_rising :]
            ],
            "signals": signals,
            "competitors": self.competitors(stats),
            "sources": self.sources(total),
            "debriefs": self.debriefs(),
        }

    def totals(self, now: dict, before: int) -> dict:
        notes = now["notes"]
        return {
            "notes": notes,
            "customers": now["customers"],
            "accounts": now["accounts"],
            "not_quotable": now["not_quotable"],
            "uncovered": now["uncovered"],
            "uncovered_share": percent(now["uncovered"], notes),
            "change": change(notes, before),
        }

    def theme_entry(self, slug: str, stat: dict, trends: dict, total: int) -> dict:
        trend = trends.get(slug, [0] * len(self.periods))
        baseline = self.baseline(trend)
        return {
            "slug": slug,
            "label": self.label(slug),
            "notes": stat["notes"],
            "customers": stat["customers"],
            "accounts": stat["accounts"],
            "share": percent(stat["notes"], total),
            "change": change(stat["notes"], trend[-2]),
            "net_sentiment": net_sentiment(stat["positive"], stat["negative"], stat["notes"]),
            "positive": stat["positive"],
            "negative": stat["negative"],
            "trend": trend,
            "sparkline": sparkline(trend),
            "highest_in": self.highest_in(trend),
            "z": zscore(stat["notes"], baseline),
            "status": classify(stat["notes"], stat["customers"], baseline, self.o.rule),
            "stances": self.figures.stances.get(slug, dict.fromkeys(STANCES, 0)),
            "trend_by_stance": {
                stance: [found.get(slug, {}).get(stance, 0) for found in self.stance_trend]
                for stance in STANCES
            },
        }

    def themes(self, stats: dict, trends: dict, total: int) -> list[dict]:
        """The top-level themes by notes (then reach, then slug), children nested."""
        roots = sorted(
            (s for s in stats if "/" not in s),
            key=lambda s: (-stats[s]["notes"], -stats[s]["customers"], s),
        )[: self.o.top]
        entries = []
        for slug in roots:
            entry = self.theme_entry(slug, stats[slug], trends, total)
            kids = sorted(
                (s for s in stats if s.startswith(slug + "/")),
                key=lambda s: (-stats[s]["notes"], s),
            )
            entry["children"] = [self.theme_entry(k, stats[k], trends, total) for k in kids]
            tone = _tone(entry["net_sentiment"])
            found = candidates.theme_candidates(
                self.conn, self.o.period, self.scope, slug, bool(kids)
            )
            entry["quotes"] = self.quotes(found, tone)
            entries.append(entry)
        return entries

    def signals(self) -> dict:
        stats = self.figures.signals
        before = data.signal_counts(self.conn, self.previous, self.scope)
        result = {}
        for signal in SIGNALS:
            stat = stats.get(signal, {"notes": 0, "customers": 0, "accounts": 0})
            found = candidates.signal_candidates(self.conn, self.o.period, self.scope, signal)
            result[signal] = {
                "notes": stat["notes"],
                "customers": stat["customers"],
                "accounts": stat["accounts"],
                "change": change(stat["notes"], before.get(signal, 0)),
                "quotes": self.quotes(found, SIGNAL_TONE[signal]) if stat["notes"] else [],
                "theme": self.same_subject(signal),
            }
        return result

    def same_subject(self, signal: str) -> dict | None:
        """The theme about the signal's subject, whose count differs: the theme counts
        notes using its words, the signal notes read that way from wording and tone."""
        slug = SIGNAL_THEMES.get(signal)
        if slug is None or (slug not in self.o.labels and slug not in self.figures.themes):
            return None
        notes = self.figures.themes.get(slug, {}).get("notes", 0)
        return {"slug": slug, "label": self.label(slug), "notes": notes}

    def competitors(self, stats: dict) -> list[dict]:
        """Each named competitor: how often, beside which themes, in customers' words."""
        named = sorted(
            (s for s in stats if s.startswith(COMPETITORS + "/")),
            key=lambda s: (-stats[s]["notes"], s),
        )
        result = []
        for slug in named:
            context = self.figures.contexts.get(slug, {})
            top = sorted(context.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
            found = candidates.theme_candidates(self.conn, self.o.period, self.scope, slug)
            result.append(
                {
                    "slug": slug,
                    "label": self.label(slug),
                    "notes": stats[slug]["notes"],
                    "customers": stats[slug]["customers"],
                    "accounts": stats[slug]["accounts"],
                    "context": [{"slug": s, "label": self.label(s), "notes": n} for s, n in top],
                    "quotes": self.quotes(found, count=2),
                }
            )
        return result

    def sources(self, total: int) -> list[dict]:
        now = self.figures.sources
        before = data.notes_by_source(self.conn, self.previous, self.scope)
        themes = self.figures.source_themes
        names = sorted(set(now) | set(before) | set(CORE_SOURCES) - self._excluded_sources())
        result = []
        for name in sorted(names, key=lambda s: (-now.get(s, {}).get("notes", 0), s)):
            stat = now.get(name, {"notes": 0, "customers": 0, "accounts": 0})
            top = sorted(themes.get(name, {}).items(), key=lambda kv: (-kv[1], kv[0]))[:3]
            result.append(
                {
                    "source": name,
                    "notes": stat["notes"],
                    "customers": stat["customers"],
                    "accounts": stat["accounts"],
                    "share": percent(stat["notes"], total),
                    "change": change(stat["notes"], before.get(name, 0)),
                    "top_themes": [{"slug": s, "label": self.label(s), "notes": n} for s, n in top],
                    "quotes": self.source_quotes(name, top[0][0]) if top else [],
                }
            )
        return result

    def _excluded_sources(self) -> set[str]:
        """With --source given, the other core sources are not "missing": left out."""
        chosen = self.o.note_filter.sources
        return set(CORE_SOURCES) - set(chosen) if chosen else set()

    def source_quotes(self, source: str, slug: str) -> list[dict]:
        scope = self.scope.narrowed("n.source = ?", source)
        found = candidates.theme_candidates(
            self.conn, self.o.period, scope, slug, slug in self.families, limit=40
        )
        return self.quotes(found, count=1)

    def debriefs(self) -> list[dict]:
        """Guided debrief answers grouped by source and question, in asking order."""
        groups: dict[tuple[str, str], list[dict]] = {}
        for row in candidates.debrief_answers(self.conn, self.o.period, self.scope):
            groups.setdefault((row["source"], row["question_key"]), []).append(row)
        result = []
        for (source, key), rows in groups.items():
            quotable = [_answer_candidate(r) for r in rows if r["quotable"]]
            result.append(
                {
                    "source": source,
                    "question": key,
                    "prompt": self.o.questions.get(
                        f"{source}:{key}",
                        self.o.questions.get(key, key.replace("_", " ").capitalize()),
                    ),
                    "answers": len(rows),
                    "quotes": self.quotes(quotable, count=self.o.quotes),
                }
            )
        return result

    def method(self, totals: dict) -> dict:
        found = {
            "voc_version": __version__,
            "taxonomy_version": self.o.taxonomy_version,
            "filters": self.o.filters,
            "thresholds": self.o.rule.to_dict(),
            "top": self.o.top,
            "quotes_per_theme": self.o.quotes,
            "not_quotable": totals["not_quotable"],
            "drivers_share": round(100 * why.DRIVER_SHARE),
            "summary_items": SUMMARY_ITEMS,
            "quote_rules": {
                "min_chars": quoting.MIN_CHARS,
                "min_words": quoting.MIN_WORDS,
                "near_duplicate": quoting.NEAR_DUPLICATE,
            },
        }
        if len(data.sample_days(self.o.period)) > 1:  # only then: old digests keep their bytes
            found["term_sample_days"] = data.SAMPLE_DAYS
        return found


def _answer_candidate(row: dict):
    from voc.digest.quotes import Candidate

    return Candidate(
        note_id=row["note_id"],
        sentence=row["text"],  # the whole answer, trimmed: it answers one question
        evidence=None,
        text=None,
        source=row["source"],
        account=row["account"],
        customer=row["customer"],
        occurred_at=row["occurred_at"],
    )


def _tone(net: int | None) -> int:
    if net is None or abs(net) < 20:
        return 0
    return 1 if net > 0 else -1


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def period_dict(period: Period) -> dict:
    return {
        "label": period.label,
        "kind": period.kind,
        "start": period.start.isoformat(),
        "end": period.last_day.isoformat(),
        "days": period.days,
    }


def build_digest(conn: sqlite3.Connection, options: DigestOptions) -> dict:
    """Everything a digest shows, for `options.period`, as plain JSON-ready data."""
    return _Digest(conn, options).build()


SNAPSHOT_ROUNDS = 5  # tag-then-read attempts while notes keep arriving


def tagged_digest(store: Store, options: DigestOptions, tag: Callable[[Store], str]) -> dict:
    """`build_digest` read in one snapshot in which every note is tagged. `tag` tags the
    stale notes and returns the version it tagged with. An import running meanwhile
    commits notes after tagging started: read in a snapshot of their own they would count
    as matching no theme. So the digest is read in one read transaction that first checks
    nothing is stale; if notes arrived, they are tagged and the read starts again."""
    stale = 0
    for _ in range(SNAPSHOT_ROUNDS):
        version = tag(store)
        _keep_tallies(store.conn, options)
        store.conn.execute("BEGIN")  # the snapshot starts at the first read, just below
        try:
            stale = len(stale_ids(store, version))
            if not stale:
                return build_digest(store.conn, options)
        finally:
            if store.conn.in_transaction:  # read only: nothing to keep
                store.conn.execute("ROLLBACK")
    raise VocError(
        f"notes keep arriving ({stale:,} not tagged yet after {SNAPSHOT_ROUNDS} tries: "
        "an import is running?): run voc digest again when it is done"
    )


def _keep_tallies(conn: sqlite3.Connection, options: DigestOptions) -> None:
    """Tally and keep the period's days that no kept tallies cover, in a write of its own
    (that never waits): inside the read snapshot they could be tallied but not kept."""
    if not Scope.of(options.note_filter).filtered:
        daycache.period_tallies(conn, options.period)
