"""What a digest counts of its period, as tallies that merge.

A tally is a key's notes, positive and negative sentences, and its distinct customers and
accounts. Reach cannot be summed, but sets can be merged: raw rows give sets of names,
cached days (voc.digest.daycache) give bitmaps over numbered names, and a period's
figures are its days' sums and unions. Both paths count through the code below, so a
digest reads the same whichever one served it.
"""

import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from voc.digest import data
from voc.digest.data import (
    ACCOUNT,
    CUSTOMER,
    LABEL,
    NOTE_ID,
    QUOTABLE,
    SOURCE,
    Facts,
    Scope,
    grouped,
    roots_of,
)
from voc.periods import Period

COMPETITORS = "competitor"  # the family whose mentions get their context counted
Key = tuple[str, str]  # (kind, name): ("theme", "billing"), ("source", "sales")...
ALL, UNQUOTABLE, UNCOVERED = ("all", ""), ("unquotable", ""), ("uncovered", "")
Names = set[str] | int  # distinct names, or a bitmap over their numbers
CHUNK_DAYS = 31  # a long period is read a month at a time: memory stays flat


@dataclass
class Tally:
    notes: int = 0
    positive: int = 0
    negative: int = 0
    customers: Names = field(default_factory=set)
    accounts: Names = field(default_factory=set)

    def add(self, other: "Tally") -> None:
        self.notes += other.notes
        self.positive += other.positive
        self.negative += other.negative
        self.customers = self.customers | other.customers  # type: ignore[operator]
        self.accounts = self.accounts | other.accounts  # type: ignore[operator]

    def counts(self) -> dict:
        return {
            "notes": self.notes,
            "customers": _size(self.customers),
            "accounts": _size(self.accounts),
            "positive": self.positive,
            "negative": self.negative,
        }


def _size(names: Names) -> int:
    return len(names) if isinstance(names, set) else names.bit_count()


def tally(ids: list[int], labels: list | None, notes: dict[int, Facts]) -> Tally:
    """The tally of the notes `ids`, given their sentiment labels."""
    facts = list(map(notes.__getitem__, ids))
    return Tally(
        notes=len(ids),
        positive=labels.count("positive") if labels else 0,
        negative=labels.count("negative") if labels else 0,
        customers=_named(map(CUSTOMER, facts)),
        accounts=_named(map(ACCOUNT, facts)),
    )


def _named(names) -> set[str]:
    found = set(names)
    found.discard(None)
    found.discard("")
    return found


def tallies(notes: dict[int, Facts], themes: list, signals: list) -> dict[Key, Tally]:
    """Every key's tally, from a period's notes, their (note, theme, sentence label) rows
    and their (note, signal) rows."""
    ids = list(notes)
    found = {
        ALL: tally(ids, None, notes),
        UNQUOTABLE: Tally(notes=list(map(QUOTABLE, notes.values())).count(0)),
        UNCOVERED: Tally(notes=len(notes.keys() - set(map(NOTE_ID, themes)))),
    }
    sources = list(map(SOURCE, notes.values()))
    for source in dict.fromkeys(sources):
        chosen = [i for i, s in zip(ids, sources, strict=True) if s == source]
        found[("source", source)] = tally(chosen, None, notes)
    found.update(_theme_tallies(grouped(themes), notes))
    for signal, group in grouped(signals).items():
        found[("signal", signal)] = tally(list(map(NOTE_ID, group)), None, notes)
    return found


