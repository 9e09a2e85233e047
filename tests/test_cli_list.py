"""`voc list`: a page by default, rows streamed, themes and sentiment shown, a pager on a
terminal and tab-separated rows into a pipe."""

import csv
import io
import json
import os
import sys
from pathlib import Path

import pexpect
import pytest

from voc.intake.write import add as add_note
from voc.notes.note import RECORD_FIELDS, Note
from voc.notes.store import Store

VOC = str(Path(sys.executable).with_name("voc"))


def add_notes(db_file: Path, count: int) -> None:
    """Notes straight through the core: fast, and untagged until a command reads them."""
    with Store.open(db_file) as store:
        for i in range(1, count + 1):
            add_note(
                store,
                Note(
                    text=f"Note {i}: the invoice was wrong.\nSecond line",
                    source="support",
                    customer=f"Customer {i}",
                    account="Acme",
                    occurred_at=f"2026-11-{i % 28 + 1:02d}T12:00:00Z",
                ),
            )


@pytest.fixture
def many(db_file):
    add_notes(db_file, 35)
    return db_file


def test_list_shows_30_and_says_how_many_more_matched(voc, many):
    result = voc("list")
    assert len(result.stdout.splitlines()) == 30
    assert result.stderr == "showing 30 of 35; --limit or --all for more\n"
    assert len(voc("list", "--all").stdout.splitlines()) == 35
    assert voc("list", "--all").stderr == ""
    assert len(voc("list", "-n", "5").stdout.splitlines()) == 5
    assert "--limit or --all, not both" in voc("list", "--all", "-n", "5", code=2).stderr


def test_search_shows_the_30_best_and_says_how_many_more_matched(voc, many):
    """A common word in a big file is a page, as `list`: not every note in the file."""
    result = voc("search", "invoice", "--format", "json")
    assert len(json.loads(result.stdout)) == 30
    assert result.stderr == "showing 30 of 35; --limit or --all for more\n"
    every = voc("search", "invoice", "--all", "--format", "json")
    assert len(json.loads(every.stdout)) == 35 and every.stderr == ""
    assert len(json.loads(voc("search", "invoice", "-n", "5", "--format", "json").stdout)) == 5
    assert "showing 2 of 35" in voc("search", 'invoice"(', "-n", "2").stderr  # plain words
    assert "--limit or --all, not both" in voc("search", "x", "--all", "-n", "5", code=2).stderr


def test_the_page_is_the_newest_notes(voc, many):
    dates = [line.split("\t")[1] for line in voc("list", "-n", "3").stdout.splitlines()]
    assert dates == sorted(dates, reverse=True) and dates[0] == "2026-11-28"


def test_piped_rows_are_tab_separated_with_themes_and_sentiment(voc, db_file):
    voc("capture", "The invoice\tcame twice.\nSecond line", "-s", "support", "-c", "Ana")
    row = voc("list").stdout.splitlines()
    assert len(row) == 1
    fields = row[0].split("\t")
    assert fields[0] == "1" and fields[2:5] == ["support", "Ana", ""]
    assert fields[5] == "billing" and fields[6] in ("negative", "neutral", "positive")
    assert fields[7] == "The invoice came twice."  # the first line, no tab inside


def test_machine_formats_gain_themes_and_signals_at_the_end(voc, many):
    listed = json.loads(voc("list", "-n", "2", "-f", "json").stdout)
    assert list(listed[0]) == [*RECORD_FIELDS, "themes", "signals"]
    assert listed[0]["themes"] == ["billing"] and listed[0]["sentiment_label"] is not None
    lines = voc("list", "-n", "2", "-f", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == listed
    rows = list(csv.DictReader(io.StringIO(voc("list", "-n", "2", "-f", "csv").stdout)))
    assert list(rows[0]) == [*RECORD_FIELDS, "themes", "signals"]
    assert rows[0]["themes"] == '["billing"]'


def test_json_is_written_as_one_array_as_before(voc, many):
    out = voc("list", "--all", "-f", "json").stdout
    assert out == json.dumps(json.loads(out), ensure_ascii=False, indent=2) + "\n"
    assert voc("list", "--customer", "nobody", "-f", "json").stdout == "[]\n"


def test_sentiment_is_never_null_for_a_listed_note(voc, many):
    """No other command has tagged these notes: list tags them before showing them."""
    listed = json.loads(voc("list", "--all", "-f", "json").stdout)
    assert all(n["sentiment_label"] and n["sentiment"] is not None for n in listed)


def terminal_env() -> dict[str, str]:
    """The tests' environment without the pinned COLUMNS: the terminal's size decides."""
    return {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}


def spawn(db_file: Path, *args: str, rows: int = 24, cols: int = 80, **env) -> str:
    child = pexpect.spawn(
        VOC,
        ["list", *args],
        env={**terminal_env(), "NO_COLOR": "1", "PAGER": "sed s/^/PAGED:/", **env},
        encoding="utf-8",
        timeout=60,
        dimensions=(rows, cols),
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return child.before


def test_a_long_list_goes_through_the_pager_on_a_terminal(many):
    paged = spawn(many)
    assert "PAGED:" in paged and "#27" in paged
    plain = spawn(many, "--no-pager")
    assert "PAGED:" not in plain and "#" in plain
    short = spawn(many, "-n", "2")  # fits the screen: no pager
    assert "PAGED:" not in short and "showing 2 of 35" in short


def test_a_terminal_shows_a_table_when_wide_and_stacked_rows_when_narrow(many):
    wide = spawn(many, "-n", "2", cols=140, rows=50)
    assert "sentiment" in wide and "themes" in wide and "Customer 27" in wide
    narrow = spawn(many, "-n", "2", cols=80)
    assert "Customer 27 · Acme  billing" in narrow
    assert "    Note 27: the invoice was wrong." in narrow
