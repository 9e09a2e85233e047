"""`voc list`, `search`, `show`, `edit`, `delete` through the real CLI."""

import csv
import io
import json

import pytest

from voc.intake.size import MAX_NOTE_CHARS
from voc.notes.note import RECORD_FIELDS


@pytest.fixture
def three_notes(voc):
    voc(
        "capture",
        "The invoice was wrong twice",
        "-s",
        "support",
        "-c",
        "Ana",
        "-a",
        "Acme",
        "-d",
        "2026-11-02",
        "-t",
        "billing",
    )
    voc(
        "capture",
        "They want SSO before renewing",
        "-s",
        "sales",
        "-c",
        "Bo",
        "-a",
        "Globex",
        "-d",
        "2026-11-10",
    )
    voc(
        "capture",
        "Invoices arrive late; refund took weeks",
        "-s",
        "support",
        "-c",
        "Cy",
        "-a",
        "Acme",
        "-d",
        "2026-11-18",
    )


def ids(result) -> list[int]:
    return [note["id"] for note in json.loads(result.stdout)]


def test_list_json_is_newest_first_with_the_documented_fields(voc, three_notes):
    notes = json.loads(voc("list", "--format", "json").stdout)
    assert [n["id"] for n in notes] == [3, 2, 1]
    assert list(notes[0]) == [*RECORD_FIELDS, "themes", "signals"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--source", "support"], [3, 1]),
        (["--account", "acme"], [3, 1]),
        (["--customer", "Bo"], [2]),
        (["--tag", "billing"], [1]),
        (["--since", "2026-11-10"], [3, 2]),
        (["--until", "2026-11-10"], [2, 1]),
        (["--since", "2026-11-03", "--until", "2026-11-17"], [2]),
        (["--limit", "1"], [3]),
        (["-s", "sales", "-s", "support", "-n", "2"], [3, 2]),
    ],
)
def test_list_filters(voc, three_notes, args, expected):
    assert ids(voc("list", *args, "--format", "json")) == expected


def test_list_jsonl_and_csv(voc, three_notes):
    lines = voc("list", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [3, 2, 1]
    rows = list(csv.DictReader(io.StringIO(voc("list", "--format", "csv").stdout)))
    assert [r["id"] for r in rows] == ["3", "2", "1"]
    assert rows[2]["tags"] == '["billing"]'
    assert list(rows[0]) == [*RECORD_FIELDS, "themes", "signals"]


def test_list_table_shows_the_notes(voc, three_notes):
    out = voc("list").stdout
    assert "Globex" in out and "They want SSO" in out
    assert out.index("Invoices arrive late") < out.index("The invoice was wrong")


def test_search_ranks_and_filters(voc, three_notes):
    assert ids(voc("search", "refund", "--format", "json")) == [3]
    assert sorted(ids(voc("search", "invoice OR invoices", "--format", "json"))) == [1, 3]
    assert ids(voc("search", "invoice OR invoices", "-c", "Ana", "--format", "json")) == [1]
    assert ids(voc("search", '"renewing"', "--format", "json")) == [2]


def test_search_table_marks_the_matching_words(voc, three_notes):
    out = voc("search", "refund").stdout
    assert "refund took weeks" in out


def test_search_with_fts_syntax_characters_falls_back_to_plain_words(voc, three_notes):
    assert ids(voc("search", 'SSO"(', "--format", "json")) == [2]
    assert ids(voc("search", '"twice', "--format", "json")) == [1]


def test_search_with_an_empty_query_is_an_error(voc, three_notes):
    assert voc("search", "  ", code=2).stderr == "voc: error: the search query is empty\n"


def test_show_prints_the_whole_note(voc, three_notes):
    out = voc("show", "2").stdout
    assert "They want SSO before renewing" in out
    assert "account:   Globex" in out
    assert json.loads(voc("show", "2", "--format", "json").stdout)["customer"] == "Bo"


def test_edit_with_flags(voc, three_notes):
    voc("edit", "2", "--account", "Globex Corp", "--no-quote", "--text", "They need SSO first")
    note = json.loads(voc("show", "2", "--format", "json").stdout)
    assert (note["account"], note["quotable"], note["text"]) == (
        "Globex Corp",
        False,
        "They need SSO first",
    )
    assert ids(voc("search", "first", "--format", "json")) == [2]  # the index follows edits
    assert ids(voc("search", "renewing", "--format", "json")) == []


def test_edited_text_is_redacted_and_capped_as_a_capture_is(voc, three_notes):
    """An edit is a way in too: an address typed there is masked, and a pasted thread is
    cut at the maximum note size, with the cut marked."""
    voc("edit", "2", "--text", "Write to ana.ruiz@initech.example or call +1 415 555 0100")
    text = json.loads(voc("show", "2", "--format", "json").stdout)["text"]
    assert "ana.ruiz@initech.example" not in text and "555 0100" not in text
    assert "[email]" in text
    voc("edit", "2", "--no-redact", "--text", "Write to ana.ruiz@initech.example")
    assert (
        "ana.ruiz@initech.example"
        in json.loads(voc("show", "2", "--format", "json").stdout)["text"]
    )
    voc("edit", "2", "--text", "word " * (MAX_NOTE_CHARS // 4))
    text = json.loads(voc("show", "2", "--format", "json").stdout)["text"]
    assert len(text) <= MAX_NOTE_CHARS
    assert text.endswith("the rest is not stored]")


def test_edit_without_flags_needs_a_terminal(voc, three_notes):
    result = voc("edit", "2", code=2)
    assert "give --text or another flag" in result.stderr


def test_delete_needs_yes_without_a_terminal(voc, three_notes):
    assert "refusing to delete without --yes" in voc("delete", "1", code=2).stderr
    voc("delete", "1", "--yes")
    assert ids(voc("list", "--format", "json")) == [3, 2]
    assert ids(voc("search", "wrong", "--format", "json")) == []


@pytest.mark.parametrize(
    "command", [["show", "9"], ["edit", "9", "--text", "x"], ["delete", "9", "--yes"]]
)
def test_a_missing_id_is_one_clear_line(voc, three_notes, command):
    result = voc(*command, code=1)
    assert result.stderr == "voc: error: no note with id 9\n"


def test_every_command_has_help_with_an_example(voc):
    for command in ("capture", "list", "search", "show", "edit", "delete"):
        assert "Example: voc" in voc(command, "--help").stdout


def test_version(voc):
    from voc import __version__

    assert voc("--version").stdout == f"voc {__version__}\n"


def test_db_path_follows_the_flag_then_the_environment(voc, db_file, tmp_path):
    assert voc("db", "path").stdout == f"{db_file}\n"
    assert voc("--db", str(tmp_path / "x.db"), "db", "path").stdout == f"{tmp_path / 'x.db'}\n"