def _theme_tallies(groups: dict[str, list], notes: dict[int, Facts]) -> dict[Key, Tally]:
    """Per slug (sentiment: the sentence's, else the note's); per family, each note once
    (the note's sentiment), its notes per source, and a competitor's co-occurring themes."""
    found: dict[Key, Tally] = {}
    families: dict[str, set[int]] = {}
    for slug, group in groups.items():
        ids, labels = list(map(NOTE_ID, group)), [r[2] for r in group]
        if None in labels:
            labels = [label or notes[i][4] for i, label in zip(ids, labels, strict=True)]
        found[("theme", slug)] = tally(ids, labels, notes)
        families.setdefault(slug.split("/")[0], set()).update(ids)
    for root, family in families.items():
        ids = sorted(family)
        found[("family", root)] = tally(ids, list(map(LABEL, map(notes.__getitem__, ids))), notes)
        for source, n in Counter(map(SOURCE, map(notes.__getitem__, ids))).items():
            found[("source_theme", f"{source}\t{root}")] = Tally(notes=n)
    found.update(_contexts(groups))
    return found


def _contexts(groups: dict[str, list]) -> dict[Key, Tally]:
    """For each competitor, the notes naming it per other top-level theme of theirs."""
    named = [slug for slug in groups if slug.startswith(COMPETITORS + "/")]
    if not named:
        return {}
    mentioned = set().union(*(map(NOTE_ID, groups[slug]) for slug in named))
    roots: dict[int, set[str]] = {}
    for slug, group in groups.items():
        for note_id in filter(mentioned.__contains__, map(NOTE_ID, group)):
            roots.setdefault(note_id, set()).add(slug.split("/")[0])
    found = {}
    for slug in named:
        context = Counter(r for i in set(map(NOTE_ID, groups[slug])) for r in roots[i])
        del context[COMPETITORS]
        for root, n in context.items():
            found[("context", f"{slug}\t{root}")] = Tally(notes=n)
    return found


def read_tallies(conn: sqlite3.Connection, period: Period, scope: Scope) -> dict[Key, Tally]:
    """Every key's tally over `period` for the notes in `scope`, from raw rows."""
    found: dict[Key, Tally] = {}
    start = period.start
    while start < period.end:
        end = min(start + timedelta(days=CHUNK_DAYS), period.end)
        part = Period(start, end, "days")
        notes = data.load_notes(conn, part, scope)
        themes = data.theme_rows(conn, part, notes)
        merge(found, tallies(notes, themes, data.signal_rows(conn, part, notes)))
        start = end
    return found


def merge(into: dict[Key, Tally], more: dict[Key, Tally]) -> None:
    for key, found in more.items():
        if key in into:
            into[key].add(found)
        else:
            into[key] = found


@dataclass
class Figures:
    """A period's counts, in the shapes the digest reads."""

    totals: dict
    themes: dict[str, dict]  # slug -> counts; a parent with children: its family's
    sources: dict[str, dict]
    source_themes: dict[str, dict[str, int]]  # source -> root -> notes
    signals: dict[str, dict]
    contexts: dict[str, dict[str, int]]  # competitor slug -> root -> notes

    @classmethod
    def of(cls, found: dict[Key, Tally]) -> "Figures":
        every = found.get(ALL, Tally()).counts()
        by_kind: dict[str, dict[str, Tally]] = {}
        for (kind, name), value in found.items():
            by_kind.setdefault(kind, {})[name] = value
        themes = {s: t.counts() for s, t in by_kind.get("theme", {}).items()}
        families = by_kind.get("family", {})
        themes.update({root: families[root].counts() for root in roots_of(themes)})
        return cls(
            totals={
                "notes": every["notes"],
                "customers": every["customers"],
                "accounts": every["accounts"],
                "not_quotable": found.get(UNQUOTABLE, Tally()).notes,
                "uncovered": found.get(UNCOVERED, Tally()).notes,
            },
            themes=themes,
            sources={s: t.counts() for s, t in by_kind.get("source", {}).items()},
            source_themes=_pairs(by_kind.get("source_theme", {})),
            signals={s: t.counts() for s, t in by_kind.get("signal", {}).items()},
            contexts=_pairs(by_kind.get("context", {})),
        )


def _pairs(found: dict[str, Tally]) -> dict[str, dict[str, int]]:
    pairs: dict[str, dict[str, int]] = {}
    for name, value in found.items():
        outer, inner = name.split("\t")
        pairs.setdefault(outer, {})[inner] = value.notes
    return pairs
