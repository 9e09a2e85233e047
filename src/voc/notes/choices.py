"""The values voc knows the whole set of (sources, sentiments, signals; themes, guides and
templates come from their own modules), and the one check every command uses for them: a
mistyped value is refused with a suggestion, never taken as a filter that matches nothing."""

from collections.abc import Iterable
from typing import Any

from voc.errors import InvalidInput

# The labels tagging writes (voc.nlp.sentiment, voc.nlp.signals); kept here so that
# checking a filter never imports spaCy. A test keeps the two in step.
SENTIMENTS = ("negative", "neutral", "positive")
SIGNALS = ("praise", "pain", "feature_request", "churn_risk", "competitor")
_LISTED_AT_MOST = 12  # a longer set is named by the command that lists it


def check_choice(
    value: str, known: Iterable[str], what: str, *, listed_by: str = "", fold_case: bool = True
) -> str:
    """`value` (stripped, lower case unless not `fold_case`) when it is one of `known`; else
    InvalidInput naming the closest known values. `listed_by` names the command that lists
    a long set."""
    cleaned = value.strip().lower() if fold_case else value.strip()
    choices = list(known)
    if cleaned in choices:
        return cleaned
    raise InvalidInput(unknown_message(value, choices, what, listed_by=listed_by))


def unknown_message(value: str, known: list[str], what: str, *, listed_by: str = "") -> str:
    import difflib  # only for a value that is not known: off every command's start-up

    close = difflib.get_close_matches(value.strip(), known, n=3, cutoff=0.6)
    close = close or difflib.get_close_matches(value.strip().lower(), known, n=3, cutoff=0.6)
    listing = len(known) <= _LISTED_AT_MOST or not listed_by
    if close:
        where = f"one of {', '.join(known)}" if listing else f"see {listed_by}"
        return f"unknown {what} {value!r}: did you mean {' or '.join(close)}? ({where})"
    if listing:
        return f"unknown {what} {value!r}: use one of {', '.join(known)}"
    return f"unknown {what} {value!r}: see {listed_by}"


def known_sources(config: dict[str, Any]) -> tuple[str, ...]:
    """The built-in sources, then those the config file adds (`sources = [...]`)."""
    from voc.notes.note import SOURCES

    extra = config.get("sources") or []
    return (*SOURCES, *[s for s in extra if isinstance(s, str) and s not in SOURCES])
