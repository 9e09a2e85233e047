"""One huge note must not stall voc: a stated maximum note size (the start kept, the cut
marked and counted), search snippets from a bounded window, tagging that reads bounded
words. Time is measured in benchmarks/huge_notes.py; these tests check the behaviour."""

import json
import re

from voc.intake.size import MAX_NOTE_CHARS, note_text
from voc.notes.engine import sqlite3
from voc.notes.queries import HIGHLIGHT_END, HIGHLIGHT_START
from voc.notes.snippet import SNIPPET_CHARS, query_words, snippet, word_pattern
from voc.redact import redact
from voc.tagging.pending import MAX_MARKS, MAX_WORD_CHARS, text_to_tag

MARKER = re.compile(r"\[… cut by voc: the note had ([\d,]+) characters; the rest is not stored\]$")


def long_text(chars: int) -> str:
    words = "the invoice page loads slowly and the export button is hard to find".split()
    text = " ".join(words[i % len(words)] for i in range(chars // 5))
    return text[:chars]


def stored_texts(db_file) -> list[str]:
    with sqlite3.connect(db_file) as conn:
        return [row[0] for row in conn.execute("SELECT text FROM notes ORDER BY id")]


def test_an_imported_note_past_the_maximum_keeps_its_start_and_marks_the_cut(
    voc, tmp_path, db_file
):
    source = tmp_path / "thread.txt"
    text = "Opening words of the customer. " + long_text(2_000_000).strip()
    source.write_text(text, encoding="utf-8")
    result = voc("import", str(source), "--no-redact")
    assert "new=1 " in result.stdout and "truncated=1" in result.stdout
    assert "1 note longer than 200,000 characters" in result.stderr
    (stored,) = stored_texts(db_file)
    assert len(stored) <= MAX_NOTE_CHARS
    assert stored.startswith("Opening words of the customer. the invoice page")
    assert MARKER.search(stored).group(1) == f"{len(text):,}"
    kept = MARKER.sub("", stored).rstrip()
    assert text.startswith(kept) and len(kept) > MAX_NOTE_CHARS - 1000
    assert not kept.endswith(("th", "the invoice pa"))  # cut between words

    again = voc("import", str(source), "--no-redact", "--format", "json")
    report = json.loads(again.stdout)
    assert (report["new"], report["duplicate"], report["truncated"]) == (0, 1, 1)


def test_an_exported_cut_note_imports_back_unchanged(voc, tmp_path, db_file):
    voc("capture", "-s", "support", "--no-redact", input=long_text(300_000))
    out = tmp_path / "notes.jsonl"
    voc("export", "--format", "jsonl", "--output", str(out))
    db_file.unlink()
    result = voc("import", str(out), "--no-redact", "--format", "json")
    assert json.loads(result.stdout)["truncated"] == 0
    (stored,) = stored_texts(db_file)
    assert stored == json.loads(out.read_text().splitlines()[0])["text"]


def test_a_note_at_the_maximum_is_kept_whole(voc, tmp_path, db_file):
    source = tmp_path / "note.txt"
    source.write_text(long_text(MAX_NOTE_CHARS), encoding="utf-8")
    assert "truncated" not in voc("import", str(source), "--no-redact").stdout
    assert stored_texts(db_file) == [long_text(MAX_NOTE_CHARS).strip()]


def test_a_captured_note_past_the_maximum_is_cut_and_said_so(voc, db_file):
    result = voc("capture", "-s", "support", input=long_text(MAX_NOTE_CHARS + 10))
    assert "note 1 was cut: a note keeps at most 200,000 characters" in result.stderr
    (stored,) = stored_texts(db_file)
    assert MARKER.search(stored) and len(stored) <= MAX_NOTE_CHARS


def test_personal_data_across_the_cut_is_redacted_whole():
    # The phone number's blanks are where a cut falls; redaction must see all of it.
    room = MAX_NOTE_CHARS - 100
    head = "call me " * (room // 8)
    text = head[: room - 8] + " +1 617 555 0199 " + "more words " * 20_000
    cut = note_text(text, lambda t: redact(t)[0])
    assert cut.cut
    assert "617" not in cut.text and "555" not in cut.text and "0199" not in cut.text


def test_a_search_hit_shows_a_bounded_window_around_the_match():
    text = "intro words " * 50_000 + "the refund was late " + "more words " * 50_000
    pattern = word_pattern(query_words('refund* OR "late" NOT text:nothing'))
    shown = snippet(text, pattern, "[", "]")
    assert len(shown) <= SNIPPET_CHARS + 2 + 4  # the ellipses and the marks
    assert "the [refund] was [late]" in shown
    assert shown.startswith("…words") and shown.endswith("…")
    assert snippet("short note", pattern, "[", "]") == "short note"


def test_searching_a_huge_stored_note_shows_its_snippet(voc, db_file):
    voc("capture", "small note about billing", "-s", "support")
    huge = "preamble " * 100_000 + "a refund request " + "quoted history " * 100_000
    with sqlite3.connect(db_file) as conn:  # stored before notes had a maximum size
        conn.execute("UPDATE notes SET text = ? WHERE id = 1", (huge,))
    out = voc("search", "refund").stdout
    assert "refund" in out and "request" in out  # the table may wrap between them
    assert len(out) < 5_000
    hits = json.loads(voc("search", "refund", "--format", "json").stdout)
    assert [h["id"] for h in hits] == [1]
    assert HIGHLIGHT_START not in out and HIGHLIGHT_END not in out


def test_tagging_reads_bounded_words_at_the_same_offsets():
    text = "Hi,\n" + ">" * 100_000 + "\n" + "x" * 1000 + "!" * 40 + " the billing page is broken"
    tagged = text_to_tag(text, 10**6)
    assert len(tagged) == len(text)
    assert max(len(w) for w in tagged.split()) <= MAX_WORD_CHARS
    assert not re.search(rf"[^\w\s]{{{MAX_MARKS}}}", tagged)
    assert tagged.endswith(" the billing page is broken")
    assert text_to_tag("So smooth.......... great!!!", 100) == "So smooth.......... great!!!"


def test_a_note_with_a_line_of_700000_marks_is_tagged(voc, db_file):
    note = "The billing page is broken.\n" + ">" * 700_000 + "\nThanks"
    voc("capture", "-s", "support", "--no-redact", input=note)
    shown = json.loads(voc("show", "1", "--format", "json").stdout)
    assert "billing" in shown["themes"]
    evidence = shown["evidence"]["themes"][0]
    assert note[evidence["start"] : evidence["end"]] == evidence["evidence"]
