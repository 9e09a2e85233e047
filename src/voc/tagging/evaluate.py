"""`voc themes eval`: how well a taxonomy's automatic themes agree with the themes a team
gave its notes by hand, so a pattern edit can be measured on the team's own notes before
it is kept.

The rules, for a taxonomy:

- Judged notes are those with at least one hand tag (`voc tag --add`, `voc capture -t`)
  that is a theme of the taxonomy. A note with no hand tag is not judged: nobody said
  what it is about. A retained note (`voc retain`) is not judged either: its text is no
  longer the text that was tagged.
- On a judged note, its hand tags are the truth: a theme found and tagged by hand is a
  true positive, found and not tagged a false positive (an over-tag), tagged and not
  found a false negative (a miss). A hand tag that is no theme of the taxonomy (a
  `--new` tag) is left out of the scores and named in `not_scored`.
- A parent matches its children, as in `voc list --theme`: a note tagged (or found) with
  `billing/refunds` counts as tagged (or found) with `billing` too, so a hand tag
  `billing` is met by an automatic `billing/refunds`. On a note tagged `billing` and no
  child of it, an automatic `billing/refunds` is not judged (the hand did not say which
  kind of billing); on one tagged `billing/invoices` it is an over-tag.
- "Found" is what the pipeline finds in the note's text now, tagged in memory: themes
  untagged by hand (`voc tag --remove`) count as found, since the hand says they are
  wrong. The current taxonomy and a candidate are scored the same way, and nothing is
  written to the database.
"""

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from voc.nlp.version import MAX_CHARS
from voc.notes.store import Store
from voc.redact import redact
from voc.tagging.pending import text_to_tag
from voc.themes.taxonomy import Taxonomy, load_taxonomy

JUDGED_RULE = (
    "judged: notes with a hand tag that is a theme of the taxonomy "
    "(a note with no hand tag is not judged); a parent matches its children"
)
LINE_CHARS = 80  # of a note's first line in the missed and over-tagged lists
CHUNK = 256  # notes per nlp.pipe call
PIPE_BATCH = 64


@dataclass
class Score:
    theme: str
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float | None:
        """None when the pipeline found the theme on no judged note."""
        return _ratio(self.true_positives, self.true_positives + self.false_positives)

    @property
    def recall(self) -> float | None:
        """None when no judged note has the theme by hand."""
        return _ratio(self.true_positives, self.true_positives + self.false_negatives)

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def to_dict(self) -> dict:
        return {
            "theme": self.theme,
            "precision": _rounded(self.precision),
            "recall": _rounded(self.recall),
            "f1": _rounded(self.f1),
            "true_positives": self.true_positives,
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
        }


@dataclass
class JudgedNote:
    """A note the taxonomy got wrong: the themes it missed (or over-tagged) on it."""

    id: int
    line: str  # the first non-blank line, redacted, at most LINE_CHARS
    themes: list[str]


@dataclass
class NoteList:
    total: int  # every such note; `notes` holds the first `limit`, by id
    notes: list[JudgedNote]

    def to_dict(self) -> dict:
        return {"total": self.total, "notes": [n.__dict__ for n in self.notes]}


@dataclass
class Evaluation:
    taxonomy: str  # the taxonomy's file, or "built-in"
    judged: int
    themes: list[Score]  # the taxonomy's themes met on a judged note, in its order
    micro: Score  # every theme's counts summed
    missed: NoteList
    over_tagged: NoteList
    not_scored: list[str] = field(default_factory=list)  # hand tags that are no theme

    def to_dict(self) -> dict:
        return {
            "taxonomy": self.taxonomy,
            "judged": self.judged,
            "themes": [s.to_dict() for s in self.themes],
            "micro": self.micro.to_dict(),
            "missed": self.missed.to_dict(),
            "over_tagged": self.over_tagged.to_dict(),
            "not_scored": self.not_scored,
        }


@dataclass
class Comparison:
    current: Evaluation
    candidate: Evaluation | None = None

    @property
    def judged(self) -> int:
        return max(self.current.judged, self.candidate.judged if self.candidate else 0)

    def to_dict(self) -> dict:
        return {
            "rule": JUDGED_RULE,
            "current": self.current.to_dict(),
            "candidate": self.candidate.to_dict() if self.candidate else None,
        }


@dataclass
class HandTagged:
    id: int
    text: str
    tags: list[str]


def evaluate_taxonomies(
    store: Store,
    themes_path: str | Path | None = None,
    *,
    candidate_path: str | Path | None = None,
    model: str | None = None,
    limit: int = 10,
) -> Comparison:
    """Score the taxonomy in force (and a candidate file, if given) against the hand tags.
    Both are loaded first, so a bad candidate file fails before any tagging."""
    current = load_taxonomy(themes_path)
    candidate = load_taxonomy(candidate_path) if candidate_path else None
    notes = hand_tagged_notes(store)
    if not notes:
        return Comparison(_score(current, [], {}, limit), None)
    return Comparison(
        _evaluate(current, notes, model, limit),
        _evaluate(candidate, notes, model, limit) if candidate else None,
    )


