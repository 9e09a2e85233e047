"""Personal data out of note text before it is stored: typed placeholders such as [email].

Strict patterns plus checks, so a placeholder goes only where the match is surely personal
data: cards must pass Luhn, IBANs mod-97, a bare run of digits is a phone number only
next to a word such as "phone", and version numbers, dates, times and IP addresses
survive. Pure standard library on purpose: `voc capture` must never import spaCy, and
capture and import must redact the same text the same way, so import adds no spaCy
matcher on top. voc's pipeline is a blank one (no trained entities); its token
attributes (like_email, like_num) would find no more than these checked patterns do,
and tokenising every imported message would cost more than parsing it.
"""

import re
from collections import Counter
from collections.abc import Callable

PLACEHOLDERS = {
    "email": "[email]",
    "phone": "[phone]",
    "card": "[card]",
    "iban": "[iban]",
    "address": "[address]",
}

_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.%+-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,24}\b"
)
# File names such as icon@2x.png look like addresses; no real address ends so.
_FILE_SUFFIXES = {"png", "jpg", "jpeg", "gif", "svg", "webp", "pdf", "js", "css", "py", "md"}

_CARD = re.compile(r"(?<![\w.+-])\d(?:[ -]?\d){12,18}(?![\w-]|\.\d)")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")
_PHONE = re.compile(r"(?<![\w.+/:-])(?:\+|00)?\(?\d[\d ().-]{6,}\d(?![\w/:]|[.-]\d)")
_PHONE_WORDS = re.compile(
    r"(?:phone|tel|telephone|mobile|mob|cell|call|fax|whatsapp|ph|t|m)\b[.:]?\s*(?:no\.?|number|#)?[:.]?\s*$",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"(?<!\d)(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})(?!\d)"
)
_DIGIT = re.compile(r"\d")
_DOTTED_PHONE = re.compile(r"\d{2}(?:\.\d{2}){4}|\d{3}\.\d{3}\.\d{4}")

_STREET_EN = (
    r"Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|"
    r"Terrace|Way|Square|Sq|Parkway|Pkwy|Highway|Hwy|Close|Crescent"
)
_ADDRESS = re.compile(
    # 221B Baker Street / 1600 Pennsylvania Avenue NW
    rf"\b\d{{1,5}}[A-Za-z]?,? (?:[A-Z][a-z]+ ){{1,3}}(?:{_STREET_EN})\b\.?"
    r"(?: (?:N|S|E|W|NE|NW|SE|SW)\b)?"
    # Hauptstraße 5 / Musterstr. 12a / Lindenweg 3
    r"|\b[A-ZÄÖÜ][a-zäöüß]+(?:straße|strasse|str\.|weg|gasse|platz|allee|ring) \d{1,4}[a-z]?\b"
    # 12 rue de la Paix / 3 avenue Victor Hugo
    r"|\b\d{1,4}(?: ?(?:bis|ter))?,? (?:rue|avenue|boulevard|bd|chemin|allée|place|impasse|quai)"
    r"(?: (?:de|du|des|la|le|l'|d')){0,2} ?[A-ZÉ][\w'-]+(?: [A-ZÉ][\w'-]+){0,2}"
)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def luhn_ok(number: str) -> bool:
    digits = [int(d) for d in _digits(number)]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban_ok(text: str) -> bool:
    compact = text.replace(" ", "")
    if not 15 <= len(compact) <= 34:
        return False
    moved = compact[4:] + compact[:4]
    number = "".join(str(int(c, 36)) for c in moved)
    return int(number) % 97 == 1


# How card numbers are written: unbroken, in fours (16 or 19 digits), or Amex/Diners'
# 4-6-5 and 4-6-4. Any other grouping (an IBAN's tail, a tracking number) is not a card.
_CARD_GROUPS = {(4, 4, 4, 4), (4, 4, 4, 4, 3), (4, 6, 5), (4, 6, 4)}


def _is_card(match: str) -> bool:
    digits = _digits(match)
    groups = tuple(len(g) for g in re.split(r"[ -]", match))
    if len(groups) > 1 and groups not in _CARD_GROUPS:
        return False
    return 13 <= len(digits) <= 19 and len(set(digits)) > 1 and luhn_ok(digits)


def _is_phone(match: str, before: str) -> bool:
    """Grouped like a phone number, not a date, version, time or IP address; a bare
    run of digits (an order or ticket number?) only right after a word like "phone"."""
    text = match.strip()
    digits = _digits(text)
    if "." in text and re.fullmatch(r"[\d.]+", text):
        return bool(_DOTTED_PHONE.fullmatch(text))
    if not 7 <= len(digits) <= 15 or _DATE.search(text):
        return False
    if len(digits) == 13 and digits.startswith(("978", "979")):
        return False  # an ISBN
    context = bool(_PHONE_WORDS.search(before[-24:]))
    if text.isdigit():
        return context
    if text.startswith(("+", "00", "(")) or context:
        return len(digits) >= 7
    return len(digits) >= 9


def _is_email(match: str) -> bool:
    return match.rsplit(".", 1)[-1].lower() not in _FILE_SUFFIXES


def redact(text: str) -> tuple[str, Counter[str]]:
    """Return the text with personal data replaced by typed placeholders, and how many
    of each kind. Cards and IBANs go first: their digits would otherwise read as phones."""
    counts: Counter[str] = Counter()
    if "@" in text:
        text = _replace(text, _EMAIL, "email", lambda m, _: _is_email(m), counts)
    if not _DIGIT.search(text):
        return text, counts
    text = _replace(text, _IBAN, "iban", lambda m, _: iban_ok(m), counts)
    text = _replace(text, _CARD, "card", lambda m, _: _is_card(m), counts)
    text = _replace(text, _PHONE, "phone", _is_phone, counts)
    text = _replace(text, _ADDRESS, "address", lambda m, _: True, counts)
    return text, counts


def _replace(
    text: str,
    pattern: re.Pattern,
    kind: str,
    accept: Callable[[str, str], bool],
    counts: Counter[str],
) -> str:
    def swap(m: re.Match) -> str:
        if not accept(m.group(), text[max(0, m.start() - 30) : m.start()]):
            return m.group()
        counts[kind] += 1
        return PLACEHOLDERS[kind]

    return pattern.sub(swap, text)
