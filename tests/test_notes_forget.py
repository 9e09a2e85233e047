"""`voc forget` and `voc retain`: the erased words are gone from the file's bytes, WAL included."""

import json
import os
import sys
from pathlib import Path

import pexpect
import pytest

from voc.errors import InvalidInput
from voc.notes import engine, forget
from voc.notes.engine import sqlite3
from voc.notes.forget import PLACEHOLDER, erases_in_place, parse_age

NAME = "Zelda Quist"
ADDRESS = "zelda.quist@initech.example"
SECRET = "xylophonically"  # a word only in Zelda's notes
SECRET_STEM = b"xylophon"  # as the full-text index keeps it (m013: porter stems)
OLD_WORD = "quokkaesque"  # a word only in the old note
NEEDLES = [b"Zelda", b"zelda", b"Quist", b"quist", SECRET.encode(), ADDRESS.encode()]


def file_bytes(db_file: Path) -> bytes:
    """The database and its -wal and -shm files, as they are on disk."""
    parts = [db_file, Path(f"{db_file}-wal"), Path(f"{db_file}-shm")]
    return b"".join(p.read_bytes() for p in parts if p.exists())


@pytest.fixture
def keeper(db_file):
    """Another connection holding the file open, as a second voc would: SQLite then keeps
    the -wal file, with every page written, instead of folding it in on close."""
    conn = sqlite3.connect(db_file)
    conn.execute("PRAGMA journal_mode = WAL")
    yield conn
    conn.close()


def spawn_voc(db_file: Path, *args: str) -> pexpect.spawn:
    """`voc ARGS` on a pseudo-terminal, as a person at a keyboard runs it."""
    env = {**os.environ, "VOC_DB": str(db_file), "NO_COLOR": "1", "TERM": "dumb"}
    voc_bin = str(Path(sys.executable).parent / "voc")
    return pexpect.spawn(voc_bin, list(args), env=env, encoding="utf-8", timeout=20)


def capture(voc, text: str, *args: str) -> int:
    return int(voc("capture", text, "--no-redact", *args).stdout)


def add_theme(db_file: Path, note_id: int, theme: str, evidence: str) -> None:
    conn = sqlite3.connect(db_file)
    with conn:
        conn.execute(
            "INSERT INTO note_themes (note_id, theme, occurred_at, evidence, sentence) "
            "SELECT id, ?, occurred_at, ?, text FROM notes WHERE id = ?",
            (theme, evidence, note_id),
        )
        conn.execute(
            "INSERT INTO note_signals (note_id, signal, occurred_at, evidence) "
            "SELECT id, 'pain', occurred_at, ? FROM notes WHERE id = ?",
            (evidence, note_id),
        )
    conn.close()


def seed_zelda(voc, db_file) -> dict[str, int]:
    ids = {
        "hers": capture(
            voc, f"The export is {SECRET} slow, she says.", "-c", NAME, "-a", "Initech"
        ),
        "mention": capture(voc, f"Ask {NAME} about the renewal; mail {ADDRESS}.", "-c", "Bo"),
        "other": capture(voc, "Dashboards load fast now.", "-c", "Bo", "-a", "Globex"),
        "banana": capture(voc, "Zeld and Quis are not her name.", "-c", "Bo"),
    }
    add_theme(db_file, ids["hers"], "performance", f"{SECRET} slow")
    return ids


@pytest.fixture(params=["in place", "bulk"])
def erasure_size(request, monkeypatch):
    """Both ways an erasure leaves the index: entries erased in place, or (more notes
    than forget.IN_PLACE_AT_MOST) one merge of the whole index."""
    if request.param == "bulk":
        monkeypatch.setattr(forget, "IN_PLACE_AT_MOST", 0)
    return request.param


def test_forget_customer_leaves_no_trace_in_the_file(voc, db_file, keeper, erasure_size):
    ids = seed_zelda(voc, db_file)
    assert voc("search", SECRET, "--format", "json").stdout.count('"id"') == 1
    before = file_bytes(db_file)
    assert all(needle in before for needle in NEEDLES)  # the check below can fail

    result = voc("forget", "--customer", "zelda quist", "--yes", "--format", "json")
    summary = json.loads(result.stdout)
    assert summary["note_ids"] == [ids["hers"]]  # hers by field; the mention is kept
    assert summary["mentions_kept"] == [ids["mention"]]
    assert summary["selector"] == "customer"
    assert summary["rows"] == 1 + 2  # her note, one theme row, one signal row
    assert summary["scrubbed"] is True
    assert SECRET.encode() not in file_bytes(db_file)
    voc("forget", "--id", str(ids["mention"]), "--yes")

    after = file_bytes(db_file)
    assert [n for n in NEEDLES if n in after] == []
    assert b"Dashboards load fast now." in after
    left = json.loads(voc("list", "--format", "json").stdout)
    assert sorted(n["id"] for n in left) == [ids["other"], ids["banana"]]
    assert voc("search", "Zelda OR Quist OR " + SECRET, "--format", "json").stdout.strip() == "[]"
    assert erases_in_place(keeper) == engine.FTS5_SECURE_DELETE  # a bulk one switched back


