"""Customer text shown on a terminal cannot drive it: escape sequences in a note, a
customer or an account (clear the screen, recolour, retitle the window, write the
clipboard with OSC 52) are shown as symbols (ESC as ␛), never sent as control codes.
Machine formats (json, jsonl, csv) keep the text exactly as stored.
"""

import json

import pytest

HOSTILE = "Pricing is too high \x1b]0;PWNED\x07 then \x1b[2J cleared \x1b]52;c;ZXZpbA==\x07 \x9b31m"
CUSTOMER = "Ana\x1b[31mRed"
CONTROL = [chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))]


@pytest.fixture
def hostile(voc):
    voc("capture", HOSTILE, "-s", "sales", "-c", CUSTOMER, "-a", "Acme\x1b[8m", "-d", "2026-11-18")


def assert_inert(output: str) -> None:
    found = sorted({f"U+{ord(c):04X}" for c in output if c in CONTROL})
    assert found == [], f"control characters reached the terminal: {found}"


@pytest.mark.parametrize(
    "args", [["list"], ["search", "pricing"], ["show", "1"]], ids=lambda a: a[0]
)
def test_control_sequences_in_notes_are_shown_not_obeyed(voc, hostile, args):
    result = voc(*args)
    assert_inert(result.stdout)
    assert "␛" in result.stdout, "the hostile text was not shown at all: nothing tested"


def test_machine_formats_keep_the_text_exactly(voc, hostile):
    note = json.loads(voc("list", "--format", "json").stdout)[0]
    assert note["text"] == HOSTILE
    assert note["customer"] == CUSTOMER


def test_an_error_line_quoting_user_input_is_inert(voc):
    result = voc("show", "1", code=1)  # no note: the message is voc's own
    assert_inert(result.stderr)
    result = voc("capture", "x", "-s", "\x1b[2Jsales", code=2)
    assert_inert(result.stderr)
    assert result.stderr.startswith("voc: error: unknown source")


def test_why_and_themes_show_do_not_send_escape_sequences_to_the_terminal(voc):
    voc("capture", "The invoice \x1b[2Jwas wrong\x1b]0;pwned\x07 again", "-s", "support")
    why = voc("why", "1", "billing").stdout
    shown = voc("themes", "show", "billing").stdout
    for out in (why, shown):
        assert "\x1b" not in out and "\x07" not in out
        assert "␛[2Jwas wrong" in out


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_digest_file_carries_no_escape_sequences(voc, hostile, fmt):
    """A digest is read with `cat`, a pager or a browser: the quote keeps its words, its
    control characters become symbols. (`--format json` keeps them, escaped by JSON.)"""
    out = voc("digest", "--since", "2026-11-01", "--until", "2026-11-30", "-f", fmt).stdout
    assert "Pricing is too high" in out, "the hostile quote is not in the digest: nothing tested"
    assert_inert(out.replace("\n", "").replace("\t", ""))
    assert "0;PWNED␇" in out and "␛" in out  # (markdown escapes the bracket)
