"""Periods a digest covers: ISO weeks, calendar months, or any run of days.

A period is a half-open range of whole UTC days [start, end). Stored timestamps are ISO
strings, so its bounds as strings ("2026-11-16T00:00:00Z") compare directly in SQL and
every query reads an index on occurred_at.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from voc.errors import InvalidInput

_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


@dataclass(frozen=True)
class Period:
    start: date  # first day, included
    end: date  # first day after the period, excluded
    kind: str  # "week", "month" or "days"

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def label(self) -> str:
        if self.kind == "week":
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        last = self.end - timedelta(days=1)
        return f"{self.start.isoformat()}..{last.isoformat()}"

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def since(self) -> str:
        """The first stored timestamp inside the period."""
        return f"{self.start.isoformat()}T00:00:00Z"

    @property
    def until(self) -> str:
        """The first stored timestamp after the period (excluded)."""
        return f"{self.end.isoformat()}T00:00:00Z"

    def previous(self) -> "Period":
        """The period of the same kind and length just before this one."""
        if self.kind == "month":
            before = self.start - timedelta(days=1)
            return month(before.year, before.month)
        return Period(self.start - timedelta(days=self.days), self.start, self.kind)


def week(year: int, number: int) -> Period:
    try:
        start = date.fromisocalendar(year, number, 1)
    except ValueError:
        raise InvalidInput(f"{year} has no ISO week {number}") from None
    return Period(start, start + timedelta(days=7), "week")


def month(year: int, number: int) -> Period:
    if not 1 <= number <= 12:
        raise InvalidInput(f"there is no month {number}: use 1 to 12")
    start = date(year, number, 1)
    end = date(year + 1, 1, 1) if number == 12 else date(year, number + 1, 1)
    return Period(start, end, "month")


def days(first: date, last: date) -> Period:
    if last < first:
        raise InvalidInput(f"the period ends ({last}) before it starts ({first})")
    return Period(first, last + timedelta(days=1), "days")


def parse_week(text: str) -> Period:
    match = _WEEK.match(text.strip())
    if not match:
        raise InvalidInput(f"cannot read the week {text!r}: use an ISO week such as 2026-W47")
    return week(int(match.group(1)), int(match.group(2)))


def parse_month(text: str) -> Period:
    match = _MONTH.match(text.strip())
    if not match:
        raise InvalidInput(f"cannot read the month {text!r}: use YYYY-MM, e.g. 2026-11")
    return month(int(match.group(1)), int(match.group(2)))


def last_complete_week(today: date) -> Period:
    """The ISO week before the one `today` falls in."""
    monday = today - timedelta(days=today.weekday())
    return Period(monday - timedelta(days=7), monday, "week")


def choose(
    *,
    week_label: str | None = None,
    month_label: str | None = None,
    since: date | None = None,
    until: date | None = None,
    today: date | None = None,
) -> Period:
    """The period the options name; none at all means the last complete ISO week.
    `--since` alone runs to today; `--until` alone is refused (from when?)."""
    today = today or datetime.now(UTC).date()
    given = [n for n, v in (("--week", week_label), ("--month", month_label)) if v]
    if since or until:
        given.append("--since/--until")
    if len(given) > 1:
        raise InvalidInput(f"give one period, not {' and '.join(given)}")
    if week_label:
        return parse_week(week_label)
    if month_label:
        return parse_month(month_label)
    if until and not since:
        raise InvalidInput("--until needs --since: give where the period starts")
    if since:
        return days(since, until or today)
    return last_complete_week(today)


def history(period: Period, count: int) -> list[Period]:
    """`count` periods ending with `period`, oldest first (for trend lines)."""
    periods = [period]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods[::-1]