def test_forget_records_the_erasure_without_the_person(voc, db_file):
    ids = seed_zelda(voc, db_file)
    capture(voc, "Her own words, filed under her address.", "-c", ADDRESS)
    voc("forget", "--email", ADDRESS.upper(), "--yes")
    voc("forget", "--id", str(ids["mention"]), "--yes")
    conn = sqlite3.connect(db_file)
    rows = conn.execute(
        "SELECT selector, notes, rows, erased_at, scrubbed_at FROM erasures"
    ).fetchall()
    conn.close()
    assert [(r[0], r[1], r[2]) for r in rows] == [("email", 1, 1), ("id", 1, 1)]
    assert rows[0][3].endswith("Z") and rows[0][4] >= rows[0][3]
    assert ADDRESS.encode() not in file_bytes(db_file)


def test_forget_by_email_finds_notes_by_the_contact_hash(voc, db_file):
    from voc.notes.note import contact_hash

    note_id = capture(voc, "Imported from her mail.", "-c", "Someone")
    conn = sqlite3.connect(db_file)
    with conn:
        conn.execute(
            "UPDATE notes SET contact_hash = ? WHERE id = ?", (contact_hash(ADDRESS), note_id)
        )
    conn.close()
    result = voc("forget", "--email", f"  {ADDRESS} ", "--yes", "--format", "json")
    assert json.loads(result.stdout)["note_ids"] == [note_id]


def test_forget_account_and_id(voc, db_file):
    ids = seed_zelda(voc, db_file)
    by_account = voc("forget", "-a", "GLOBEX", "--yes", "--format", "json").stdout
    assert json.loads(by_account)["note_ids"] == [ids["other"]]
    uid = json.loads(voc("show", str(ids["banana"]), "--format", "json").stdout)["uid"]
    by_uid = voc("forget", "--id", uid, "--yes", "--format", "json").stdout
    assert json.loads(by_uid)["note_ids"] == [ids["banana"]]
    assert b"Zeld and Quis" not in file_bytes(db_file)


def test_forget_lists_what_goes_and_refuses_without_a_terminal(voc, db_file):
    seed_zelda(voc, db_file)
    result = voc("forget", "--customer", NAME, input="", code=2)
    assert "1 note(s) will be erased" in result.stderr
    assert "also mentioned in 1 note(s) filed under others" in result.stderr
    assert "refusing to erase without --yes" in result.stderr
    assert len(json.loads(voc("list", "--format", "json").stdout)) == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give exactly one of --customer, --account, --email, --id"),
        (("-c", "A", "-a", "B"), "give exactly one of"),
        (("-c", "  "), "--customer is empty"),
    ],
)
def test_forget_needs_one_selector(voc, args, message):
    assert message in voc("forget", *args, "--yes", code=2).stderr


@pytest.fixture
def merging_sqlite(monkeypatch):
    """voc as it runs on a SQLite before 3.42 (no FTS5 secure-delete): the file is
    prepared, and erasures scrubbed, by merging the whole full-text index."""
    monkeypatch.setattr(engine, "FTS5_SECURE_DELETE", False)


needs_secure_delete = pytest.mark.skipif(
    not engine.FTS5_SECURE_DELETE,
    reason=f"SQLite {sqlite3.sqlite_version} has no FTS5 secure-delete (3.42+)",
)


def test_forget_with_nothing_matching_still_scrubs_deleted_text(
    merging_sqlite, voc, db_file, keeper
):
    note_id = capture(voc, f"Deleted the plain way: {SECRET}.", "-c", "Bo")
    voc("delete", str(note_id), "--yes")
    # A plain delete leaves the word behind, at least as the search index's stem (porter)
    assert SECRET_STEM in file_bytes(db_file)
    result = voc("forget", "--customer", "Nobody", "--yes")
    assert "no notes match" in result.stderr
    assert SECRET_STEM not in file_bytes(db_file)


