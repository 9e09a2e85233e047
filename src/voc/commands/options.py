"""The options several commands share, declared once so that their --help reads the same."""

import functools
import inspect
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from voc.commands.common import DataFormat, ListFormat

if TYPE_CHECKING:
    from voc.notes.queries import NoteFilter


def complete_sources(incomplete: str) -> list[str]:
    from voc.config import load_config
    from voc.notes.choices import known_sources

    return _starting(lambda: known_sources(load_config()), incomplete)


def complete_themes(incomplete: str) -> list[str]:
    from voc.commands.common import state
    from voc.themes.taxonomy import load_taxonomy

    return _starting(lambda: load_taxonomy(state.themes_path).themes, incomplete)


def complete_sentiments(incomplete: str) -> list[str]:
    from voc.notes.choices import SENTIMENTS

    return _starting(lambda: SENTIMENTS, incomplete)


def complete_stances(incomplete: str) -> list[str]:
    from voc.themes.taxonomy import STANCES

    return _starting(lambda: STANCES, incomplete)


def complete_signals(incomplete: str) -> list[str]:
    from voc.notes.choices import SIGNALS

    return _starting(lambda: SIGNALS, incomplete)


def complete_templates(incomplete: str) -> list[str]:
    from voc.digest.render import available

    return _starting(available, incomplete)


def complete_guides(incomplete: str) -> list[str]:
    from voc.guides.guide import available

    return _starting(available, incomplete)


def _starting(known: Callable[[], Iterable[str]], incomplete: str) -> list[str]:
    """Completion offers the known values, never file names; a broken config or taxonomy
    offers nothing rather than a traceback in the shell."""
    from voc.errors import VocError

    try:
        return [v for v in known() if v.startswith(incomplete)]
    except VocError:
        return []


NoteId = Annotated[int, typer.Argument(metavar="ID")]

Since = Annotated[str | None, typer.Option(help="From this day: 2026-11-01, 7 days ago.")]
Until = Annotated[str | None, typer.Option(help="Up to this day, inclusive.")]
Source = Annotated[
    list[str] | None,
    typer.Option("--source", "-s", help="Repeatable.", autocompletion=complete_sources),
]
Customer = Annotated[str | None, typer.Option("--customer", "-c")]
Account = Annotated[str | None, typer.Option("--account", "-a")]
Tag = Annotated[list[str] | None, typer.Option("--tag", "-t", help="Manual tag (repeatable).")]
Theme = Annotated[
    list[str] | None,
    typer.Option(
        "--theme",
        help="Theme slug; a parent matches its children.",
        autocompletion=complete_themes,
    ),
]
Sentiment = Annotated[
    str | None,
    typer.Option(help="negative, neutral or positive.", autocompletion=complete_sentiments),
]
Stance = Annotated[
    str | None,
    typer.Option(
        "--as",
        help="What the note says of --theme: issue, request, praise or mention.",
        autocompletion=complete_stances,
    ),
]
Signal = Annotated[
    list[str] | None,
    typer.Option(
        "--signal",
        help="praise, pain, feature_request, churn_risk, competitor.",
        autocompletion=complete_signals,
    ),
]
Limit = Annotated[int | None, typer.Option("--limit", "-n", min=1, help="At most this many notes.")]

ListFormatOption = Annotated[ListFormat, typer.Option("--format", "-f")]
DataFormatOption = Annotated[DataFormat, typer.Option("--format", "-f")]
SummaryFormat = Annotated[
    DataFormat, typer.Option("--format", "-f", help="json: a summary on stdout.")
]
Force = Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")]

_FILTERS = {
    "since": Since,
    "until": Until,
    "source": Source,
    "customer": Customer,
    "account": Account,
    "tag": Tag,
    "theme": Theme,
    "stance": Stance,
    "sentiment": Sentiment,
    "signal": Signal,
    "limit": Limit,
}


def note_filter_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the note filters (--since to --limit) as its one `note_filter` parameter.

    Typer reads a command's options from its signature, so the filters take the place of
    `note_filter` there: list, search and export declare them once and list them alike.
    """
    own = inspect.signature(command).parameters.values()
    parameters: list[inspect.Parameter] = []
    for parameter in own:
        if parameter.name == "note_filter":
            parameters += [
                inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=a)
                for name, a in _FILTERS.items()
            ]
        else:
            parameters.append(parameter.replace(kind=inspect.Parameter.KEYWORD_ONLY))

    @functools.wraps(command)
    def with_note_filter(**options) -> None:
        filters = {name: options.pop(name) for name in _FILTERS}
        command(note_filter=_note_filter(**filters), **options)

    with_note_filter.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    with_note_filter.__annotations__ = {p.name: p.annotation for p in parameters}
    return with_note_filter


def _note_filter(
    since, until, source, customer, account, tag, theme, stance, sentiment, signal, limit
) -> "NoteFilter":
    from voc.notes.choices import SENTIMENTS, SIGNALS, check_choice
    from voc.notes.queries import NoteFilter
    from voc.themes.taxonomy import STANCES

    return NoteFilter.from_options(
        since=since,
        until=until,
        sources=checked_sources(source),
        customer=customer,
        account=account,
        tags=tag or [],
        themes=checked_themes(theme),
        stance=check_choice(stance, STANCES, "stance") if stance else None,
        sentiment=check_choice(sentiment, SENTIMENTS, "sentiment") if sentiment else None,
        signals=[check_choice(s, SIGNALS, "signal") for s in signal or []],
        limit=limit,
    )


def checked_sources(values: list[str] | None) -> list[str]:
    """Each --source value, lower case, refused (with a suggestion) unless voc knows it."""
    if not values:
        return []
    from voc.config import load_config
    from voc.notes.choices import check_choice, known_sources

    known = known_sources(load_config())
    return [check_choice(v, known, "source") for v in values]


def checked_themes(values: list[str] | None) -> list[str]:
    """Each --theme value, lower case, refused unless it is in the taxonomy in force
    (parents included) or a manual tag some note has."""
    if not values:
        return []
    from voc.notes.choices import check_choice

    known = known_themes([v.strip().lower() for v in values])
    return [check_choice(v, known, "theme", listed_by="voc themes list") for v in values]


def known_themes(wanted: Sequence[str] = ()) -> list[str]:
    """The taxonomy's slugs, plus the manual tags in the database when `wanted` has a slug
    the taxonomy lacks (the database is read only then)."""
    from voc.commands.common import open_store, state
    from voc.themes.taxonomy import load_taxonomy

    known = list(load_taxonomy(state.themes_path).themes)
    if all(w in known for w in wanted):
        return known
    from voc.notes.queries import manual_themes

    with open_store() as store:
        manual = {a for tag in manual_themes(store) for a in _with_ancestors(tag)}
    return known + sorted(manual - set(known))


def _with_ancestors(slug: str) -> list[str]:
    """`roadmap/q3/api` -> roadmap, roadmap/q3, roadmap/q3/api: a parent matches its children."""
    parts = slug.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]
