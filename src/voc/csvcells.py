"""Spreadsheet formulas out of voc's CSV, and back in when voc reads its own CSV.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a
formula by Excel, LibreOffice and Google Sheets (`=HYPERLINK(...)`, `=cmd|...`): customer
text must never do that on the reader's machine. The usual defence is a leading single
quote, which spreadsheets show as text. To keep `voc export | voc import` exact, the quote
is also added before any run of quotes that ends in such a character, and reading voc's
own CSV takes exactly one quote off the same shape: the two are inverses for every text.
"""

import re

_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
_QUOTED_FORMULA = re.compile(r"'+[=+\-@\t\r]")


def defuse(text: str) -> str:
    """The cell as a spreadsheet shows it as text, never as a formula."""
    return "'" + text if _FORMULA_START.match(text) else text


def restore(text: str) -> str:
    """The text `defuse` was given (only for a CSV voc wrote)."""
    return text[1:] if _QUOTED_FORMULA.match(text) else text
