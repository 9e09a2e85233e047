"""Parsing the dates people type, and the one timestamp format voc stores.

Timestamps are stored as UTC ISO strings ("2026-11-20T14:05:00Z"): they sort as text, so
range queries use plain indexes.

One convention for what people type, here and nowhere else: **input is local time, storage
is UTC.** A text names either a moment or a day:

- a moment (`now`, `3 hours ago`, `2026-11-20T09:30`, `yesterday 3pm`) is that instant in
  the computer's time zone (or the offset written), stored in UTC;
- a day (`today`, `yesterday`, `monday`, `last tuesday`, `Nov 20`, `2 weeks ago`,
  `2026-11-20`) is a local calendar day: a note dated by it is stored at local noon that
  day (`today`: now), and `--since`/`--until` take its local midnights. So a note captured
  "today" is listed by `--since today` in any zone, UTC+14 included.

Plain forms (ISO, now, today, yesterday, N days ago) are read here; anything else goes to
parsedatetime, imported only then, so `voc capture` without `-d` never loads it.

One rule for every date voc stores (capture, edit, import, guided debriefs): years
FIRST_YEAR to LAST_YEAR. Four digits keep stored dates sorting as text (a year 999 once
sorted after 2026 and broke the day tallies), and no customer spoke before 1900 or after
2999: such a year is a typo (0225 for 2025), refused rather than filed out of sight.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from voc.errors import InvalidInput

_DAYS_AGO = re.compile(r"^(\d{1,5})\s+days?\s+ago$")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY = re.compile(
    r"\b(last\s+)?(mon|tue|wed|thu|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b",
    re.IGNORECASE,
)
_DATE_HELP = (
    "use YYYY-MM-DD, an ISO datetime, or words such as 'today', 'yesterday', "
    "'3 days ago', 'last tuesday', 'Nov 20', '3 hours ago'"
)
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


@dataclass(frozen=True)
class When:
    """What a typed date names: `moment` (UTC) always; `day` (local) when it names a day."""

    moment: datetime
    day: date | None = None


def parse_when(text: str, now: datetime | None = None) -> datetime:
    """Read a `--date` value: the moment to store, in UTC (see the module's docstring)."""
    return read_when(text, now).moment


def read_when(text: str, now: datetime | None = None) -> When:
    """A typed date as a moment, and the local day it names if it names one."""
    now = (now or utcnow()).astimezone(UTC)
    typed = text.strip()
    when = _plain(typed, now) or _words(typed, now)
    if when is None:
        raise InvalidInput(f"cannot read the date {text!r}: {_DATE_HELP}")
    check_year(when.moment, typed)
    return when


def _plain(typed: str, now: datetime) -> When | None:
    """The forms read without a parser; None for anything else."""
    cleaned = typed.lower()
    today = now.astimezone().date()
    if cleaned == "now":
        return When(now)
    if cleaned == "today" or cleaned in ("0 days ago", "0 day ago"):
        return When(now, today)
    if cleaned == "yesterday":
        return _day(today - timedelta(days=1))
    if match := _DAYS_AGO.match(cleaned):
        return _day(_days_before(today, int(match.group(1)), typed))
    if re.match(r"\d{4}-", cleaned):
        return _iso(typed)
    if _WEEKDAY.fullmatch(cleaned):
        return _iso(_weekdays_as_dates(cleaned, today))
    return None


def _weekdays_as_dates(typed: str, today: date) -> str:
    """Weekday names as the ISO dates they mean: "monday" is the last Monday (today on a
    Monday), "last monday" the one before today. Notes are about the past, and parsers
    disagree on both (parsedatetime reads "monday" as the next one)."""

    def as_date(match: re.Match) -> str:
        back = (today.weekday() - _WEEKDAYS.index(match.group(2).lower())) % 7
        if match.group(1) and back == 0:
            back = 7
        return (today - timedelta(days=back)).isoformat()

    return _WEEKDAY.sub(as_date, typed)


def _iso(typed: str) -> When:
    """An ISO date or datetime, or a refusal: never handed on to the word parser."""
    try:
        if len(typed) == 10:
            day = date.fromisoformat(typed)
            check_year(datetime.combine(day, time(12)), typed)
            return _day(day)
        moment = datetime.fromisoformat(typed.upper().replace("Z", "+00:00"))
        return When(_local_to_utc(moment))
    except (ValueError, OverflowError):  # not ISO, or a moment UTC cannot hold (year 1)
        raise InvalidInput(f"cannot read the date {typed!r}: {_DATE_HELP}") from None


def _days_before(today: date, days: int, typed: str) -> date:
    try:
        return today - timedelta(days=days)
    except OverflowError:
        raise InvalidInput(f"the date {typed!r} is outside the years voc keeps") from None


def _words(typed: str, now: datetime) -> When | None:
    """Everything else, through parsedatetime (loaded only here: it costs start-up time)."""
    import parsedatetime

    constants = parsedatetime.Constants()
    constants.YearParseStyle = 0  # notes are about the past: "Nov 20" is this year's
    calendar = parsedatetime.Calendar(constants, version=parsedatetime.VERSION_CONTEXT_STYLE)
    local_now = now.astimezone().replace(tzinfo=None)
    typed = _weekdays_as_dates(typed, local_now.date())
    try:
        found, context = calendar.parseDT(typed, sourceTime=local_now)
    except (ValueError, OverflowError, IndexError, TypeError):
        return None
    if not context.hasDateOrTime:
        return None
    if context.hasTime:
        return When(_local_to_utc(found))
    return _day(found.date())


def _day(day: date) -> When:
    return When(_local_to_utc(datetime.combine(day, time(12))), day)


def _local_to_utc(moment: datetime) -> datetime:
    """A naive time is the user's local time; either way, the same instant in UTC."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC)


def parse_day(text: str) -> date:
    """The local calendar day a text names (a moment's own day), e.g. a digest's bounds."""
    when = read_when(text)
    return when.day or when.moment.astimezone().date()


def day_start(text: str) -> str:
    """A `--since` bound: local midnight of the day named (or the moment), stored form."""
    when = read_when(text)
    if when.day is None:
        return to_iso(when.moment)
    return to_iso(_local_to_utc(datetime.combine(when.day, time(0))))


def day_end(text: str) -> str:
    """An `--until` bound, inclusive: the day's last local second (or the moment)."""
    when = read_when(text)
    if when.day is None:
        return to_iso(when.moment)
    return to_iso(_local_to_utc(datetime.combine(when.day, time(23, 59, 59))))


def local_date(stored: str) -> str:
    """The local calendar day of a stored timestamp, as people read it (YYYY-MM-DD)."""
    try:
        return from_iso(stored).astimezone().date().isoformat()
    except (ValueError, OverflowError):  # a date voc did not write: show it as it is
        return stored[:10]