@needs_secure_delete
def test_where_the_index_erases_in_place_even_a_plain_delete_leaves_no_word(voc, db_file, keeper):
    note_id = capture(voc, f"Deleted the plain way: {SECRET}.", "-c", "Bo")
    assert SECRET_STEM in file_bytes(db_file)  # the check can fail
    voc("delete", str(note_id), "--yes")
    assert SECRET_STEM not in file_bytes(db_file)


@needs_secure_delete
def test_a_file_prepared_without_secure_delete_gets_it_at_its_first_erasure(
    monkeypatch, voc, db_file, keeper
):
    """Made under an older SQLite, opened under a newer one: the first erasure switches
    the index to erasing in place, and merges once what earlier deletes left."""
    monkeypatch.setattr(engine, "FTS5_SECURE_DELETE", False)
    old = capture(voc, f"Deleted long ago: {SECRET}.", "-c", "Bo")
    voc("delete", str(old), "--yes")
    capture(voc, f"Her {OLD_WORD} note.", "-c", NAME)
    assert not erases_in_place(keeper)
    monkeypatch.setattr(engine, "FTS5_SECURE_DELETE", True)
    voc("forget", "--customer", NAME, "--yes")
    assert erases_in_place(keeper)
    assert SECRET_STEM not in file_bytes(db_file)
    assert OLD_WORD.encode()[:6] not in file_bytes(db_file)


@needs_secure_delete
def test_a_new_file_erases_in_place(voc, db_file, keeper):
    capture(voc, "A first note.")
    assert erases_in_place(keeper)


def test_retain_is_a_dry_run_unless_told(voc, db_file):
    capture(voc, f"An old {OLD_WORD} complaint.", "-d", "2025-01-10", "-a", "Acme")
    result = voc("retain", "--older-than", "180d")
    assert "1 note(s) would lose their text" in result.stderr
    assert "dry run" in result.stderr
    assert OLD_WORD in voc("list", "--format", "json").stdout


def test_retain_replaces_old_words_and_keeps_what_trends_need(voc, db_file, keeper, erasure_size):
    old = capture(
        voc, f"An old {OLD_WORD} complaint.", "-d", "2025-01-10", "-a", "Acme", "-c", NAME
    )
    new = capture(voc, "A fresh note.", "-a", "Acme")
    add_theme(db_file, old, "billing", f"{OLD_WORD} complaint")
    assert OLD_WORD.encode() in file_bytes(db_file)

    result = voc("retain", "--older-than", "26w", "--yes", "--format", "json")
    assert json.loads(result.stdout)["note_ids"] == [old]
    assert OLD_WORD.encode() not in file_bytes(db_file)
    assert b"Zelda" not in file_bytes(db_file)

    notes = {n["id"]: n for n in json.loads(voc("list", "--format", "json").stdout)}
    assert notes[old]["text"] == PLACEHOLDER
    assert (notes[old]["account"], notes[old]["occurred_at"]) == ("Acme", "2025-01-10T12:00:00Z")
    assert notes[old]["quotable"] is False and notes[old]["customer"] is None
    assert notes[new]["text"] == "A fresh note."
    conn = sqlite3.connect(db_file)
    themes = conn.execute("SELECT theme, evidence, sentence FROM note_themes").fetchall()
    audit = conn.execute("SELECT selector, notes FROM erasures").fetchall()
    conn.close()
    assert themes == [("billing", None, None)]
    assert audit == [("retain older than 26w", 1)]
    again = voc("retain", "--older-than", "26w", "--yes", "--format", "json")
    assert json.loads(again.stdout)["notes"] == 0  # already done: not counted twice


@pytest.mark.parametrize(("text", "days"), [("180d", 180), ("26w", 182), ("6m", 180), ("1Y", 365)])
def test_ages(text, days):
    assert parse_age(text).days == days


@pytest.mark.parametrize("text", ["", "180", "0d", "1.5y", "forever"])
def test_bad_ages(text):
    with pytest.raises(InvalidInput, match="cannot read the age"):
        parse_age(text)


def test_a_name_inside_another_word_is_not_a_mention(voc, db_file):
    capture(voc, "Bananas, said the customer.", "-c", "Bo")
    mention = capture(voc, "Talked to ana (support lead) today.", "-c", "Bo")
    result = voc("forget", "-c", "Ana", "--dry-run", "--format", "json")
    assert json.loads(result.stdout)["mentions_kept"] == [mention]


