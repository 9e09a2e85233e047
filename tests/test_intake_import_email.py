"""`voc import` of e-mail: mbox, Maildir, .eml files and folders, stdin; dedupe, team
mail, rejects, dry run. Real messages from tests/data/email (see its README)."""

import json
import os
import stat
from pathlib import Path

from voc.intake.importer import BATCH
from voc.notes.engine import sqlite3

DATA = Path(__file__).parent / "data" / "email"
GOOD = ["android.eml", "gmail.eml", "japanese_shift_jis.eml", "ks_c_5601-1987.eml",
        "attachment_nonascii_filename.eml"]  # fmt: skip


def mbox_of(path: Path, names: list[str]) -> Path:
    with path.open("wb") as f:
        for name in names:
            data = (DATA / name).read_bytes().replace(b"\r\n", b"\n")
            f.write(b"From sender@example.com Mon Apr  2 18:22:10 2012\n" + data.rstrip(b"\n"))
            f.write(b"\n\n")
    return path


def summary(result) -> dict:
    return dict(pair.split("=", 1) for pair in result.stdout.split())


def rows(db_file: Path, sql: str = "SELECT * FROM notes ORDER BY id") -> list[sqlite3.Row]:
    conn = sqlite3.connect(db_file)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_an_mbox_imports_every_message_with_its_fields(voc, tmp_path, db_file):
    box = mbox_of(tmp_path / "support.mbox", GOOD)
    result = voc("import", str(box))
    assert "reading" in result.stderr and "as mbox" in result.stderr
    assert summary(result) == {
        "new": "5", "duplicate": "0", "skipped": "0", "rejected": "0", "rejects_file": "-"
    }  # fmt: skip
    notes = {r["uid"]: r for r in rows(db_file)}
    assert len(notes) == 5
    (android,) = [r for r in notes.values() if r["customer"] == "Sergey Obykhov"]
    assert (android["title"], android["text"]) == ("Re: Test", "Hello")
    assert android["source"] == "email" and android["account"] == "example.com"
    assert android["origin"].startswith("<CAEAsyCZ")
    assert android["tagged_with"] is None  # tagging is deferred
    attached = [r for r in notes.values() if r["attachments"] != "[]"]
    assert [json.loads(r["attachments"]) for r in attached] == [["ciële.txt"]]
    assert not any("@" in (r["customer"] or "") for r in notes.values())
    # No display name: no customer name made up from the address; the hash keeps who.
    nameless = [r for r in notes.values() if r["customer"] is None]
    assert nameless and all(r["contact_hash"] for r in nameless)


def test_re_importing_adds_nothing_and_an_overlapping_export_adds_only_the_new(
    voc, tmp_path, db_file
):
    first = mbox_of(tmp_path / "a.mbox", GOOD[:3])
    overlap = mbox_of(tmp_path / "b.mbox", GOOD[1:])
    voc("import", str(first))
    assert summary(voc("import", str(first)))["duplicate"] == "3"
    again = summary(voc("import", str(overlap)))
    assert (again["new"], again["duplicate"]) == ("2", "2")
    assert len(rows(db_file)) == 5


def test_a_message_without_message_id_dedupes_by_its_content(voc, tmp_path, db_file):
    mail = tmp_path / "no-id.eml"
    mail.write_bytes(b"From: Ana <ana@acme.com>\nDate: Tue, 4 Nov 2025 10:00:00 +0000\n"
                     b"Subject: slow\n\nThe export is slow.\n")  # fmt: skip
    voc("import", str(mail))
    assert summary(voc("import", str(mail)))["duplicate"] == "1"
    (note,) = rows(db_file)
    assert note["dedupe_key"].startswith("sha256:") and note["origin"] == "import"


def test_an_unmunged_mbox_keeps_from_lines_in_bodies(voc, db_file):
    voc("import", str(DATA / "unmunged.mbox"))
    texts = [r["text"] for r in rows(db_file)]
    assert len(texts) == 2
    assert all("From Russia with love" in t for t in texts)


