"""One date rule everywhere: years 1900-2999; a file holding another never breaks tagging."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from voc.dates import parse_when, to_iso
from voc.errors import InvalidInput
from voc.notes.engine import sqlite3


@pytest.mark.parametrize("typed", ["0999-05-05", "0001-01-01", "1899-12-31", "3000-01-01"])
def test_capture_refuses_a_year_out_of_range(voc, typed):
    result = voc("capture", "The export is slow.", "-d", typed, code=2)
    assert result.stderr == (
        f"voc: error: the date '{typed}' is outside the years 1900-2999 voc keeps: check the year\n"
    )
    assert json.loads(voc("list", "--format", "json").stdout) == []


def test_edit_refuses_a_year_out_of_range(voc):
    voc("capture", "The export is slow.", "-d", "2026-05-05")
    assert "outside the years" in voc("edit", "1", "-d", "0999-05-05", code=2).stderr
    note = json.loads(voc("show", "1", "--format", "json").stdout)
    assert note["occurred_at"] == "2026-05-05T12:00:00Z"


@pytest.mark.parametrize("typed", ["1900-01-01", "2999-12-31", "2999-12-31T23:59:59Z"])
def test_the_range_ends_are_kept(typed):
    assert to_iso(parse_when(typed))[:4] in ("1900", "2999")


def test_days_ago_past_the_range_is_refused():
    with pytest.raises(InvalidInput, match="outside the years"):
        parse_when("99999 days ago")


def test_a_stored_timestamp_is_never_out_of_range():
    """An e-mail's Date header goes through to_iso: a ValueError there means 'no date'."""
    with pytest.raises(ValueError, match="outside the years"):
        to_iso(datetime(999, 5, 5, 12, tzinfo=UTC))


def test_import_rejects_the_one_bad_date_and_keeps_the_others(voc, tmp_path):
    rows = [
        {"text": "Good one: the dashboard is fast.", "occurred_at": "2026-03-01"},
        {"text": "Bad one: a year nobody spoke in.", "occurred_at": "0001-01-01"},
        {"text": "Good two: the invoice is late.", "occurred_at": "2026-03-02"},
    ]
    source = tmp_path / "notes.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = voc("import", str(source), "--format", "json", code=3)  # 3: some rejected
    summary = json.loads(result.stdout)
    assert (summary["new"], summary["rejected"]) == (2, 1)
    rejects = Path(summary["rejects_file"]).read_text()
    assert "outside the years 1900-2999" in rejects
    dates = sorted(n["occurred_at"] for n in json.loads(voc("list", "--format", "json").stdout))
    assert dates == ["2026-03-01T12:00:00Z", "2026-03-02T12:00:00Z"]


def test_a_file_already_holding_year_999_still_tags_and_digests(voc, db_file):
    """An older voc stored '999-05-05T12:00:00Z' (not zero-padded); SQL may too."""
    voc("capture", "The invoice export is slow and billing is confusing.", "-d", "2026-11-03")
    conn = sqlite3.connect(db_file)
    with conn:
        conn.execute(
            """INSERT INTO notes (uid, text, source, occurred_at, captured_at, origin)
            VALUES ('old-1', 'Billing was confusing back then.', 'support',
                    '999-05-05T12:00:00Z', '2026-11-20T12:00:00Z', 'sql')"""
        )
    conn.close()
    themed = voc("list", "--theme", "billing", "--format", "json").stdout
    assert len(json.loads(themed)) == 2
    voc("retag")
    digest = voc("digest", "--since", "2026-11-01", "--until", "2026-11-30").stdout
    assert "billing" in digest.lower()
