"""Interactive `voc capture` on a real terminal (pexpect): prompts, then the text."""

import os
import sys
from pathlib import Path

import pexpect

from voc.notes.engine import sqlite3

VOC = str(Path(sys.executable).with_name("voc"))


def spawn(tmp_path, **env_extra) -> pexpect.spawn:
    env = {
        **os.environ,
        "VOC_DB": str(tmp_path / "t.db"),
        "VOC_CONFIG_DIR": str(tmp_path / "cfg"),
        "NO_COLOR": "1",
    }
    env.pop("EDITOR", None)
    env.pop("VISUAL", None)
    env.update(env_extra)
    return pexpect.spawn(VOC, ["capture", "-a", "Acme"], env=env, encoding="utf-8", timeout=20)


def test_prompts_for_missing_fields_then_reads_lines(tmp_path):
    child = spawn(tmp_path)
    child.expect("Source")
    child.sendline("sales")
    child.expect("Customer")
    child.sendline("Ana Ruiz")
    child.expect("finish with an empty line")
    child.sendline("They would pay for SSO.")
    child.sendline("Pricing page is confusing.")
    child.sendline("")
    child.expect(r"themes: ([^\r\n]*)")  # tagged inline, on a terminal only
    assert "pricing" in child.match.group(1)
    assert "sentiment: " in child.match.group(1)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    with sqlite3.connect(tmp_path / "t.db") as conn:
        row = conn.execute("SELECT source, customer, account, text FROM notes").fetchone()
    assert row == (
        "sales",
        "Ana Ruiz",
        "Acme",
        "They would pay for SSO.\nPricing page is confusing.",
    )


def test_takes_the_text_from_the_editor(tmp_path):
    editor = tmp_path / "fake-editor"
    editor.write_text('#!/bin/sh\necho "Written in the editor" >> "$1"\n')
    editor.chmod(0o755)
    child = spawn(tmp_path, EDITOR=str(editor))
    child.expect("Source")
    child.sendline("support")
    child.expect("Customer")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    with sqlite3.connect(tmp_path / "t.db") as conn:
        assert conn.execute("SELECT text, customer FROM notes").fetchone() == (
            "Written in the editor",
            None,
        )


def test_a_note_given_as_text_shows_its_id_then_its_themes(tmp_path):
    """`voc capture TEXT` typed at a terminal: the id at once, then what was found."""
    env = {**os.environ, "VOC_DB": str(tmp_path / "t.db"), "VOC_CONFIG_DIR": str(tmp_path / "c")}
    text = "The invoice total is wrong again"
    child = pexpect.spawn(VOC, ["capture", text, "-s", "support"], env=env, encoding="utf-8")
    child.expect(r"^(\d+)\r\n", timeout=20)
    assert child.match.group(1) == "1"
    child.expect(r"themes: ([^\r\n]*)", timeout=60)
    assert "billing" in child.match.group(1)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