def test_maildir_eml_folder_single_file_and_stdin(voc, tmp_path, db_file):
    maildir = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    (maildir / "cur" / "1:2,S").write_bytes((DATA / "android.eml").read_bytes())
    (maildir / "new" / "2").write_bytes((DATA / "gmail.eml").read_bytes())
    assert "as maildir" in voc("import", str(maildir)).stderr
    folder = tmp_path / "mails"
    folder.mkdir()
    for name in GOOD[2:4]:
        (folder / name).write_bytes((DATA / name).read_bytes())
    assert summary(voc("import", str(folder)))["new"] == "2"
    assert summary(voc("import", str(DATA / GOOD[4])))["new"] == "1"
    piped = voc("import", "-", "--from", "eml", input=(DATA / "crlf-arf.eml").read_bytes())
    assert summary(piped)["new"] == "1"
    assert len(rows(db_file)) == 6


def test_stdin_auto_detects_an_mbox_stream(voc, tmp_path):
    box = mbox_of(tmp_path / "x.mbox", GOOD[:2])
    result = voc("import", "-", input=box.read_bytes())
    assert "standard input as mbox" in result.stderr
    assert summary(result)["new"] == "2"


def test_team_mail_is_skipped_or_kept_as_unquotable_context(voc, tmp_path, db_file):
    box = mbox_of(tmp_path / "t.mbox", ["android.eml", "gmail.eml"])  # example.com, gmail
    skipped = summary(voc("import", str(box), "--team-domain", "example.com"))
    assert (skipped["new"], skipped["skipped"]) == ("1", "1")
    kept = summary(voc("import", str(box), "--team-domain", "example.com", "--keep-team"))
    assert kept["new"] == "1"
    team = rows(db_file, "SELECT * FROM notes WHERE author = 'Sergey Obykhov'")
    assert len(team) == 1
    assert (team[0]["customer"], team[0]["account"], team[0]["quotable"]) == (None, None, 0)


def test_team_domains_come_from_config_too(voc, tmp_path, isolated):
    config = isolated / "config"
    config.mkdir()
    (config / "config.toml").write_text('team_domains = ["example.com"]\n')
    box = mbox_of(tmp_path / "t.mbox", ["android.eml"])
    assert summary(voc("import", str(box)))["skipped"] == "1"


def test_unreadable_messages_go_to_a_private_rejects_file_and_the_exit_code_says_so(
    voc, tmp_path, db_file
):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.eml").write_bytes((DATA / "android.eml").read_bytes())
    (folder / "outlook.msg").write_bytes((DATA / "outlook-head.msg").read_bytes())
    (folder / "empty.eml").write_bytes(b"")
    (folder / "quote-only.eml").write_bytes(
        b"From: a@b.org\nSubject: re\n\nOn Mon, 3 Nov 2025, Bob <b@c.org> wrote:\n> hi\n"
    )
    result = voc("import", str(folder), "--from", "eml", code=3)
    got = summary(result)
    assert (got["new"], got["rejected"]) == ("1", "3")
    rejects = Path(got["rejects_file"])
    assert rejects.parent == db_file.parent and rejects.name.startswith("voc-rejects-")
    assert stat.S_IMODE(os.stat(rejects).st_mode) == 0o600
    lines = [json.loads(line) for line in rejects.read_text().splitlines()]
    reasons = {r["position"]: r["reason"] for r in lines}
    assert "Outlook .msg" in reasons["outlook.msg"]
    assert reasons["empty.eml"] == "empty message"
    assert reasons["quote-only.eml"].startswith("empty body after stripping")
    assert "3 records rejected" in result.stderr


def test_dry_run_reports_and_writes_nothing(voc, tmp_path, db_file):
    box = mbox_of(tmp_path / "d.mbox", GOOD[:3])
    voc("import", str(mbox_of(tmp_path / "first.mbox", GOOD[:1])))
    result = voc("import", str(box), "--dry-run", "--format", "json")
    report = json.loads(result.stdout)
    assert report == {
        "new": 2, "duplicate": 1, "skipped": 0, "rejected": 0, "rejects_file": None,
        "dated_from_received": 0, "dated_from_file": 0, "dry_run": True, "forgotten": 0,
        "ignored_files": 0, "truncated": 0,
    }  # fmt: skip
    assert len(rows(db_file)) == 1


