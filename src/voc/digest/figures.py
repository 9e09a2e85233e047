"""What a digest counts of its period, as tallies that merge.

A tally is a key's notes, positive and negative sentences, and its distinct customers and
accounts. Reach cannot be summed, but sets can be merged: raw rows give sets of names,
cached days (voc.digest.daycache) give bitmaps over numbered names, and a period's
figures are its days' sums and unions. Both paths count through the code below, so a
digest reads the same whichever one served it.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from operator import itemgetter

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
from voc.notes.engine import sqlite3
from voc.periods import Period

COMPETITORS = "competitor"  # the family whose mentions get their context counted
# What a note says of a theme (voc.themes.taxonomy.STANCES, strongest first; kept here
# so the digest never imports the taxonomy's TOML reader). A family's note counts once,
# with its strongest stance among the family's themes.
STANCES = ("issue", "request", "praise", "mention")
_STRENGTH = {stance: rank for rank, stance in enumerate(STANCES)}
_WEAKEST = len(STANCES) - 1
ROW_STANCE = itemgetter(3)
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
    found.update(stance_tallies(groups))
    return found


def stance_tallies(groups: dict[str, list]) -> dict[Key, Tally]:
    """Notes per (theme, stance), from a period's theme rows grouped by slug, each
    (note_id, theme, label, stance); notes only: a stance splits a theme's count, its
    reach and sentiment stay the theme's. A parent with children counts its family's notes,
    each once with its strongest stance there: kept as what that adds to the parent's own
    rows (`stance_extra`, which can be negative), so a day without children keeps nothing
    more and the days still sum."""
    found: dict[Key, Tally] = {}
    families: dict[str, dict[int, int]] = {}
    for slug, group in groups.items():
        for stance, n in Counter(map(ROW_STANCE, group)).items():
            found[("stance", f"{slug}\t{stance}")] = Tally(notes=n)
        if "/" in slug:
            families.setdefault(slug.split("/")[0], {})
    for root, strongest in families.items():
        for slug in (s for s in groups if s == root or s.startswith(root + "/")):
            group = groups[slug]
            for note_id, stance in zip(map(NOTE_ID, group), map(ROW_STANCE, group), strict=True):
                rank = _STRENGTH.get(stance, _WEAKEST)
                if rank < strongest.get(note_id, len(STANCES)):
                    strongest[note_id] = rank
        extra = Counter(STANCES[rank] for rank in strongest.values())
        extra.subtract(Counter(map(ROW_STANCE, groups.get(root, []))))
        for stance, n in extra.items():
            if n:
                found[("stance_extra", f"{root}\t{stance}")] = Tally(notes=n)
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


def read_stances(conn: sqlite3.Connection, period: Period, scope: Scope) -> dict[Key, Tally]:
    """The stance tallies alone over `period` for the notes in `scope`, from raw rows."""
    return stance_tallies(grouped(data.stance_rows(conn, period, scope)))


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
    stances: dict[str, dict[str, int]] = field(default_factory=dict)  # slug -> stance -> notes

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
            stances=stance_counts(by_kind),
        )


def stances_of(found: dict[Key, Tally]) -> dict[str, dict[str, int]]:
    """slug -> {stance: notes} from tallies (the stance kinds are all it reads)."""
    by_kind: dict[str, dict[str, Tally]] = {}
    for (kind, name), value in found.items():
        by_kind.setdefault(kind, {})[name] = value
    return stance_counts(by_kind)


def stance_counts(by_kind: dict[str, dict[str, Tally]]) -> dict[str, dict[str, int]]:
    """slug -> {stance: notes}, every stance named; a parent with children: its family's."""
    stances = _pairs(by_kind.get("stance", {}))
    for root, extra in _pairs(by_kind.get("stance_extra", {})).items():
        own = stances.setdefault(root, {})
        for stance, n in extra.items():
            own[stance] = own.get(stance, 0) + n
    return {slug: {s: found.get(s, 0) for s in STANCES} for slug, found in stances.items()}


def _pairs(found: dict[str, Tally]) -> dict[str, dict[str, int]]:
    pairs: dict[str, dict[str, int]] = {}
    for name, value in found.items():
        outer, inner = name.split("\t")
        pairs.setdefault(outer, {})[inner] = value.notes
    return pairs