def test_forget_after_real_tagging_leaves_no_evidence_or_terms(voc, db_file, keeper):
    text = f"{NAME} said the {SECRET} invoice export is slow and she wants to cancel."
    capture(voc, text, "-c", NAME)
    capture(voc, "Dashboards load fast now.", "-c", "Bo")
    voc("export")  # tags every note first: themes, signals, terms with their evidence
    conn = sqlite3.connect(db_file)
    derived = {
        table: conn.execute(f"SELECT count(*) FROM {table} WHERE note_id = 1").fetchone()[0]
        for table in ("note_themes", "note_signals", "note_terms")
    }
    conn.close()
    assert all(derived.values()), derived
    assert SECRET.encode() in file_bytes(db_file)
    result = voc("forget", "-c", NAME, "--yes", "--format", "json")
    assert json.loads(result.stdout)["rows"] == 1 + sum(derived.values())
    assert [n for n in NEEDLES if n in file_bytes(db_file)] == []


def test_forget_asks_on_a_terminal(voc, db_file, isolated):
    capture(voc, "Zelda asked for a refund.", "-c", NAME)
    env = {**os.environ, "VOC_DB": str(db_file), "NO_COLOR": "1", "TERM": "dumb"}
    voc_bin = str(Path(sys.executable).parent / "voc")
    child = pexpect.spawn(voc_bin, ["forget", "-c", NAME], env=env, encoding="utf-8", timeout=20)
    child.expect(r"1 note\(s\) will be erased")
    child.expect(r"Erase 1 note\(s\) for good\? \[y/N\]")
    child.sendline("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert len(json.loads(voc("list", "--format", "json").stdout)) == 1
    child = pexpect.spawn(voc_bin, ["forget", "-c", NAME], env=env, encoding="utf-8", timeout=20)
    child.expect(r"\[y/N\]")
    child.sendline("y")
    child.expect("erased 1 note")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert json.loads(voc("list", "--format", "json").stdout) == []


def test_the_name_in_other_fields_and_attachment_names_is_a_mention(voc, db_file, isolated):
    in_field = capture(voc, "Call notes.", "-c", f"{NAME} (CFO)")
    attached = capture(voc, "Sent a file.", "-c", "Bo")
    kept = capture(voc, "Unrelated.", "-c", "Bo")
    conn = sqlite3.connect(db_file)
    with conn:
        conn.execute(
            "UPDATE notes SET attachments = ? WHERE id = ?",
            (json.dumps([f"{NAME} contract.pdf"]), attached),
        )
    conn.close()
    result = voc("forget", "-c", NAME, "--yes", "--format", "json")
    assert json.loads(result.stdout)["note_ids"] == []
    assert json.loads(result.stdout)["mentions_kept"] == [in_field, attached]
    child = spawn_voc(db_file, "forget", "-c", NAME, "--mentions")
    child.expect(r"Erase 2 note\(s\), 2 of them only mentioning the name, for good\? \[y/N\]")
    child.sendline("y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert [n["id"] for n in json.loads(voc("list", "--format", "json").stdout)] == [kept]
    assert b"Zelda" not in file_bytes(db_file)


def test_a_forgotten_person_does_not_come_back_with_a_re_import(voc, db_file, tmp_path):
    """Erased notes stay erased when the old mailbox or an old export is imported again;
    the file keeps only hashes of their identity (no message id, no words)."""
    mbox = Path(__file__).parents[1] / "examples" / "sample.mbox"
    voc("import", str(mbox), "--team-domain", "example.com")
    export = tmp_path / "before.jsonl"
    voc("export", "-o", str(export))
    first = json.loads(voc("list", "--format", "json").stdout)
    voc("forget", "--email", "ana.ruiz@acme.example", "--yes")
    left = json.loads(voc("list", "--format", "json").stdout)
    assert 0 < len(left) < len(first)

    again = voc("import", str(mbox), "--team-domain", "example.com", "--format", "json")
    assert json.loads(again.stdout)["new"] == 0
    assert json.loads(again.stdout)["forgotten"] == len(first) - len(left)
    assert "erased by voc forget before; not stored again" in again.stderr
    assert voc("import", str(export)).stdout.startswith("new=0 ")
    assert json.loads(voc("list", "--format", "json").stdout) == left
    assert b"ana-1@acme.example" not in file_bytes(db_file)
    assert b"ana.ruiz" not in file_bytes(db_file)


def test_a_forgotten_note_is_not_captured_again_by_its_origin(voc, db_file):
    capture(voc, "Call about the renewal.", "--origin", "crm:call:77")
    voc("forget", "--id", "1", "--yes")
    result = voc("capture", "Call about the renewal.", "--origin", "crm:call:77", code=1)
    assert result.stderr.startswith("voc: error: this note was erased by voc forget")
    capture(voc, "Another call.", "--origin", "crm:call:78")
    assert [n["text"] for n in json.loads(voc("list", "--format", "json").stdout)] == [
        "Another call."
    ]
