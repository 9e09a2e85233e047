"""`voc capture`: every way a note comes in, and every way bad input is refused."""

import json
import os
import stat

import pytest

from voc.notes.engine import sqlite3


def stored(db_file) -> list[dict]:
    with sqlite3.connect(db_file) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute("SELECT * FROM notes ORDER BY id")]


def test_capture_prints_the_new_id_and_stores_every_field(voc, db_file):
    result = voc(
        "capture",
        "Setup took two weeks",
        "-s",
        "interview",
        "-c",
        "Lee Wong",
        "-a",
        "Globex",
        "--author",
        "dana",
        "-d",
        "2026-11-20",
        "-t",
        "Onboarding",
        "-t",
        "pricing",
    )
    assert result.stdout == "1\n"
    [row] = stored(db_file)
    assert row["text"] == "Setup took two weeks"
    assert (row["source"], row["customer"], row["account"], row["author"]) == (
        "interview",
        "Lee Wong",
        "Globex",
        "dana",
    )
    assert row["occurred_at"] == "2026-11-20T12:00:00Z"
    assert json.loads(row["tags"]) == ["onboarding", "pricing"]
    assert row["quotable"] == 1
    assert row["origin"] == "capture"
    assert len(row["uid"]) == 32


def test_capture_json_prints_the_whole_note(voc):
    result = voc("capture", "Love the new dashboard", "-s", "support", "--format", "json")
    note = json.loads(result.stdout)
    assert note["id"] == 1
    assert note["text"] == "Love the new dashboard"
    assert note["source"] == "support"
    assert result.stderr == ""


def test_capture_reads_stdin_when_it_is_not_a_terminal(voc, db_file):
    voc("capture", "-s", "support", "-a", "Initech", input="They want SSO.\nAnd audit logs.\n")
    [row] = stored(db_file)
    assert row["text"] == "They want SSO.\nAnd audit logs."
    assert row["account"] == "Initech"


def test_a_dash_reads_stdin_too(voc, db_file):
    voc("capture", "-", "-s", "support", input="Read from stdin, not a note saying '-'.\n")
    assert [row["text"] for row in stored(db_file)] == ["Read from stdin, not a note saying '-'."]


def test_default_author_comes_from_config(voc, db_file, isolated):
    (isolated / "config").mkdir()
    (isolated / "config" / "config.toml").write_text('author = "Dana Scully"\n')
    voc("capture", "hello there")
    assert stored(db_file)[0]["author"] == "Dana Scully"


def test_no_quote_marks_the_note_as_not_quotable(voc, db_file):
    voc("capture", "Do not quote me on this", "--no-quote")
    assert stored(db_file)[0]["quotable"] == 0


def test_the_same_origin_is_stored_once(voc, db_file):
    first = voc("capture", "Weekly sync note", "--origin", "crm:call:77")
    again = voc("capture", "Weekly sync note, edited", "--origin", "crm:call:77")
    assert first.stdout == again.stdout == "1\n"
    assert "already stored as note 1" in again.stderr
    assert len(stored(db_file)) == 1


def test_personal_data_is_redacted_unless_asked_not_to(voc, db_file):
    voc("capture", "Reach me at ana@acme.com or +1 415 555 0100, on v2.14.1 since 2026-11-20")
    voc("capture", "keep ana@acme.com", "--no-redact")
    first, second = stored(db_file)
    assert first["text"] == "Reach me at [email] or [phone], on v2.14.1 since 2026-11-20"
    assert second["text"] == "keep ana@acme.com"


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("2026-11-20T09:30:00Z", "2026-11-20T09:30:00Z"),
        ("2026-11-20T09:30:00+02:00", "2026-11-20T07:30:00Z"),
    ],
)
def test_iso_datetimes_are_stored_in_utc(voc, db_file, when, expected):
    voc("capture", "x", "-d", when)
    assert stored(db_file)[0]["occurred_at"] == expected