def test_a_missing_date_falls_back_and_says_so(voc, tmp_path, db_file):
    mail = tmp_path / "undated.eml"
    mail.write_bytes(b"From: Lee <lee@globex.io>\nSubject: hi\n\nPricing is too high.\n")
    os.utime(mail, (1_700_000_000, 1_700_000_000))
    result = voc("import", str(mail))
    assert "by the file's time (1)" in result.stderr
    assert rows(db_file)[0]["occurred_at"] == "2023-11-14T22:13:20Z"
    voc("import", str(DATA / "raw_email_with_bad_date.eml"))
    assert rows(db_file)[1]["occurred_at"] == "2007-11-05T09:17:37Z"


def test_redaction_on_the_way_in_and_no_redact(voc, tmp_path, db_file):
    mail = tmp_path / "pii.eml"
    mail.write_bytes(b"From: Lee <lee@globex.io>\nSubject: call me on +1 555 123 4567\n"
                     b"Message-ID: <p1@globex.io>\n\nMy card 4111 1111 1111 1111 was "
                     b"charged twice, write to lee.private@gmail.com\n")  # fmt: skip
    voc("import", str(mail))
    (note,) = rows(db_file)
    assert note["text"] == "My card [card] was charged twice, write to [email]"
    assert note["title"] == "call me on [phone]"
    other = tmp_path / "other.db"
    voc("--db", str(other), "import", str(mail), "--no-redact")
    assert "4111 1111 1111 1111" in rows(other)[0]["text"]


def test_a_large_mbox_goes_through_worker_processes_in_order(voc, tmp_path, db_file):
    count = BATCH * 2 + 7
    with (tmp_path / "big.mbox").open("wb") as f:
        for n in range(count):
            f.write(b"From x@acme.com Mon Apr  2 18:22:10 2012\nFrom: Ana <ana@acme.com>\n"
                    b"Message-ID: <m%d@acme.com>\nDate: Tue, 4 Nov 2025 10:00:00 +0000\n"
                    b"Subject: n%d\n\nMessage number %d.\n\n" % (n, n, n))  # fmt: skip
    assert summary(voc("import", str(tmp_path / "big.mbox")))["new"] == str(count)
    titles = [r["title"] for r in rows(db_file)]
    assert titles == [f"n{n}" for n in range(count)]
    search = voc("search", "number", "--limit", "1", "--format", "json").stdout
    assert json.loads(search)  # the full-text index was filled as rows went in


def test_the_mbox_splitter_is_the_same_whatever_the_read_size(monkeypatch, tmp_path):
    import io

    from voc.sources import mail

    unmunged = (DATA / "unmunged.mbox").read_bytes().removeprefix(b"\xef\xbb\xbf")
    data = mbox_of(tmp_path / "s.mbox", GOOD).read_bytes() + unmunged
    expected = None
    for chunk in (5, 64, 1000, 1 << 20):
        monkeypatch.setattr(mail, "CHUNK", chunk)
        messages = list(mail.split_mbox(io.BytesIO(data)))
        assert b"".join(m for _, _, m in messages) == data
        assert all(data[start:end] == m for start, end, m in messages)
        expected = expected or len(messages)
        assert len(messages) == expected == 7


def test_batches_close_on_size_as_well_as_count():
    from voc.intake.importer import BATCH_BYTES, _batches
    from voc.sources import Item

    big = [Item("mail", str(n), b"x" * (BATCH_BYTES // 3 + 1)) for n in range(7)]
    assert [len(b) for b in _batches(big)] == [3, 3, 1]
    small = [Item("mail", str(n), b"x") for n in range(BATCH + 1)]
    assert [len(b) for b in _batches(small)] == [BATCH, 1]
