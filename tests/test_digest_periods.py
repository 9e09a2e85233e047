"""Period arithmetic: ISO weeks (across year boundaries), months, day ranges, history."""

from datetime import date

import pytest

from voc.errors import InvalidInput
from voc.periods import choose, days, history, last_complete_week, parse_month, parse_week


def test_iso_week_one_starts_in_the_previous_calendar_year():
    w01 = parse_week("2026-W01")
    assert (w01.start, w01.last_day) == (date(2025, 12, 29), date(2026, 1, 4))
    assert w01.since == "2025-12-29T00:00:00Z" and w01.until == "2026-01-05T00:00:00Z"


def test_the_week_before_week_one_is_last_years_last_week():
    assert parse_week("2026-W01").previous().label == "2025-W52"
    assert parse_week("2021-W01").previous().label == "2020-W53"  # a 53-week year


def test_a_week_that_does_not_exist_is_refused():
    with pytest.raises(InvalidInput, match="2021 has no ISO week 53"):
        parse_week("2021-W53")
    with pytest.raises(InvalidInput, match="2026-W47"):
        parse_week("week 47")


def test_week_labels_round_trip_and_accept_compact_form():
    assert parse_week("2026w47").label == "2026-W47"
    assert parse_week("2026-W47").start == date(2026, 11, 16)


def test_months_and_their_previous_across_the_year():
    jan = parse_month("2027-01")
    assert (jan.start, jan.end, jan.days) == (date(2027, 1, 1), date(2027, 2, 1), 31)
    assert jan.previous().label == "2026-12"
    assert parse_month("2028-03").previous().days == 29  # leap February
    with pytest.raises(InvalidInput):
        parse_month("2026-13")


def test_a_day_range_compares_with_the_same_number_of_days_before():
    span = days(date(2026, 11, 1), date(2026, 11, 10))
    assert span.days == 10
    before = span.previous()
    assert (before.start, before.last_day) == (date(2026, 10, 22), date(2026, 10, 31))
    assert span.label == "2026-11-01..2026-11-10"


def test_history_ends_with_the_period_oldest_first():
    labels = [p.label for p in history(parse_week("2026-W02"), 8)]
    assert labels == [
        "2025-W47", "2025-W48", "2025-W49", "2025-W50",
        "2025-W51", "2025-W52", "2026-W01", "2026-W02",
    ]  # fmt: skip


def test_default_is_the_last_complete_iso_week():
    assert last_complete_week(date(2026, 11, 25)).label == "2026-W47"  # a Wednesday
    assert last_complete_week(date(2026, 11, 23)).label == "2026-W47"  # a Monday
    assert last_complete_week(date(2026, 1, 1)).label == "2025-W52"
    assert choose(today=date(2026, 11, 25)).label == "2026-W47"


def test_choose_refuses_two_periods_and_a_lone_until():
    with pytest.raises(InvalidInput, match="give one period"):
        choose(week_label="2026-W47", month_label="2026-11")
    with pytest.raises(InvalidInput, match="--until needs --since"):
        choose(until=date(2026, 11, 1))
    with pytest.raises(InvalidInput, match="ends"):
        choose(since=date(2026, 11, 10), until=date(2026, 11, 1))
    assert choose(since=date(2026, 11, 20), today=date(2026, 11, 25)).days == 6