def test_relative_dates(voc, db_file):
    voc("capture", "a", "-d", "3 days ago")
    voc("capture", "b", "-d", "yesterday")
    voc("capture", "c")
    a, b, c = (row["occurred_at"] for row in stored(db_file))
    assert a < b < c


def test_the_database_is_created_owner_only(voc, db_file):
    voc("capture", "private words")
    assert stat.S_IMODE(os.stat(db_file).st_mode) == 0o600


def test_extra_sources_from_config(voc, db_file, isolated):
    (isolated / "config").mkdir()
    (isolated / "config" / "config.toml").write_text('sources = ["success"]\n')
    voc("capture", "renewal call went well", "-s", "success")
    assert stored(db_file)[0]["source"] == "success"


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["capture", "   "], None, "voc: error: the note is empty: give some text\n"),
        (["capture", "-s", "support"], "\n \n", "voc: error: the note is empty: give some text\n"),
        (
            ["capture", "x", "-s", "fax"],
            None,
            "voc: error: unknown source 'fax': use one of support, sales, interview, email, "
            "survey, review, social, other\n",
        ),
        (
            ["capture", "x", "-d", "someday"],
            None,
            "voc: error: cannot read the date 'someday': use YYYY-MM-DD, an ISO datetime, or "
            "words such as 'today', 'yesterday', '3 days ago', 'last tuesday', 'Nov 20', "
            "'3 hours ago'\n",
        ),
        (
            ["capture", "-s", "support"],
            b"caf\xe9 au lait",
            "voc: error: standard input is not UTF-8 text (byte 3): convert it first, e.g. with "
            "iconv -f latin1 -t utf-8\n",
        ),
    ],
)
def test_bad_input_is_one_line_and_stores_nothing(voc, db_file, args, stdin, message):
    result = voc(*args, input=stdin, code=2)
    assert result.stderr == message
    assert result.stdout == ""
    assert not db_file.exists() or stored(db_file) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["capture", "x", "--bogus"], "No such option: --bogus (see 'voc capture --help')"),
        (["--bogus"], "No such option: --bogus (see 'voc --help')"),
        (["nosuch"], "No such command 'nosuch' (see 'voc --help')"),
        (["show"], "Missing argument 'ID' (see 'voc show --help')"),
        (["themes", "nosuch"], "No such command 'nosuch' (see 'voc themes --help')"),
        (["list", "--limit", "0"], "0 is not in the range x>=1 (see 'voc list --help')"),
    ],
)
def test_a_bad_command_line_is_one_line_too(voc, db_file, args, message):
    result = voc(*args, code=2)
    assert result.stderr.startswith("voc: error: ")
    assert result.stderr.endswith(message + "\n")
    assert result.stderr.count("\n") == 1
    assert not db_file.exists()


@pytest.mark.parametrize("args", [[], ["themes"]])
def test_a_group_run_bare_still_prints_its_help(voc, args):
    result = voc(*args, code=2)
    assert "Usage: voc" in result.stderr and "Commands:" in result.stderr


def test_capture_and_import_store_the_same_row(voc, db_file, tmp_path):
    """One write path: a captured note and its re-import elsewhere are the same bytes in
    every column the import carries over (JSON lists included, non-ASCII as it is). Only
    the dedupe key differs: import keys a note without origin by its content."""
    voc("capture", "Le café est trop cher", "-c", "Zoë", "-t", "café", "-t", "prix", "--no-quote")
    exported = voc("list", "--format", "jsonl").stdout
    other = tmp_path / "other.db"
    voc("--db", str(other), "import", "-", "--from", "jsonl", input=exported)
    columns = ("uid", "text", "source", "customer", "author", "occurred_at", "captured_at",
               "tags", "attachments", "quotable", "origin")  # fmt: skip
    captured, imported = stored(db_file)[0], stored(other)[0]
    assert {c: imported[c] for c in columns} == {c: captured[c] for c in columns}
    assert captured["tags"] == '["café", "prix"]'
