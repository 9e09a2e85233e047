"""The theme taxonomy: a TOML file a team can read and edit, loaded and checked here.

No spaCy here: the digest, export and codebook read themes without paying for the
pipeline. `voc.nlp` turns a Taxonomy into matchers.

```toml
[themes.billing]
label = "Billing"
description = "Invoices, charges, refunds, payment methods"
patterns = ["invoice", "charged twice", "refund"]
token_patterns = [[{LOWER = "double"}, {LOWER = "charged"}]]   # optional, spaCy Matcher

[themes.praise]
patterns = ["love", "great"]
skip_negated = true            # "not great", "never loved it" do not count
exclude = ["would love"]       # a match in a sentence with one of these does not count

[themes.feature_requests]
patterns = ["please add", "would be nice"]
stance = "request"             # what a mention is when its sentence says nothing else

[themes.competitor]          # a group: no patterns of its own, children roll up into it
label = "Competitors"
group = true

[themes."competitor/acme"]   # a child: the parent is the slug before the last "/"
label = "Acme"
patterns = ["acme"]
```
"""

import hashlib
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from voc.errors import InvalidInput

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*$")
KNOWN_KEYS = {
    "label",
    "description",
    "patterns",
    "token_patterns",
    "group",
    "exclude",
    "skip_negated",
    "stance",
}
# What a note says of a theme (note_themes.stance), strongest first: the note's stance on a
# theme is its strongest mention's. A mention's stance comes from its sentence
# (voc.nlp.signals); a theme's `stance` is the default when the sentence says nothing.
STANCES = ("issue", "request", "praise", "mention")
BUILTIN_NAME = "<built-in themes.toml>"


class TaxonomyError(InvalidInput):
    """A taxonomy file that cannot be used; the message names file, line and reason."""

    exit_code = 1


@dataclass(frozen=True)
class Theme:
    slug: str
    label: str
    description: str = ""
    patterns: tuple[str, ...] = ()
    token_patterns: tuple[tuple[dict[str, Any], ...], ...] = ()
    group: bool = False
    exclude: tuple[str, ...] = ()
    skip_negated: bool = False
    stance: str = "mention"

    @property
    def parent(self) -> str | None:
        return self.slug.rpartition("/")[0] or None

    def to_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "label": self.label,
            "description": self.description,
            "patterns": list(self.patterns),
            "token_patterns": [list(p) for p in self.token_patterns],
            "group": self.group,
            "parent": self.parent,
            "exclude": list(self.exclude),
            "skip_negated": self.skip_negated,
            "stance": self.stance,
        }


@dataclass
class Taxonomy:
    themes: dict[str, Theme]
    path: Path | None = None  # None: the built-in file
    version: str = field(default="", init=False)

    def __post_init__(self) -> None:
        self.version = content_hash(self.themes.values())

    def __iter__(self):
        return iter(self.themes.values())

    def __len__(self) -> int:
        return len(self.themes)

    def __contains__(self, slug: object) -> bool:
        return slug in self.themes

    def children(self, slug: str) -> list[Theme]:
        """Every theme below `slug` (children, grandchildren...)."""
        prefix = slug + "/"
        return sorted(
            (t for t in self.themes.values() if t.slug.startswith(prefix)), key=lambda t: t.slug
        )

    def label(self, slug: str) -> str:
        theme = self.themes.get(slug)
        return theme.label if theme else slug

    @property
    def source_name(self) -> str:
        return str(self.path) if self.path else BUILTIN_NAME


