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
    "id-number": "[id-number]",
}

_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.%+-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,24}\b"
)
# `ana (at) acme (dot) com`, `ana [at] acme.com`, `ana at acme dot com`: written so that
# harvesters miss them, still the person's address.
_SPELLED_AT = r"\s*(?:\(at\)|\[at\]|\{at\}|<at>)\s*|\s+at\s+"
_SPELLED_DOT = r"(?:\s*(?:\(dot\)|\[dot\]|\{dot\}|<dot>)\s*|\s+dot\s+|\.)"
_SPELLED_EMAIL = re.compile(
    rf"(?<![\w.+-])([\w.+-]+)({_SPELLED_AT})([A-Za-z0-9-]+(?:{_SPELLED_DOT}[A-Za-z0-9-]+)+)\b",
    re.IGNORECASE,
)
# Words that come before a plain "at" that is not an address's: "look at acme.com".
_NOT_A_MAILBOX = set(
    "look looking looked available hosted live lives living is are was were be been me us "
    "them him her it you we they site docs page online up out stay staying work works "
    "working shop buy visit here there go went log logged sign signed found find see "
    "seen read arrive arrived login logins only now running runs run met meet meeting based "
    "located employed engineer developer manager team people folks staff someone somebody "
    "everyone nobody anyone us all".split()
)
_TLD = re.compile(r"(?:\.|\s*[\(\[{<]?dot[\)\]}>]?\s*)([A-Za-z]{2,24})$", re.IGNORECASE)
# File names such as icon@2x.png look like addresses; no real address ends so.
_FILE_SUFFIXES = {"png", "jpg", "jpeg", "gif", "svg", "webp", "pdf", "js", "css", "py", "md"}

