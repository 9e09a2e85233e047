"""Names customers compare the product with, proposed as competitor themes (`themes
suggest`): the capitalised words after "switching to", "left for", "moved to", "compared
to", "better than", "cheaper than" in the notes' own text.

Full-text search finds the notes that use one of those phrases (its porter stemmer
matches "switched to" and "switches to" alike), so only they are read; a pattern over
their text then takes the name that follows. A name already in a competitor theme (its
slug, label or patterns) is not proposed again.
"""

import re
import unicodedata
from dataclasses import dataclass

from voc.notes.queries import NoteFilter, where_clause
from voc.notes.store import Store
from voc.themes.names import NOT_NAMES
from voc.themes.taxonomy import Taxonomy

COMPETITORS = "competitor"
# What the phrases look like to notes_fts (each a phrase query, stemmed as the text is).
_SEARCH = " OR ".join(
    f'"{phrase}"'
    for phrase in (
        "switching to",
        "switched over to",
        "left for",
        "leaving for",
        "moved to",
        "moving to",
        "migrated to",
        "compared to",
        "compared with",
        "better than",
        "cheaper than",
    )
)
# The phrase (any case), then one or two capitalised words: the name as written.
_WORD = r"[A-Z][A-Za-z0-9&+]*(?:[.'-][A-Za-z0-9]+)*"
_NAMED = re.compile(
    r"(?i:\b(?:switch(?:ed|es|ing)?(?:\s+over)?\s+to|(?:left|leaving|leave)(?:\s+us)?\s+for"
    r"|mov(?:e|ed|es|ing)(?:\s+over)?\s+to|migrat(?:e|ed|es|ing)\s+to"
    r"|compar(?:e|ed|es|ing)\s+(?:it\s+|us\s+)?(?:to|with)|(?:better|cheaper)\s+than))"
    rf"\s+(?P<name>{_WORD}(?:\s+{_WORD})?)"
)


@dataclass
class CompetitorSuggestion:
    term: str  # the name, as customers wrote it most often
    notes: int
    last_seen: str
    zipf: float  # as for terms: how common the word is in English
    kind: str = "competitor"
    theme: str = ""  # the slug to add: competitor/acme


def suggest_competitors(
    store: Store,
    taxonomy: Taxonomy | None,
    f: NoteFilter | None = None,
    *,
    min_notes: int = 2,
    limit: int = 20,
) -> list[CompetitorSuggestion]:
    """Names in at least `min_notes` of the filtered notes, most notes first."""
    where, params = where_clause(f or NoteFilter(), alias="n")
    rows = store.conn.execute(
        f"""SELECT n.text, n.occurred_at FROM notes_fts JOIN notes n ON n.id = notes_fts.rowid
        WHERE notes_fts MATCH ? AND {where}""",
        [_SEARCH, *params],
    )
    known = _known_names(taxonomy)
    spellings: dict[str, dict[str, int]] = {}
    notes: dict[str, int] = {}
    last: dict[str, str] = {}
    for text, occurred_at in rows:
        for key, name in _names_in(text or "").items():
            if key in known:
                continue
            notes[key] = notes.get(key, 0) + 1
            last[key] = max(last.get(key, ""), occurred_at)
            spelled = spellings.setdefault(key, {})
            spelled[name] = spelled.get(name, 0) + 1
    picked = sorted((k for k, n in notes.items() if n >= min_notes), key=lambda k: (-notes[k], k))
    found = []
    for key in picked[:limit]:
        name = min(spellings[key], key=lambda s: (-spellings[key][s], s))
        found.append(CompetitorSuggestion(name, notes[key], last[key], 0.0, theme=_slug(name)))
    _score(found)
    return found


def _names_in(text: str) -> dict[str, str]:
    """Lower-cased name -> the name as written, for each name the text compares with."""
    found: dict[str, str] = {}
    for match in _NAMED.finditer(text):
        words = match.group("name").split()
        while words and words[-1].lower() in NOT_NAMES:
            words.pop()
        if not words or words[0].lower() in NOT_NAMES or not _slug(" ".join(words)):
            continue
        name = " ".join(words)
        found.setdefault(name.lower(), name)
    return found


def _known_names(taxonomy: Taxonomy | None) -> set[str]:
    """The names the competitor themes already count, lower case."""
    known: set[str] = set()
    for theme in taxonomy or []:
        if theme.slug.startswith(COMPETITORS + "/"):
            tail = theme.slug.split("/", 1)[1]
            known |= {tail, tail.replace("_", " "), tail.replace("-", " "), theme.label.lower()}
            known |= {p.lower() for p in theme.patterns}
    return known


def _slug(name: str) -> str:
    """`Globex Corp` -> `competitor/globex_corp`; empty when nothing ASCII is left."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    tail = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")
    return f"{COMPETITORS}/{tail}" if tail else ""


def _score(found: list[CompetitorSuggestion]) -> None:
    if not found:
        return
    from voc.themes.stats import english_zipf

    zipf = english_zipf([s.term.lower() for s in found])
    for suggestion in found:
        suggestion.zipf = zipf[suggestion.term.lower()]
