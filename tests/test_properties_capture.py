"""Whatever someone types or pipes in, capture stores it whole or refuses it with a reason.

The property, for arbitrary unicode and bytes: no exception escapes except a VocError with
a message (one `voc: error:` line at the CLI), and a note that was accepted reads back
exactly as voc cleaned it: nothing truncated, nothing lost.
"""

import json
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voc.dates import parse_when
from voc.errors import VocError
from voc.intake.capture import build_note
from voc.intake.write import add as add_note
from voc.notes.engine import sqlite3
from voc.notes.note import clean_tags
from voc.notes.store import Store
from voc.redact import redact

# The autouse fixture gives each test one temp database; examples share it, which is fine:
# every note gets a fresh uid, so none is deduplicated away.
SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
CLI_SETTINGS = settings(SETTINGS, max_examples=60)
optional_text = st.one_of(st.none(), st.text(max_size=40))


def expected_text(raw: str) -> str:
    """What a capture with redaction off must store: the text, trimmed (worked out without
    voc; what redaction does is checked against its own oracle below)."""
    return raw.strip()


@SETTINGS
@given(
    text=st.text(max_size=400),
    customer=optional_text,
    account=optional_text,
    tags=st.lists(st.text(max_size=20), max_size=3),
)
def test_any_unicode_note_is_stored_whole_or_refused(db_file, text, customer, account, tags):
    try:
        note = build_note(
            text, source="support", customer=customer, account=account, tags=tags,
            redact_pii=False,
        )  # fmt: skip
    except VocError as e:
        assert str(e)
        assert not text.strip()
        return
    with Store.open(db_file) as store:
        saved, created = add_note(store, note)
        again = store.get(saved.id)
    assert created
    assert again.text == expected_text(text)
    assert again.customer == (customer.strip() if customer and customer.strip() else None)
    assert again.tags == clean_tags(tags)


@CLI_SETTINGS
@given(text=st.text(min_size=1, max_size=200), flags=st.booleans())
def test_any_argument_through_the_cli_is_stored_or_one_error_line(voc, db_file, text, flags):
    args = (
        ["capture", "--no-redact", "--format", "json", "-c", text[:20]]
        if flags
        else ["capture", "--no-redact", "--format", "json"]
    )
    result = voc(*args, "--", text, code=None)
    check_outcome(result, db_file, text)


@CLI_SETTINGS
@given(data=st.binary(max_size=300))
def test_any_bytes_on_stdin_are_stored_or_one_error_line(voc, db_file, data):
    result = voc("capture", "--no-redact", "--format", "json", input=data, code=None)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        assert result.exit_code == 2
        assert result.stderr.startswith("voc: error: standard input is not UTF-8")
        return
    check_outcome(result, db_file, text)


def check_outcome(result, db_file, text: str) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    if result.exit_code != 0:
        assert result.stderr.startswith("voc: error: "), result.stderr
        assert result.stderr.count("\n") == 1
        assert not text.strip()
        return
    note = json.loads(result.stdout)
    assert note["text"] == expected_text(text)
    with sqlite3.connect(db_file) as conn:
        stored = conn.execute("SELECT text FROM notes WHERE id = ?", (note["id"],)).fetchone()
    assert stored[0] == note["text"]


@settings(max_examples=300, deadline=None)
@given(
    when=st.one_of(
        st.text(max_size=30),
        st.datetimes(timezones=st.one_of(st.none(), st.timezones())).map(datetime.isoformat),
        st.dates().map(str),
        st.integers(min_value=0, max_value=10**7).map(lambda n: f"{n} days ago"),
    )
)
def test_any_date_text_is_a_moment_or_a_clear_refusal(when):
    try:
        moment = parse_when(when)
    except VocError as e:
        assert when in str(e) or repr(when) in str(e)
        return
    assert moment.utcoffset() == timedelta(0)  # stored as UTC, whatever was given


# The same inputs again, each against what it must mean, worked out without voc.


def _kept_year(year: int) -> bool:
    """The README's rule: voc keeps dates in the years 1900 to 2999."""
    return 1900 <= year <= 2999