def content_hash(themes) -> str:
    """A hash of what matters for tagging: editing a comment does not force a re-tag."""
    payload = json.dumps([t.to_dict() for t in themes], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def builtin_taxonomy_text() -> str:
    return resources.files("voc.data").joinpath("themes.toml").read_text(encoding="utf-8")


def resolve_path(explicit: str | Path | None = None) -> Path | None:
    """Which file to use: explicit path, `VOC_THEMES`, config key `themes`, `themes.toml`
    in the config folder; None means the built-in taxonomy."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("VOC_THEMES")
    if env:
        return Path(env).expanduser()
    from voc.config import load_config
    from voc.paths import config_dir

    configured = load_config().get("themes")
    if isinstance(configured, str) and configured.strip():
        return Path(configured.strip()).expanduser()
    user_file = config_dir() / "themes.toml"
    return user_file if user_file.is_file() else None


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Load and check the taxonomy in force (see `resolve_path`)."""
    resolved = resolve_path(path)
    if resolved is None:
        return parse_taxonomy(builtin_taxonomy_text(), None)
    try:
        text = resolved.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TaxonomyError(f"{resolved}: no such theme file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise TaxonomyError(f"{resolved}: cannot read the theme file: {e}") from None
    return parse_taxonomy(text, resolved)


def parse_taxonomy(text: str, path: Path | None) -> Taxonomy:
    name = str(path) if path else BUILTIN_NAME
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise TaxonomyError(_toml_error(name, text, e)) from None
    tables = data.get("themes")
    if not isinstance(tables, dict) or not tables:
        raise TaxonomyError(f"{name}: line 1: no [themes.SLUG] tables found")
    lines = _header_lines(text)
    themes: dict[str, Theme] = {}
    for key, table in _flatten(tables):
        where = f"{name}: line {lines.get(key, 1)}"
        theme = _theme(key, table, where)
        if theme.slug in themes:
            raise TaxonomyError(f"{where}: duplicate theme slug {theme.slug!r}")
        themes[theme.slug] = theme
    _check_parents(themes, name, lines)
    return Taxonomy(themes, path)


def _toml_error(name: str, text: str, error: tomllib.TOMLDecodeError) -> str:
    """tomllib says "(at line 3, column 9)" or "(at end of document)": lead with the line."""
    message = str(error)
    found = re.search(r"\s*\(at line (\d+), column \d+\)$", message)
    if found:
        line, message = found.group(1), message[: found.start()]
    else:
        line = str(max(1, len(text.splitlines())))
        message = message.replace(" (at end of document)", " at the end of the file")
    return f"{name}: line {line}: invalid TOML: {message}"


def _flatten(tables: dict[str, Any]):
    """`[themes.competitor.acme]` (a dotted header) is the same as `[themes."competitor/acme"]`."""
    for key, table in tables.items():
        if not isinstance(table, dict):
            yield key, table
            continue
        yield key, {k: v for k, v in table.items() if not _is_subtable(k, v)}
        nested = {f"{key}/{k}": v for k, v in table.items() if _is_subtable(k, v)}
        yield from _flatten(nested)


def _is_subtable(key: str, value: Any) -> bool:
    return isinstance(value, dict) and key not in KNOWN_KEYS


def _theme(slug: str, table: Any, where: str) -> Theme:
    if not isinstance(table, dict):
        raise TaxonomyError(f"{where}: themes.{slug} must be a table like [themes.{slug}]")
    if not SLUG.match(slug):
        raise TaxonomyError(
            f"{where}: bad slug {slug!r}: use lower-case letters, digits, - and _, "
            "with / between a parent and its child"
        )
    unknown = sorted(set(table) - KNOWN_KEYS)
    if unknown:
        raise TaxonomyError(f"{where}: theme {slug!r}: unknown key {unknown[0]!r}")
    label = _string(table, "label", slug.rpartition("/")[2].replace("_", " ").title(), where)
    description = _string(table, "description", "", where)
    patterns = _string_list(table, "patterns", slug, where)
    token_patterns = _token_patterns(table.get("token_patterns", []), slug, where)
    group = _flag(table, "group", slug, where)
    if not patterns and not token_patterns and not group:
        raise TaxonomyError(
            f"{where}: theme {slug!r} has no patterns (add patterns, or group = true "
            "for a parent whose children carry them)"
        )
    exclude = _string_list(table, "exclude", slug, where)
    skip_negated = _flag(table, "skip_negated", slug, where)
    stance = _string(table, "stance", "mention", where)
    if stance not in STANCES:
        raise TaxonomyError(
            f"{where}: theme {slug!r}: stance must be one of {', '.join(STANCES)}, not {stance!r}"
        )
    return Theme(
        slug, label, description, patterns, token_patterns, group, exclude, skip_negated, stance
    )


def strongest_stance(stances) -> str:
    """The note-level stance of a theme: issue > request > praise > mention."""
    return min(stances, key=STANCES.index, default="mention")


def _flag(table: dict, key: str, slug: str, where: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise TaxonomyError(f"{where}: theme {slug!r}: {key} must be true or false")
    return value


def _string(table: dict, key: str, default: str, where: str) -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise TaxonomyError(f"{where}: {key} must be a string")
    return value.strip() or default


def _string_list(table: dict, key: str, slug: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TaxonomyError(f"{where}: theme {slug!r}: {key} must be a list of strings")
    cleaned = [" ".join(v.split()) for v in value]
    if any(not v for v in cleaned):
        raise TaxonomyError(f"{where}: theme {slug!r}: an empty pattern")
    return tuple(dict.fromkeys(cleaned))


def _token_patterns(value: Any, slug: str, where: str) -> tuple:
    shape_ok = isinstance(value, list) and all(
        isinstance(p, list) and p and all(isinstance(t, dict) for t in p) for p in value
    )
    if not shape_ok:
        raise TaxonomyError(
            f"{where}: theme {slug!r}: token_patterns must be a list of spaCy Matcher "
            'patterns, e.g. [[{LOWER = "log"}, {LOWER = "in"}]]'
        )
    return tuple(tuple(p) for p in value)


def _check_parents(themes: dict[str, Theme], name: str, lines: dict[str, int]) -> None:
    for theme in themes.values():
        if theme.parent and theme.parent not in themes:
            raise TaxonomyError(
                f"{name}: line {lines.get(theme.slug, 1)}: theme {theme.slug!r} has an "
                f"unknown parent {theme.parent!r}: add a [themes.{theme.parent}] table"
            )


_HEADER = re.compile(r"""^\s*\[\s*themes\s*\.(.+?)\]\s*(#.*)?$""")
_KEY_PART = re.compile(r"""\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*(?:\.|$)""")


def _header_lines(text: str) -> dict[str, int]:
    """slug -> line number of its [themes.SLUG] header, for error messages."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADER.match(line)
        if match:
            parts = [
                next(g for g in m.groups() if g is not None)
                for m in _KEY_PART.finditer(match.group(1))
            ]
            found.setdefault("/".join(parts), number)
    return found


def write_builtin(path: str | Path, *, force: bool = False) -> Path:
    """Copy the built-in taxonomy to `path` for editing; never overwrite unless forced."""
    target = Path(path).expanduser()
    if target.is_dir():
        target = target / "themes.toml"
    if target.exists() and not force:
        raise InvalidInput(f"{target} exists: edit it, or give --force to replace it")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(builtin_taxonomy_text(), encoding="utf-8")
    except OSError as e:
        raise TaxonomyError(f"cannot write {target}: {e.strerror}") from None
    return target