def hand_tagged_notes(store: Store) -> list[HandTagged]:
    import json

    rows = store.conn.execute(
        "SELECT id, text, tags FROM notes WHERE tags != '[]' AND retained_at IS NULL ORDER BY id"
    )
    return [HandTagged(note_id, text, json.loads(tags)) for note_id, text, tags in rows]


def _evaluate(taxonomy: Taxonomy, notes: list[HandTagged], model: str | None, limit: int):
    return _score(taxonomy, notes, found_themes(taxonomy, notes, model), limit)


def found_themes(
    taxonomy: Taxonomy, notes: list[HandTagged], model: str | None
) -> dict[int, set[str]]:
    """The themes the taxonomy's pipeline finds in each note, tagged in memory from the
    text tagging reads (voc.tagging.pending.text_to_tag)."""
    from voc.nlp.pipeline import build_pipeline
    from voc.nlp.themes import theme_mentions

    nlp = build_pipeline(taxonomy.path, model, lean=True)
    found: dict[int, set[str]] = {}
    for chunk in _chunks(notes, CHUNK):
        texts = (text_to_tag(note.text, MAX_CHARS) for note in chunk)
        for note, doc in zip(chunk, nlp.pipe(texts, batch_size=PIPE_BATCH), strict=True):
            found[note.id] = {mention.theme for mention in theme_mentions(doc)}
    return found


def _score(
    taxonomy: Taxonomy, notes: list[HandTagged], found: dict[int, set[str]], limit: int
) -> Evaluation:
    slugs = set(taxonomy.themes)
    scores = {slug: Score(slug) for slug in taxonomy.themes}
    missed, over = [], []
    not_scored: Counter[str] = Counter()
    judged = 0
    for note in notes:
        not_scored.update(tag for tag in note.tags if tag not in slugs)
        truth = _with_parents(note.tags) & slugs
        if not truth:
            continue
        judged += 1
        guess = {g for g in _with_parents(found[note.id]) & slugs if not _unsaid(g, truth)}
        for slug in truth & guess:
            scores[slug].true_positives += 1
        for slug in guess - truth:
            scores[slug].false_positives += 1
        for slug in truth - guess:
            scores[slug].false_negatives += 1
        if truth - guess:
            missed.append((note, truth - guess))
        if guess - truth:
            over.append((note, guess - truth))
    met = [s for s in scores.values() if s.true_positives + s.false_positives + s.false_negatives]
    return Evaluation(
        taxonomy=taxonomy.source_name,
        judged=judged,
        themes=met,
        micro=_summed(met),
        missed=_note_list(missed, limit),
        over_tagged=_note_list(over, limit),
        not_scored=sorted(not_scored),
    )


def _with_parents(slugs: Iterable[str]) -> set[str]:
    """The slugs and every parent of each: `a/b/c` gives `a/b/c`, `a/b` and `a`."""
    out = set()
    for slug in slugs:
        parts = slug.split("/")
        out.update("/".join(parts[:depth]) for depth in range(1, len(parts) + 1))
    return out


def _unsaid(slug: str, truth: set[str]) -> bool:
    """Whether the hand stopped above `slug`: it gave a parent of `slug` and no child of
    that parent, so it said nothing either way about `slug`."""
    if slug in truth:
        return False
    parts = slug.split("/")
    for depth in range(1, len(parts)):
        parent = "/".join(parts[:depth])
        if parent in truth and not any(t.startswith(parent + "/") for t in truth):
            return True
    return False


def _summed(scores: list[Score]) -> Score:
    return Score(
        "all",
        sum(s.true_positives for s in scores),
        sum(s.false_positives for s in scores),
        sum(s.false_negatives for s in scores),
    )


def _note_list(wrong: list[tuple[HandTagged, set[str]]], limit: int) -> NoteList:
    shown = wrong[:limit]
    return NoteList(len(wrong), [JudgedNote(n.id, first_line(n.text), sorted(t)) for n, t in shown])


_BLANKS = re.compile(r"\s+")


def first_line(text: str) -> str:
    """The note's first non-blank line, blanks collapsed, redacted (a note captured with
    --no-redact keeps personal data; a review of a taxonomy need not show it), cut short."""
    line = next((line for line in text.splitlines() if line.strip()), "")
    line = redact(_BLANKS.sub(" ", line.strip()[: LINE_CHARS * 4]))[0]
    return line if len(line) <= LINE_CHARS else line[: LINE_CHARS - 1].rstrip() + "…"


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
