"""Parsing the dates people type, and the one timestamp format voc stores.

Timestamps are stored as UTC ISO strings ("2026-11-20T14:05:00Z"): they sort as text, so
range queries use plain indexes. A bare date means noon UTC that day, so it stays on the
day that was typed whatever the time zone.
"""

import re
from datetime import UTC, date, datetime, time, timedelta

from voc.errors import InvalidInput

_DAYS_AGO = re.compile(r"^(\d{1,5})\s+days?\s+ago$")
_DATE_HELP = "use YYYY-MM-DD, an ISO datetime, 'today', 'yesterday' or 'N days ago'"


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def to_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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
        return now - timedelta(days=int(match.group(1)))
    try:
        if len(cleaned) == 10:
            return noon_utc(date.fromisoformat(cleaned))
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.astimezone()  # a naive time is the user's local time
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):  # not a date, or one UTC cannot hold (year 1 or 9999)
        raise InvalidInput(f"cannot read the date {text!r}: {_DATE_HELP}") from None


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
