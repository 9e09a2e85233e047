"""A guided capture driven through a real terminal (pexpect): answer, skip, back, save-and-quit."""

import json
import os
import sys
from pathlib import Path

import pexpect

VOC = str(Path(sys.executable).parent / "voc")


def spawn(args: list[str], db: Path, config: Path) -> pexpect.spawn:
    env = {
        **os.environ,
        "VOC_DB": str(db),
        "VOC_CONFIG_DIR": str(config),
        "NO_COLOR": "1",
        "TERM": "dumb",
        "COLUMNS": "200",
    }
    return pexpect.spawn(VOC, args, env=env, encoding="utf-8", timeout=20, dimensions=(40, 200))


def stored(voc) -> list[dict]:
    return json.loads(voc("list", "--format", "json").stdout)


def test_walk_with_multiline_skip_back_then_save_and_quit(voc, db_file, isolated):
    child = spawn(
        ["capture", "--guide", "support-debrief", "-c", "Ana Ruiz", "-a", "Initech"],
        db_file,
        isolated / "config",
    )
    child.expect("Colleague")
    child.sendline("Sam")
    child.expect("Date")
    child.sendline("2026-11-20")
    child.expect(r"\[1/5\] What are customers' day-to-day concerns")
    child.expect("> ")
    child.sendline("")  # this one cannot be skipped
    child.expect("needs an answer")
    child.expect("> ")
    child.sendline("Invoices confuse them.")
    child.sendline("They ask every week where the PDF went.")
    child.sendline("")
    child.expect(r"\[2/5\] What do customers like most")
    child.sendline(":skip")
    child.expect(r"\[3/5\]")
    child.sendline(":back")
    child.expect(r"\[2/5\]")
    child.sendline("The new CSV export.")
    child.sendline("")
    child.expect(r"\[3/5\]")
    child.sendline(":back")
    child.expect(r"answered: The new CSV export.")
    child.sendline("")  # an empty line keeps it
    child.expect(r"\[3/5\]")
    child.sendline(":quit")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    notes = sorted(stored(voc), key=lambda n: n["id"])
    assert [n["question_key"] for n in notes] == ["concerns", "like_most"]
    assert notes[0]["text"] == "Invoices confuse them.\nThey ask every week where the PDF went."
    assert notes[1]["text"] == "The new CSV export."
    assert {(n["author"], n["customer"], n["account"]) for n in notes} == {
        ("Sam", "Ana Ruiz", "Initech")
    }
    assert notes[0]["occurred_at"] == "2026-11-20T12:00:00Z"
    assert notes[0]["session_id"] == notes[1]["session_id"]


def test_ctrl_d_saves_what_was_answered(voc, db_file, isolated):
    child = spawn(
        ["capture", "--guide", "customer-interview", "--author", "Dana", "-c", "", "-a", "Acme",
         "-d", "today"],
        db_file,
        isolated / "config",
    )  # fmt: skip
    child.expect(r"\[1/4\]")
    child.sendline("Close the books in a day.")
    child.sendline("")
    child.expect(r"\[2/4\]")
    child.expect("> ")
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert [n["text"] for n in stored(voc)] == ["Close the books in a day."]