_CARD = re.compile(r"(?<![\w.+-])\d(?:[ -]?\d){12,18}(?![\w-]|\.\d)")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")
# Not when a host name's label goes on after it (60-241-138-146.static.example.net).
# A "+" may follow a colon with no space (Mobile:+229 97292685); a digit may not (12:30).
_PHONE = re.compile(
    r"(?:(?<=:)\+|(?<![\w.+/:-])(?:\+|00)?)\(?\d[\d ().-]{6,}\d(?![\w/:]|[.-]\d|\.[A-Za-z])"
)
# A toll-free number spelled in letters: +1-800-FLOWERS, 1-800-GOT-JUNK.
_VANITY_PHONE = re.compile(
    r"(?<![\w+-])(?:\+?1[-. ]?)?\(?8(?:00|33|44|55|66|77|88)\)?[-. ]?"
    r"(?=[A-Z0-9-]*[A-Z])[A-Z0-9]{2,4}-?[A-Z0-9]{2,7}(?![\w-])"
)
# A US Social Security number: an identity number, not a phone (its own placeholder).
_SSN = re.compile(r"(?<![\w.+/:-])(\d{3})-(\d{2})-(\d{4})(?![\w/:]|[.-]\d)")
_IPV4 = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d]|\.\d)")
_PHONE_WORDS = re.compile(
    r"(?:phone|tel|telephone|telefon|telefono|téléphone|tél|handy|mobile|mob|cell|call|fax|"
    r"whatsapp|ph|t|m)\b[.:]?\s*(?:no\.?|number|#)?[:.]?\s*$",
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


# Issuer prefixes and the lengths each issues (ISO/IEC 7812 as the networks publish it):
# a Luhn-valid id of the wrong length for its first digits is not a card.
_CARD_BRANDS = (
    (r"4", {13, 16, 19}),  # Visa
    (r"5[1-5]|2(?:2[2-9]|[3-6]\d|7[01]|720)", {16}),  # Mastercard
    (r"3[47]", {15}),  # American Express
    (r"6011|64[4-9]|65", {16, 17, 18, 19}),  # Discover
    (r"30[0-5]|36|3[89]", {14, 15, 16, 17, 18, 19}),  # Diners Club
    (r"35(?:2[89]|[3-8]\d)", {16, 17, 18, 19}),  # JCB
    (r"62", {16, 17, 18, 19}),  # UnionPay
    (r"5018|5020|5038|5893|6304|6759|676[1-3]", set(range(12, 20))),  # Maestro
)
_CARD_BRAND = [(re.compile(prefix), lengths) for prefix, lengths in _CARD_BRANDS]


def card_brand_ok(digits: str) -> bool:
    """Its first digits name a card network that issues numbers of its length."""
    return any(p.match(digits) and len(digits) in lengths for p, lengths in _CARD_BRAND)


def _is_card(match: str) -> bool:
    digits = _digits(match)
    groups = tuple(len(g) for g in re.split(r"[ -]", match))
    if len(groups) > 1 and groups not in _CARD_GROUPS:
        return False
    return (
        13 <= len(digits) <= 19
        and len(set(digits)) > 1
        and card_brand_ok(digits)
        and luhn_ok(digits)
    )


def ssn_ok(area: str, group: str, serial: str) -> bool:
    """The Social Security Administration never issues area 000, 666 or 900-999, group
    00 or serial 0000."""
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def _is_phone(match: str, before: str) -> bool:
    """Grouped like a phone number, not a date, version, time or IP address; a bare
    run of digits (an order or ticket number?) only right after a word like "phone"."""
    text = match.strip()
    digits = _digits(text)
    if "." in text and re.fullmatch(r"[\d.]+", text):
        return bool(_DOTTED_PHONE.fullmatch(text))
    if not 7 <= len(digits) <= 15 or _DATE.search(text) or _IPV4.search(text):
        return False
    if len(digits) == 13 and digits.startswith(("978", "979")):
        return False  # an ISBN
    if _SSN.fullmatch(text):
        return False  # shaped like an SSN, though not a valid one: never a phone
    context = bool(_PHONE_WORDS.search(before[-24:]))
    if text.isdigit():
        return context
    if text.startswith(("+", "00", "(")) or context:
        return len(digits) >= 7
    if re.fullmatch(r"\d{3}-\d{4}", text):
        return True  # a local number: 993-8586
    return len(digits) >= 9 and _grouped_like_a_phone(text)


def _grouped_like_a_phone(text: str) -> bool:
    """With no + or word to say so, only a phone's grouping: groups of two to five digits
    after the first (1-800-...), never a ZIP+4 (02111-1307), an SSN's 3-2-4 or an id's long run
    (3198421808-0, 148226-12799, font metrics 2 11 6 4 3 5)."""
    groups = [len(g) for g in re.split(r"[ ().-]+", text) if g]
    if groups in ([5, 4], [3, 2, 4]):  # ZIP+4; a Social Security number's shape
        return False
    return all(2 <= g <= 5 for g in groups[1:]) and groups[0] <= 5


def _is_email(match: str) -> bool:
    return match.rsplit(".", 1)[-1].lower() not in _FILE_SUFFIXES


_SPELLED_AT_HINT = re.compile(r"\bat\b", re.IGNORECASE)


def _is_spelled_email(match: str, _before: str) -> bool:
    """`ana (at) acme (dot) com` always; `jan at ryngle.com` unless "at" follows a word
    that takes it (look at acme.com); the domain must end in a letters-only TLD."""
    found = _SPELLED_EMAIL.fullmatch(match)
    if not found or not _TLD.search(found.group(3)):
        return False
    local, at, domain = found.groups()
    if at.strip().lower() != "at":
        return True  # (at), [at]: nobody writes those but to hide an address
    # A plain "at" is mostly English: only a lowercase mailbox-like word before a
    # lowercase domain (not "amavisd-new at textdrive.com", "met at Acme.com").
    if local.lower() in _NOT_A_MAILBOX or not re.fullmatch(r"[a-z][a-z0-9._]*", local):
        return False
    return domain == domain.lower()


def redact(text: str) -> tuple[str, Counter[str]]:
    """Return the text with personal data replaced by typed placeholders, and how many
    of each kind. Cards and IBANs go first: their digits would otherwise read as phones."""
    counts: Counter[str] = Counter()
    if "@" in text:
        text = _replace(text, _EMAIL, "email", lambda m, _: _is_email(m), counts)
    if _SPELLED_AT_HINT.search(text):
        text = _replace(text, _SPELLED_EMAIL, "email", _is_spelled_email, counts)
    if not _DIGIT.search(text):
        return text, counts
    text = _replace(text, _IBAN, "iban", lambda m, _: iban_ok(m), counts)
    text = _replace_within(text, _CARD, "card", _is_card, counts)
    text = _replace(text, _SSN, "id-number", lambda m, _: ssn_ok(*m.split("-")), counts)
    text = _replace(text, _VANITY_PHONE, "phone", lambda m, _: True, counts)
    text = _replace(text, _PHONE, "phone", _is_phone, counts)
    text = _replace(text, _ADDRESS, "address", lambda m, _: True, counts)
    return text, counts


_WHOLE_PHONE = re.compile(r"\+?[\d ().-]+")


def redact_field(value: str) -> str:
    """A customer or account field redacted like note text, where a value that is all one
    number counts as a phone (the column says what it is: no "tel" word is needed)."""
    if not _DIGIT.search(value) and "@" not in value and not _SPELLED_AT_HINT.search(value):
        return value  # a plain name
    stripped = value.strip()
    if _WHOLE_PHONE.fullmatch(stripped) and 7 <= len(_digits(stripped)) <= 15:
        redacted, counts = redact(stripped)
        return redacted if counts else PLACEHOLDERS["phone"]
    return redact(value)[0]


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


def _replace_within(
    text: str, pattern: re.Pattern, kind: str, accept: Callable[[str], bool], counts: Counter
) -> str:
    """Like `_replace`, but a refused match is searched again one character on: a phone
    number and a card number side by side ("+44 20 7946 0958 4111 1111 1111 1111") first
    read as one run. Only for a pattern of bounded length, so the retries stay linear."""
    parts: list[str] = []
    done = start = 0
    while found := pattern.search(text, start):
        if accept(found.group()):
            parts += [text[done : found.start()], PLACEHOLDERS[kind]]
            counts[kind] += 1
            done = start = found.end()
        else:
            start = found.start() + 1
    return "".join(parts) + text[done:]
