"""Long periods: rising-term candidates come from sampled days, and the digest says so."""

import json
from datetime import date

from voc.digest.data import SAMPLE_DAYS, sample_days
from voc.periods import days, parse_week


def test_a_week_or_month_counts_every_day_for_its_candidates():
    week = parse_week("2026-W47")
    assert sample_days(week) == [(week.since, week.until)]
    month = days(date(2026, 10, 1), date(2026, 10, 31))
    assert sample_days(month) == [(month.since, month.until)]


def test_a_year_samples_whole_days_spread_over_it():
    year = days(date(2025, 11, 23), date(2026, 11, 22))
    picked = sample_days(year)
    assert len(picked) == SAMPLE_DAYS
    assert all(year.since <= a < b <= year.until for a, b in picked)
    assert all(a[11:] == "00:00:00Z" and b[11:] == "00:00:00Z" for a, b in picked)
    assert picked[0][0] < "2026-01-01" and picked[-1][0] > "2026-10-01"  # spread, not bunched


def test_the_digest_states_the_sampling_only_when_it_applies(voc):
    voc("capture", "The bank feed broke again", "-s", "support", "-c", "Ana", "-d", "2026-11-18")
    week = json.loads(voc("digest", "--week", "2026-W47", "--format", "json").stdout)
    assert "term_sample_days" not in week["method"]
    args = ("digest", "--since", "2026-01-01", "--until", "2026-11-22")
    year = json.loads(voc(*args, "--format", "json").stdout)
    assert year["method"]["term_sample_days"] == SAMPLE_DAYS
    assert "evenly spaced days" in voc(*args).stdout
    assert "evenly spaced days" not in voc("digest", "--week", "2026-W47").stdout
