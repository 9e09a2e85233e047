"""Whatever someone types or pipes in, capture stores it whole or refuses it with a reason.

The property, for arbitrary unicode and bytes: no exception escapes except a VocError with
a message (one `voc: error:` line at the CLI), and a note that was accepted reads back
exactly as voc cleaned it: nothing truncated, nothing lost.
"""

import json
import sqlite3
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voc.dates import parse_when
from voc.errors import VocError
from voc.intake.capture import build_note
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
    return redact(raw.strip())[0]


@SETTINGS
@given(
    text=st.text(max_size=400),
    customer=optional_text,
    account=optional_text,
    tags=st.lists(st.text(max_size=20), max_size=3),
)
def test_any_unicode_note_is_stored_whole_or_refused(db_file, text, customer, account, tags):
    try:
        note = build_note(text, source="support", customer=customer, account=account, tags=tags)
    except VocError as e:
        assert str(e)
        assert not text.strip()
        return
    with Store.open(db_file) as store:
        saved, created = store.add(note)
        again = store.get(saved.id)
    assert created
    assert again.text == expected_text(text)
    assert again.customer == (customer.strip() if customer and customer.strip() else None)
    assert again.tags == clean_tags(tags)


@CLI_SETTINGS
@given(text=st.text(min_size=1, max_size=200), flags=st.booleans())
def test_any_argument_through_the_cli_is_stored_or_one_error_line(voc, db_file, text, flags):
    args = (
        ["capture", "--format", "json", "-c", text[:20]]
        if flags
        else ["capture", "--format", "json"]
    )
    result = voc(*args, "--", text, code=None)
    check_outcome(result, db_file, text)


@CLI_SETTINGS
@given(data=st.binary(max_size=300))
def test_any_bytes_on_stdin_are_stored_or_one_error_line(voc, db_file, data):
    result = voc("capture", "--format", "json", input=data, code=None)
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
    assert moment.tzinfo is not None
    assert moment.astimezone(UTC).year >= 1


@pytest.mark.parametrize(
    "when", ["0001-01-01T00:00:00+05:00", "0001-01-01T00:00:00", "9999-12-31T23:59:59-05:00"]
)
def test_a_date_at_the_edge_of_the_calendar_is_a_clear_refusal(when):
    with pytest.raises(VocError, match="cannot read the date"):
        parse_when(when)
