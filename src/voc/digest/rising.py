"""Rising and new themes and terms, and why they moved: the part of a digest that says
what changed. Mixed into the digest being built (voc.digest.build), whose connection,
options, periods and quotes it uses.

A baseline is the periods before this one that start on or after the first note in scope
(voc.digest.trends states the rule); items are ordered by notes above their usual level.
"""

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING

from voc.digest import candidates, data, why
from voc.digest.data import Scope
from voc.digest.quotes import term_pattern
from voc.digest.trends import classify, zscore
from voc.notes.engine import sqlite3
from voc.periods import Period

if TYPE_CHECKING:
    from voc.digest.build import DigestOptions

SUMMARY_ITEMS = 3


class Rising:
    """What a digest needs to find and explain what rose (set by voc.digest.build)."""

    conn: sqlite3.Connection
    periods: list[Period]
    previous: Period
    families: set[str]
    first_day: date | None
    base_index: list[int]
    _item_notes: dict[tuple, list[tuple]]
    _candidates: dict[tuple, list]
    o: "DigestOptions"
    scope: Scope

    def label(self, slug: str) -> str:
        raise NotImplementedError

    def quotes(self, candidates, tone: int = 0, count: int | None = None) -> list[dict]:
        raise NotImplementedError

    def baseline(self, trend: list[int]) -> list[int]:
        return [trend[i] for i in self.base_index]

    def history(self) -> dict:
        """Which periods are a baseline: none before the first note; a period the first
        note falls inside is partial, and no baseline either."""
        first = self.first_day
        partial = [p.label for p in self.periods if first and p.start < first < p.end]
        return {
            "first_note": first.isoformat() if first else None,
            "baseline_periods": [self.periods[i].label for i in self.base_index],
            "partial_period": partial[0] if partial else None,
            "too_short": len(self.base_index) < self.o.rule.min_history,
        }

    def highest_in(self, trend: list[int]) -> int:
        """How many periods of history (from the first note) the latest count tops, when
        it tops them all; else 0."""
        first = self.first_day
        history = [
            v for p, v in zip(self.periods, trend, strict=True) if first and p.start >= first
        ]
        if len(history) < 2 or trend[-1] <= max(history[:-1]):
            return 0
        return len(history)

    def rising_themes(self, stats: dict, trends: dict) -> list[dict]:
        found = []
        for slug in sorted(stats):
            trend = trends.get(slug, [0] * len(self.periods))
            baseline = self.baseline(trend)
            status = classify(stats[slug]["notes"], stats[slug]["customers"], baseline, self.o.rule)
            if status:
                entry = self.rising_entry("theme", slug, self.label(slug), trend[-1], baseline)
                entry |= {"customers": stats[slug]["customers"], "status": status}
                found.append(entry | {"highest_in": self.highest_in(trend)})
        return found

    def rising_entry(self, kind: str, key: str, label: str, notes: int, baseline) -> dict:
        return {
            "kind": kind,
            "key": key,
            "label": label,
            "notes": notes,
            "baseline": baseline,
            "z": zscore(notes, baseline),
        }

    def rising_terms(self) -> list[dict]:
        """Words no theme covers that grew: a problem nobody has named yet."""
        rule, period = self.o.rule, self.o.period
        if len(self.base_index) < rule.min_history:
            return []
        # Phrases only: single words that grow are mostly everyday words ("week").
        now = data.loud_terms(self.conn, period, self.scope, rule.min_notes, rule.max_terms)
        loud = sorted(now)
        if not loud:
            return []
        before = [self.periods[i] for i in self.base_index]
        counts = [data.term_counts(self.conn, p, self.scope, loud) for p in before]
        found = []
        for term in loud:
            baseline = [c.get(term, 0) for c in counts]
            # Reach is read only for what the counts let qualify, and only up to the rule.
            if not classify(now[term], rule.min_reach, baseline, rule):
                continue
            reach = data.term_reach(self.conn, period, self.scope, term, rule.min_reach)
            status = classify(now[term], reach, baseline, rule)
            if status:
                entry = self.rising_entry("term", term, term, now[term], baseline)
                found.append(entry | {"customers": reach, "status": status, "highest_in": 0})
        kept = []
        for entry in by_strength(_outermost(found))[: 3 * rule.max_rising]:
            if self.spread(entry):
                kept.append(entry)
        for entry in kept:
            term = entry["key"]
            entry["customers"] = data.term_reach(self.conn, period, self.scope, term)
            texts = [c.sentence or c.text or "" for c in self.item_candidates(entry)]
            entry["label"] = surface_form(term, texts)
        return kept

    def spread(self, entry: dict) -> bool:
        """A term needs notes from more than one account or source, unless the digest is
        narrowed to one: one customer's pet phrase is not a trend."""
        f = self.o.note_filter
        if f.account or f.customer or len(f.sources) == 1:
            return True
        now = self.item_notes(entry, self.o.period)
        accounts = {r[1].strip().lower() for r in now if r[1]}
        sources = {r[2] for r in now}
        return len(accounts) > 1 or len(sources) > 1

    def item_notes(self, entry: dict, period: Period) -> list[tuple]:
        key = (entry["kind"], entry["key"], period.label)
        if key not in self._item_notes:
            family = entry["kind"] == "theme" and entry["key"] in self.families
            self._item_notes[key] = data.item_notes(
                self.conn, period, self.scope, entry["kind"], entry["key"], family
            )
        return self._item_notes[key]

    def item_candidates(self, entry: dict) -> list:
        key = (entry["kind"], entry["key"])
        if key not in self._candidates:
            if entry["kind"] == "term":
                ids = data.term_note_ids(self.conn, self.o.period, self.scope, entry["key"])
                found = candidates.term_candidates(self.conn, entry["key"], ids)
            else:
                family = entry["key"] in self.families
                found = candidates.theme_candidates(
                    self.conn, self.o.period, self.scope, entry["key"], family
                )
            self._candidates[key] = found
        return self._candidates[key]

    def explain(self, rising: list[dict]) -> None:
        """Each rising item's drivers, its notes the period before, its overlap with the
        others, and all of that in words."""
        last = why.last_words(self.o.period.kind, self.o.period.days)
        unit = self.o.period.kind if self.o.period.kind in ("week", "month") else "period"
        now, before = {}, {}
        for entry in rising:
            rows_now = self.item_notes(entry, self.o.period)
            rows_before = self.item_notes(entry, self.previous)
            ident = f"{entry['kind']}:{entry['key']}"
            now[ident], before[ident] = {r[0] for r in rows_now}, {r[0] for r in rows_before}
            entry["previous"] = len(rows_before)
            entry["drivers"] = why.drivers(rows_now, rows_before)
            entry["said"] = why.baseline_words(entry, unit)
            entry["why"] = why.driver_words(entry["drivers"], last)
        why.overlaps(rising, now, before)
        for entry in rising:
            entry["overlap"] = why.overlap_words(entry)

    def summary(self, rising: list[dict]) -> list[dict]:
        """The changes that matter most: rising items that are a cause of their own, the
        most notes above their usual first, each with one quote."""
        found = []
        for e in [e for e in rising if not e["within"]][:SUMMARY_ITEMS]:
            item = {k: e[k] for k in ("kind", "key", "label", "status", "notes", "customers")}
            item |= {k: e[k] for k in ("previous", "said", "why", "overlap")}
            item["quotes"] = self.quotes(self.item_candidates(e), count=1)
            found.append(item)
        return found


def _outermost(found: list[dict]) -> list[dict]:
    """Drop a term inside a longer one that rose too ("bank" beside "bank feed")."""
    keys = [f" {e['key']} " for e in found]
    return [e for e, k in zip(found, keys, strict=True) if not any(k in o and k != o for o in keys)]


def surface_form(term: str, texts: list[str]) -> str:
    """The words as customers wrote them most often, in their case: terms are stored as
    lemmas, which read oddly ("window medium" for "Windows Media"); else the term."""
    pattern = term_pattern(term)
    forms = Counter(m.group(0) for text in texts for m in pattern.finditer(text))
    if not forms:
        return term
    return min(forms.items(), key=lambda kv: (-kv[1], kv[0].lower(), kv[0]))[0]


def by_strength(found: list[dict]) -> list[dict]:
    """The most notes above the usual (the baseline's mean) first, then the largest z,
    then by name: a theme up by a hundred matters more than a new phrase of three."""
    return sorted(
        found, key=lambda e: (-(e["notes"] - _mean(e["baseline"])), -e["z"], e["kind"], e["key"])
    )


def _mean(values: list[int]) -> float:
    return sum(values) / len(values) if values else 0.0
