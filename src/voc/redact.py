"""Personal data out of note text before it is stored: typed placeholders such as [email].

Strict patterns plus checks (a placeholder only where the match is surely personal data),
so version numbers and dates survive. Pure standard library: capture must stay fast.
"""

import re
from collections import Counter

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_PHONE = re.compile(r"(?<![\w.+-])(?:\+|00)?\d[\d ().-]{7,}\d(?![\w.-]*\d)")


def _looks_like_phone(match: str) -> bool:
    digits = re.sub(r"\D", "", match)
    if not 9 <= len(digits) <= 15:
        return False
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", match.strip()):
        return False  # an ISO date
    return not re.fullmatch(r"\d+(\.\d+)+", match.strip())  # a version number


def redact(text: str) -> tuple[str, Counter[str]]:
    """Return the text with personal data replaced, and how many of each kind."""
    counts: Counter[str] = Counter()

    def email(m: re.Match) -> str:
        counts["email"] += 1
        return "[email]"

    def phone(m: re.Match) -> str:
        if not _looks_like_phone(m.group()):
            return m.group()
        counts["phone"] += 1
        return "[phone]"

    text = _EMAIL.sub(email, text)
    text = _PHONE.sub(phone, text)
    return text, counts
