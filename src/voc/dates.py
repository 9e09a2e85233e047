"""Parsing the dates people type, and the one timestamp format voc stores.

Timestamps are stored as UTC ISO strings ("2026-11-20T14:05:00Z"): they sort as text, so
range queries use plain indexes. A bare date means noon UTC that day, so it stays on the
day that was typed whatever the time zone.

One rule for every date voc stores (capture, edit, import, guided debriefs): years
FIRST_YEAR to LAST_YEAR. Four digits keep stored dates sorting as text (a year 999 once
sorted after 2026 and broke the day tallies), and no customer spoke before 1900 or after
2999: such a year is a typo (0225 for 2025), refused rather than filed out of sight.
"""

import re
from datetime import UTC, date, datetime, time, timedelta

from voc.errors import InvalidInput

_DAYS_AGO = re.compile(r"^(\d{1,5})\s+days?\s+ago$")
_DATE_HELP = "use YYYY-MM-DD, an ISO datetime, 'today', 'yesterday' or 'N days ago'"
FIRST_YEAR, LAST_YEAR = 1900, 2999


class DateOutOfRange(InvalidInput, ValueError):
    """A timestamp outside the years voc keeps, met by `to_iso`. Also a ValueError: readers
    that skip an unreadable date (an e-mail's Date header) skip this one too."""


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def to_iso(moment: datetime) -> str:
    """The stored form; refuses a year outside the range (see the module's docstring)."""
    moment = moment.astimezone(UTC)
    check_year(moment, moment.date().isoformat(), DateOutOfRange)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def check_year(moment: datetime, typed: str, error: type[InvalidInput] = InvalidInput) -> datetime:
    """`moment` if its year is one voc keeps. A plain InvalidInput by default: an importer
    that turns a ValueError into "cannot read the date" then keeps this clearer message."""
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise error(
            f"the date {typed!r} is outside the years {FIRST_YEAR}-{LAST_YEAR} voc keeps: "
            "check the year"
        )
    return moment


def from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def noon_utc(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def parse_when(text: str, now: datetime | None = None) -> datetime:
    """Read `--date` values: ISO date or datetime, `today`, `yesterday`, `N days ago`."""
    now = now or utcnow()
    cleaned = text.strip().lower()
    if cleaned in ("now", "today"):
        return now
    if cleaned == "yesterday":
        return now - timedelta(days=1)
    if match := _DAYS_AGO.match(cleaned):
        return check_year(now - timedelta(days=int(match.group(1))), text.strip())
    try:
        if len(cleaned) == 10:
            moment = noon_utc(date.fromisoformat(cleaned))
        else:
            moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.astimezone()  # a naive time is the user's local time
            moment = moment.astimezone(UTC)
    except (ValueError, OverflowError):  # not a date, or one UTC cannot hold (year 1 or 9999)
        raise InvalidInput(f"cannot read the date {text!r}: {_DATE_HELP}") from None
    return check_year(moment, text.strip())


def day_start(text: str) -> str:
    """A `--since` bound: the start of that day (or that moment), as a stored timestamp."""
    moment = parse_when(text)
    if len(text.strip()) == 10:
        moment = moment.replace(hour=0)
    return to_iso(moment)


def day_end(text: str) -> str:
    """An `--until` bound, inclusive: the end of that day (or that moment)."""
    moment = parse_when(text)
    if len(text.strip()) == 10:
        moment = moment.replace(hour=23, minute=59, second=59)
    return to_iso(moment)