@settings(max_examples=200, deadline=None)
@given(moment=st.datetimes(timezones=st.timezones()))
def test_a_datetime_with_a_zone_is_that_instant(moment):
    try:
        parsed = parse_when(moment.isoformat())
    except VocError:  # only outside the years kept, or where UTC cannot hold it
        assert not _kept_year(moment.year - 1) or not _kept_year(moment.year + 1)
        return
    # the instant its text names: local time less the offset it shows (a time in a DST
    # fold would not compare equal across zones, so compare in UTC)
    utc = (moment.replace(tzinfo=None) - moment.utcoffset()).replace(tzinfo=UTC)
    assert parsed == utc


@settings(max_examples=200, deadline=None)
@given(moment=st.datetimes())
def test_a_naive_datetime_is_read_as_local_time(moment):
    try:
        parsed = parse_when(moment.isoformat())
    except VocError:
        assert not _kept_year(moment.year - 1) or not _kept_year(moment.year + 1)
        return
    # whatever the machine's zone, local time is within 14 hours of UTC
    assert abs(parsed.replace(tzinfo=None) - moment) <= timedelta(hours=14)


@settings(max_examples=200, deadline=None)
@given(day=st.dates())
def test_a_date_is_noon_utc_that_day(day):
    if not _kept_year(day.year):
        with pytest.raises(VocError, match="outside the years 1900-2999"):
            parse_when(day.isoformat())
        return
    parsed = parse_when(day.isoformat())
    assert (parsed.year, parsed.month, parsed.day, parsed.hour) == (
        day.year, day.month, day.day, 12
    )  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(days=st.integers(min_value=0, max_value=36_500))
def test_n_days_ago_is_that_local_day_at_noon(days):
    """A day typed in words is a local calendar day, stored at local noon; 0 days ago is
    today, which is now (README: dates as people say them)."""
    before = datetime.now(UTC).replace(microsecond=0)  # stored times are whole seconds
    parsed = parse_when(f"{days} days ago")
    after = datetime.now(UTC)
    if days == 0:
        assert before <= parsed <= after
        return
    local = parsed.astimezone()
    assert local.date() == before.astimezone().date() - timedelta(days=days)
    assert (local.hour, local.minute) == (12, 0)


@pytest.mark.parametrize(
    "when", ["0001-01-01T00:00:00+05:00", "0001-01-01T00:00:00", "9999-12-31T23:59:59-05:00"]
)
def test_a_date_at_the_edge_of_the_calendar_is_a_clear_refusal(when):
    with pytest.raises(VocError, match="cannot read the date"):
        parse_when(when)


# Redaction against an oracle of its own: text built from plain words and known personal
# data, where what must come out is known by construction.
PERSONAL = [
    ("ana.ruiz@acme.com", "email"),
    ("ana (at) acme (dot) com", "email"),
    ("+44 20 7946 0958", "phone"),
    ("+1-800-FLOWERS", "phone"),
    ("4111 1111 1111 1111", "card"),
    ("DE89 3704 0044 0532 0130 00", "iban"),
    ("123-45-6789", "id-number"),
    ("221B Baker Street", "address"),
]
plain_words = st.from_regex(r"[a-z]{2,10}", fullmatch=True).filter(lambda w: w not in ("at", "dot"))
pieces = st.lists(st.one_of(plain_words, st.sampled_from(PERSONAL)), min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(parts=pieces)
def test_redaction_replaces_exactly_the_personal_data(parts):
    text = " ".join(p if isinstance(p, str) else p[0] for p in parts)
    expected = " ".join(p if isinstance(p, str) else f"[{p[1]}]" for p in parts)
    kinds = Counter(p[1] for p in parts if not isinstance(p, str))
    assert redact(text) == (expected, kinds)


@SETTINGS
@given(parts=pieces)
def test_capture_stores_the_redacted_text(db_file, parts):
    text = " ".join(p if isinstance(p, str) else p[0] for p in parts)
    expected = " ".join(p if isinstance(p, str) else f"[{p[1]}]" for p in parts)
    with Store.open(db_file) as store:
        saved, _ = add_note(store, build_note(text, source="support"))
        assert store.get(saved.id).text == expected
