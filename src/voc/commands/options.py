"""The options several commands share, declared once so that their --help reads the same."""

import functools
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from voc.commands.common import DataFormat, ListFormat

if TYPE_CHECKING:
    from voc.notes.queries import NoteFilter

NoteId = Annotated[int, typer.Argument(metavar="ID")]

Since = Annotated[str | None, typer.Option(help="From this day: 2026-11-01, 7 days ago.")]
Until = Annotated[str | None, typer.Option(help="Up to this day, inclusive.")]
Source = Annotated[list[str] | None, typer.Option("--source", "-s", help="Repeatable.")]
Customer = Annotated[str | None, typer.Option("--customer", "-c")]
Account = Annotated[str | None, typer.Option("--account", "-a")]
Tag = Annotated[list[str] | None, typer.Option("--tag", "-t", help="Manual tag (repeatable).")]
Theme = Annotated[
    list[str] | None, typer.Option("--theme", help="Theme slug; a parent matches its children.")
]
Stance = Annotated[
    str | None,
    typer.Option("--as", help="What the note says of --theme: issue, request, praise or mention."),
]
Sentiment = Annotated[str | None, typer.Option(help="negative, neutral or positive.")]
Signal = Annotated[
    list[str] | None,
    typer.Option("--signal", help="praise, pain, feature_request, churn_risk, competitor."),
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
    from voc.notes.queries import NoteFilter

    _check_stance(stance)
    return NoteFilter.from_options(
        since=since,
        until=until,
        sources=[s.lower() for s in source or []],
        customer=customer,
        account=account,
        tags=tag or [],
        themes=[t.lower() for t in theme or []],
        stance=stance.lower() if stance else None,
        sentiment=sentiment,
        signals=signal or [],
        limit=limit,
    )


def _check_stance(stance: str | None) -> None:
    from voc.errors import InvalidInput
    from voc.themes.taxonomy import STANCES

    if stance is not None and stance.lower() not in STANCES:
        raise InvalidInput(f"--as {stance!r}: use one of {', '.join(STANCES)}")
