"""What `voc import` says about what it did: files of a folder it did not read, how
notes were dated, the counts' wording, and where the rejects file goes."""

import json
import re
from pathlib import Path

from conftest import ROOT

MAIL = (Path(__file__).parent / "data" / "email" / "gmail.eml").read_bytes()


def summary(result) -> dict:
    return dict(pair.split("=", 1) for pair in result.stdout.split())


def test_files_a_maildir_passes_by_are_counted_and_named(voc, tmp_path):
    box = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp", ".Trash/cur"):
        (box / sub).mkdir(parents=True)
    (box / "cur" / "1:2,S").write_bytes(MAIL)
    (box / "new" / ".gitkeep").write_bytes(b"")
    (box / "cur" / "index.bin").write_bytes(b"\x00\x01binary")
    result = voc("import", str(box))
    assert summary(result) == {
        "new": "1", "duplicate": "0", "skipped": "0", "rejected": "0", "rejects_file": "-",
        "ignored_files": "2",
    }  # fmt: skip
    assert "voc: 2 files not read: cur/index.bin (not mail), new/.gitkeep (not mail)" in (
        result.stderr
    )
    report = json.loads(voc("import", str(box), "--format", "json").stdout)
    assert list(report)[-2:] == ["ignored_files", "truncated"]  # new keys come at the end
    assert report["ignored_files"] == 2
    assert list(report)[:5] == ["new", "duplicate", "skipped", "rejected", "rejects_file"]


def test_an_eml_folder_counts_what_is_not_mail_and_skips_hidden_folders(voc, tmp_path):
    folder = tmp_path / "exported"
    (folder / "2026").mkdir(parents=True)
    (folder / ".git" / "objects").mkdir(parents=True)
    (folder / "2026" / "a.eml").write_bytes(MAIL)
    (folder / "report.pdf").write_bytes(b"%PDF-1.7")
    (folder / "notes.txt").write_text("just my notes, not a message\n")
    (folder / ".git" / "objects" / "ab12").write_bytes(b"x\x9c")
    result = voc("import", str(folder), "--from", "eml")
    got = summary(result)
    assert (got["new"], got["rejected"], got["ignored_files"]) == ("1", "0", "2")
    assert "2 files not read: notes.txt (not mail), report.pdf (not mail)" in result.stderr


def test_a_text_folder_names_what_is_not_text(voc, tmp_path):
    folder = tmp_path / "interviews"
    folder.mkdir()
    for n in range(7):
        (folder / f"{n}.png").write_bytes(b"\x89PNG")
    (folder / "ana.md").write_text("The onboarding took a week.\n")
    result = voc("import", str(folder))
    assert (summary(result)["new"], summary(result)["ignored_files"]) == ("1", "7")
    assert re.search(
        r"voc: 7 files not read: 0\.png \(not a text file .*\), .* and 2 more", (result.stderr)
    )


def test_a_text_file_is_not_called_a_message_and_counts_are_singular(voc, tmp_path):
    note = tmp_path / "call.txt"
    note.write_text("They want SSO.\n")
    result = voc("import", str(note))
    assert "voc: 1 note dated by its file's modification time (a text file holds no date)" in (
        result.stderr
    )
    assert "message" not in result.stderr and "Date header" not in result.stderr
    undated = tmp_path / "undated.eml"
    undated.write_bytes(b"From: Lee <lee@globex.io>\nSubject: hi\n\nPricing is too high.\n")
    empty = tmp_path / "empty.eml"
    empty.write_bytes(b"")
    mail = voc("import", str(undated), code=0)
    assert "voc: 1 message had no usable Date header: dated by Received (0)" in mail.stderr
    rejected = voc("import", str(empty), code=3)
    assert "voc: 1 record rejected; see " in rejected.stderr


def test_the_default_rejects_file_is_named_as_the_readme_says(voc, tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "by default `<db>-rejects-<time>.jsonl` beside the database" in readme
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n")
    result = voc("--db", str(tmp_path / "team.db"), "import", str(bad), code=3)
    rejects = Path(summary(result)["rejects_file"])
    assert rejects.parent == tmp_path
    assert re.fullmatch(r"team-rejects-\d{8}T\d{6}Z\.jsonl", rejects.name)
