"""`voc forget` erases what the user selected by field, and nothing it only guessed at."""

import json

import pexpect
from test_notes_forget import capture, file_bytes, spawn_voc

from voc.notes.engine import sqlite3


def seed_will(voc) -> dict[str, int]:
    return {
        "will": capture(voc, "Wants a yearly invoice.", "-c", "Will", "-a", "Globex"),
        "ana": capture(voc, "We will pay more if SSO ships", "-c", "Ana Ruiz", "-a", "Acme"),
        "lee": capture(voc, "The new export will save us hours", "-c", "Lee", "-a", "Umbrella"),
        "slack": capture(voc, "Slack integration keeps failing", "-c", "Bo", "-a", "Initech"),
        "slack_co": capture(voc, "Their admin asked for SAML.", "-c", "Kim", "-a", "slack"),
    }


def listed(voc) -> list[int]:
    return sorted(n["id"] for n in json.loads(voc("list", "--format", "json").stdout))


def test_forget_customer_will_keeps_notes_that_only_say_will(voc, db_file, tmp_path):
    ids = seed_will(voc)
    export = tmp_path / "before.jsonl"
    voc("export", "-o", str(export))
    result = voc("forget", "--customer", "Will", "--yes", "--format", "json")
    summary = json.loads(result.stdout)
    assert summary["note_ids"] == [ids["will"]]
    assert summary["mentions_kept"] == [ids["ana"], ids["lee"]]
    assert list(summary) == [
        "selector", "notes", "rows", "note_ids", "mentions_kept", "scrubbed", "dry_run"
    ]  # fmt: skip
    assert "also mentioned in 2 note(s) filed under others" in result.stderr
    assert ids["ana"] in listed(voc) and ids["lee"] in listed(voc)
    # Only the erased note's identity is banned: restoring the export brings none back,
    # and the two kept notes are plain duplicates, not "forgotten".
    again = json.loads(voc("import", str(export), "--format", "json").stdout)
    assert (again["new"], again["duplicate"], again["forgotten"]) == (0, 4, 1)


def test_forget_account_selects_the_account_field_exactly(voc):
    ids = seed_will(voc)
    result = voc("forget", "--account", "Slack", "--yes", "--format", "json")
    assert json.loads(result.stdout)["note_ids"] == [ids["slack_co"]]  # any case
    assert json.loads(result.stdout)["mentions_kept"] == [ids["slack"]]
    assert ids["slack"] in listed(voc)


def test_a_name_matches_in_any_case_unicode_too(voc):
    own = capture(voc, "Asked about exports.", "-c", "Zoë Ångström")
    result = voc("forget", "-c", "ZOË ÅNGSTRÖM", "--yes", "--format", "json")
    assert json.loads(result.stdout)["note_ids"] == [own]


def test_dry_run_lists_what_would_go_redacted_and_changes_nothing(voc, db_file):
    ids = seed_will(voc)
    capture(voc, "Call Will on +44 20 7946 0958\nsecond line stays out", "-c", "Will")
    before = file_bytes(db_file)
    result = voc("forget", "-c", "will", "--dry-run", "--format", "json")
    summary = json.loads(result.stdout)
    assert summary["dry_run"] is True and summary["scrubbed"] is False
    assert summary["note_ids"] == [ids["will"], 6]
    assert "2 note(s) would be erased" in result.stderr
    assert "[phone]" in result.stderr and "7946" not in result.stderr
    assert "second line" not in result.stderr
    assert "dry run: nothing changed" in result.stderr
    assert file_bytes(db_file) == before
    assert len(listed(voc)) == 6  # (list tags the notes first: after the byte check)
    conn = sqlite3.connect(db_file)
    assert conn.execute("SELECT count(*) FROM forgotten").fetchone()[0] == 0
    conn.close()


def test_mentions_are_refused_without_a_terminal_even_with_yes(voc):
    seed_will(voc)
    result = voc("forget", "-c", "Will", "--mentions", "--yes", input="", code=2)
    assert "--mentions asks on a terminal" in result.stderr
    assert len(listed(voc)) == 5


def test_mentions_on_a_terminal_are_shown_then_erased_when_confirmed(voc, db_file):
    ids = seed_will(voc)
    child = spawn_voc(db_file, "forget", "-c", "Will", "--mentions", "--yes")
    child.expect(r"1 note\(s\) will be erased")
    child.expect(r"also mentioned in 2 note\(s\) filed under others: erased too")
    child.expect(r"Erase 3 note\(s\), 2 of them only mentioning the name, for good\? \[y/N\]")
    child.sendline("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1 and len(listed(voc)) == 5
    child = spawn_voc(db_file, "forget", "-c", "Will", "--mentions")
    child.expect(r"\[y/N\]")
    child.sendline("y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert listed(voc) == [ids["slack"], ids["slack_co"]]
    assert b"will save us hours" not in file_bytes(db_file)
