"""Dates as people say them, and one convention for local time: input local, stored UTC."""

import json
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

import pytest

from voc.dates import day_end, day_start, read_when

NOW = datetime(2026, 12, 4, 14, 56, tzinfo=UTC)  # a Friday


@pytest.mark.parametrize(
    ("typed", "moment", "day"),
    [
        ("2 weeks ago", "2026-11-20T12:00:00+00:00", date(2026, 11, 20)),
        ("last tuesday", "2026-12-01T12:00:00+00:00", date(2026, 12, 1)),
        ("monday", "2026-11-30T12:00:00+00:00", date(2026, 11, 30)),
        ("Friday", "2026-12-04T12:00:00+00:00", date(2026, 12, 4)),  # today is Friday
        ("last friday", "2026-11-27T12:00:00+00:00", date(2026, 11, 27)),
        ("Nov 20", "2026-11-20T12:00:00+00:00", date(2026, 11, 20)),
        ("3 hours ago", "2026-12-04T11:56:00+00:00", None),
        ("yesterday 3pm", "2026-12-03T15:00:00+00:00", None),
        ("today", "2026-12-04T14:56:00+00:00", date(2026, 12, 4)),
        ("now", "2026-12-04T14:56:00+00:00", None),
        ("2026-11-20", "2026-11-20T12:00:00+00:00", date(2026, 11, 20)),
    ],
)
def test_dates_in_words(typed, moment, day):
    when = read_when(typed, NOW)
    assert (when.moment.isoformat(), when.day) == (moment, day)


def test_a_day_is_the_local_calendar_day_in_utc_plus_14(local_zone):
    local_zone("Pacific/Kiritimati")  # 14:56 UTC on Dec 4 is 04:56 on Saturday Dec 5 there
    assert read_when("today", NOW).day == date(2026, 12, 5)
    assert read_when("monday", NOW).day == date(2026, 11, 30)
    assert read_when("2026-12-05", NOW).moment.isoformat() == "2026-12-04T22:00:00+00:00"
    assert read_when("3 hours ago", NOW).moment.isoformat() == "2026-12-04T11:56:00+00:00"


def test_since_and_until_take_the_local_midnights(local_zone):
    local_zone("Pacific/Kiritimati")
    assert day_start("2026-12-05") == "2026-12-04T10:00:00Z"
    assert day_end("2026-12-05") == "2026-12-05T09:59:59Z"
    assert day_start("2026-12-05T08:00") == "2026-12-04T18:00:00Z"  # a moment stays one


def notes(voc, *args) -> list[dict]:
    return json.loads(voc("list", *args, "--format", "json").stdout)


def test_capture_accepts_dates_in_words(voc):
    for typed in ("2 weeks ago", "last tuesday", "monday", "Nov 20", "3 hours ago"):
        voc("capture", f"said {typed}", "-d", typed)
    stored = {n["text"][5:]: datetime.fromisoformat(n["occurred_at"]) for n in notes(voc)}
    now, today = datetime.now(UTC), datetime.now(UTC).date()
    assert stored["2 weeks ago"].date() == today - timedelta(days=14)
    assert stored["monday"].weekday() == 0 and today - stored["monday"].date() < timedelta(7)
    assert stored["last tuesday"].weekday() == 1
    assert timedelta(0) < today - stored["last tuesday"].date() <= timedelta(7)
    assert stored["Nov 20"].date() == date(today.year, 11, 20)
    assert abs(stored["3 hours ago"] - (now - timedelta(hours=3))) < timedelta(minutes=2)


def test_today_agrees_with_itself_in_utc_plus_14(voc, local_zone):
    local_zone("Pacific/Kiritimati")
    local_today = datetime.now().astimezone().date().isoformat()
    voc("capture", "dated today", "-d", "today")
    voc("capture", "dated now")
    voc("capture", "dated by its day", "-d", local_today)
    assert len(notes(voc, "--since", "today", "--until", "today")) == 3
    assert len(notes(voc, "--until", "yesterday")) == 0
    table = voc("list").stdout
    assert table.count(local_today) == 3  # the table shows the local day, not UTC's


def test_a_digest_reads_dates_in_words(voc):
    voc("capture", "The export is slow", "-d", "3 days ago")
    found = json.loads(voc("digest", "--since", "2 weeks ago", "--format", "json").stdout)
    today = datetime.now(UTC).date()
    assert found["period"]["start"] == (today - timedelta(days=14)).isoformat()
    assert found["period"]["end"] == today.isoformat()


def test_capture_without_a_date_in_words_never_loads_the_parser():
    def imports(*args: str) -> str:
        run = [sys.executable, "-X", "importtime", "-m", "voc", "capture", "x", *args]
        return subprocess.run(run, capture_output=True, text=True, check=True).stderr

    assert "parsedatetime" not in imports()
    assert "parsedatetime" not in imports("-d", "2026-11-20")
    assert "parsedatetime" not in imports("-d", "last tuesday")
    assert "parsedatetime" in imports("-d", "Nov 20")
