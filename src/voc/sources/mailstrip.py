"""The customer's own words out of an e-mail body: quoted replies, signatures and legal
disclaimers removed, forwarded messages kept.

Line rules in the spirit of email-reply-parser (GitHub's, Zapier's, Crisp's) and of
talon's non-ML quotation finder, measured on their test bodies (tests/test_sources_mailtext.py):
- a reply header ("On ... wrote:", in several languages, split over up to three lines)
  followed by `>` lines is dropped with them, so inline answers between quotes survive;
  without `>` lines after it, everything from the header on is the quote;
- Outlook's "-----Original Message-----", its underscore rule and its "From: / Sent:"
  block end the customer's text;
- a forwarded message ("---------- Forwarded message ---------") is content, so no
  rule looks past its marker;
- "-- " and "Sent from my ..." end the text, and so does a sign-off ("Best regards,")
  followed only by a short contact block;
- a paragraph that reads as a legal disclaimer is dropped.
Every pattern is anchored to one line and linear, so a 767 KB quote costs milliseconds.

Measured on the 43 Crisp reply bodies that open with the same five-line reply: these
rules keep exactly that reply in 40; email-reply-parser 0.5.12 (PyPI) does in 16, and
talon needs scikit-learn and lxml; so voc has its own, with the standard library only.
"""

import re

_WROTE = (
    r"wrote|writes|schrieb|a écrit|escribió|ha scritto|schreef|escreveu|skrev|kirjoitti|"
    r"napisał(?:\(a\))?|написал|написала|пишет|yazdı|írta|napsal|έγραψε|kirjutas|rašė"
)
_REPLY_HEADER = re.compile(
    rf"^\s*>?\s*(?:(?:\S.*)?(?:{_WROTE})(?:\s+\S.*)?|excerpts from .+ message of .+)\s*:\s*$",
    re.IGNORECASE,
)
# "2017-11-24 16:32 GMT+01:00 Ana <ana@example.com>:" names no verb in any language:
# a line ending in ":" with a time and an address (archives write "ana at example.com")
# is a reply header all the same, when quoted lines follow it.
_ADDRESS_HEADER = re.compile(
    r"^\s*\S.*\d{1,2}:\d\d.*(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\w+ at [\w-]+(?:\.[\w-]+)+|@\.\.\.)"
    r".*:\s*$"
)
# A quote prefix: ">", "> >", or initials before it ("LK> ") as some clients write.
_QUOTE = re.compile(r"^\s*(?:[A-Za-z]{1,4})?>")
_FORWARD = re.compile(
    r"^\s*-{2,}\s*(?:forwarded message|begin forwarded message|weitergeleitete nachricht|"
    r"message transféré|mensaje reenviado|messaggio inoltrato|doorgestuurd bericht|"
    r"videresendt meddelelse|vidarebefordrat meddelande)|^\s*begin forwarded message:",
    re.IGNORECASE,
)
# "-----Original Message-----", "-------- Oprindelig besked --------", Zoho's
# "---- On Wed, 24 Feb 2021 ... wrote ----"; forwarded markers are looked for first.
_ORIGINAL = re.compile(
    r"^\s*-{2,}\s*[^-\s][^\n]{0,150}?(?:original|message|besked|nachricht|mensaje|messaggio|"
    rf"bericht|meddelande|mensagem|viesti|wiadomość|{_WROTE})[^\n]{{0,150}}?-{{2,}}\s*$",
    re.IGNORECASE,
)
_RULE = re.compile(r"^\s*_{10,}\s*$")
_HEADER_FROM = re.compile(r"^\s*\*?(?:from|von|de|fra|da|van|från|od|от)\s*:\*?\s", re.IGNORECASE)
_HEADER_NEXT = re.compile(
    r"^\s*\*?(?:sent|date|to|subject|cc|gesendet|datum|an|betreff|envoyé|date|à|objet|"
    r"enviado|para|asunto|a|copie à|sujet|dato|til|emne|data|inviato|oggetto|verzonden|"
    r"aan|onderwerp|"
    r"skickat|ämne|till)\s*:",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(r"^(?:--|-- |__|—)\s*$")
_SENT_FROM = re.compile(
    r"^\s*(?:sent from (?:my|mail|yahoo|outlook|samsung|the)\b[^,;.!?]*|sent via\b.*|"
    r"get outlook for \w+.*|envoyé de mon .*|envoyé à partir de .*|von meinem .* gesendet|"
    r"gesendet von .*|enviado desde .*|inviato da .*|verzonden met .*)$",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(
    r"^\s*(?:enjoy|thanks|thank you|many thanks|thanks again|thx|cheers|best|best wishes|"
    r"(?:best|kind|warm|warmest)(?: regards)?|regards|sincerely|yours(?: sincerely| truly)?|"
    r"all the best|br|cordialement|bien à vous|mit freundlichen grüßen|viele grüße|"
    r"beste grüße|liebe grüße|saludos|un saludo|met vriendelijke groet|groeten|"
    r"cordiali saluti|saluti|med vänliga hälsningar|hilsen)\W*$",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(
    r"(?:confidential|privileged|intended (?:solely |only )?for|intended recipient|"
    r"disclaimer|vertraulich|this (?:e-?mail|message) and any attachments)",
    re.IGNORECASE,
)
MAX_CONTACT_LINES = 6
# Placeholders a mail merge left unfilled: "{EMAILSIGNATURE}", "%%SIGNATURE%%", "[[NAME]]".
_PLACEHOLDER = re.compile(r"^\s*(?:\{[A-Z_]{3,}\}|%%[A-Z_]{3,}%%|\[\[[A-Z_]{3,}\]\])\s*$")
_LIST_FOOTER = re.compile(r"mailing list|/listinfo|/mailman/|unsubscribe", re.IGNORECASE)
# A sign-off line that names the sender too: "Enjoy, The Square Team".
_SIGN_OFF_NAMED = re.compile(
    r"^\s*(?i:enjoy|cheers|thanks|best),\s+(?i:the\s+)?[A-Z][\w.-]*(?:\s+\w+){0,3}\s*$"
)
_DIGIT = re.compile(r"\d")
MAX_CONTACT_WIDTH = 70


def customer_text(body: str) -> str:
    """The customer's own words in an e-mail body (see the module's rules)."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [line for line in lines if not _PLACEHOLDER.match(line)]
    text = _drop_disclaimers("\n".join(_cut_quotes(lines)))
    return "\n".join(_cut_signature(text.split("\n"))).strip()


def _forward_at(lines: list[str]) -> int:
    for i, line in enumerate(lines):
        if _FORWARD.match(line):
            return i
    return len(lines)


def _cut_quotes(lines: list[str]) -> list[str]:
    """Lines before the first quote that ends the text, with `>` quotes removed."""
    limit = _forward_at(lines)
    # A reply header ends with ":" within three lines: look only where one does.
    colons = {i for i, line in enumerate(lines) if line.rstrip().endswith(":")}
    kept: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if i >= limit:
            kept.extend(lines[i:])
            break
        near = i in colons or i + 1 in colons or i + 2 in colons
        header = _reply_header_length(lines, i) if near else 0
        if header:
            following = _next_nonblank(lines, i + header)
            if following is None or not _QUOTE.match(lines[following]):
                if _ADDRESS_HEADER.match(line) and not _REPLY_HEADER.match(line):
                    kept.append(line)  # a log line or a diff's hunk, not an attribution
                    i += 1
                    continue
                break
            i += header
            continue
        block = _outlook_block(lines, i)
        if block and _attribution_block(lines, i):
            i = _block_end(lines, i)  # "From:/Date:" over quoted lines: an attribution
            continue
        if _ORIGINAL.match(line) or block or _list_footer(lines, i):
            break
        if not _QUOTE.match(line) and not _wrapped_quote(lines, i):
            kept.append(line)
        i += 1
    return kept


def _reply_header_length(lines: list[str], i: int) -> int:
    """How many lines (1-3) the reply header starting at line i spans, else 0."""
    joined = ""
    for span in range(3):
        if i + span >= len(lines) or not lines[i + span].strip():
            return 0
        part = lines[i + span].strip()
        joined = f"{joined} {part}"
        if len(joined) > 400:
            return 0
        if _is_header(joined):
            return span + 1
        if span == 0 and not _DIGIT.search(part):
            return 0  # a split header opens with its date: "On Mon, Aug 26, 2019 at..."
        if part.endswith((".", "?", "!")):
            return 0  # a sentence ended: body text, not the start of a split header
    return 0


def _is_header(text: str) -> bool:
    return text.endswith(":") and bool(_REPLY_HEADER.match(text) or _ADDRESS_HEADER.match(text))


def _attribution_block(lines: list[str], i: int) -> bool:
    following = _next_nonblank(lines, _block_end(lines, i))
    return following is not None and bool(_QUOTE.match(lines[following]))


def _block_end(lines: list[str], i: int) -> int:
    """The line after a "From: / Date: / Subject:" block that starts at line i."""
    j = i + 1
    while j < len(lines) and _HEADER_NEXT.match(lines[j]):
        j += 1
    return j


def _list_footer(lines: list[str], i: int) -> bool:
    """A mailing list's footer: a rule, then the list's name and its listinfo address."""
    if not (_RULE.match(lines[i]) or re.match(r"^\s*_{2,}\s*$", lines[i])):
        return False
    return any(_LIST_FOOTER.search(line) for line in lines[i + 1 : i + 5])


def _wrapped_quote(lines: list[str], i: int) -> bool:
    """A line right under a long `>` line, closing no paragraph: the client wrapped the
    quote and lost the `>` (an inline answer is set apart by a blank line or is short)."""
    if i == 0 or not lines[i].strip():
        return False
    above = lines[i - 1].lstrip()
    return bool(_QUOTE.match(above)) and len(above) >= 60 and len(lines[i]) < 40


def _outlook_block(lines: list[str], i: int) -> bool:
    """An Outlook separator rule, or "From: ..." followed closely by "Sent:"/"To:"..."""
    if _RULE.match(lines[i]):
        following = _next_nonblank(lines, i + 1)
        return following is not None and bool(_HEADER_FROM.match(lines[following]))
    if not _HEADER_FROM.match(lines[i]):
        return False
    window = lines[i + 1 : i + 4]
    return any(_HEADER_NEXT.match(line) for line in window)


def _next_nonblank(lines: list[str], start: int) -> int | None:
    for j in range(start, len(lines)):
        if lines[j].strip():
            return j
    return None


def _cut_signature(lines: list[str]) -> list[str]:
    """Everything from the signature on, if one can be told apart from the text."""
    limit = _forward_at(lines)
    for i, line in enumerate(lines[:limit]):
        if _SIGNATURE.match(line) or (_SENT_FROM.match(line) and _near_end(lines[i + 1 : limit])):
            return lines[:i]
        if _SIGN_OFF_NAMED.match(line) and _has_text(lines[:i]) and _near_end(lines[i + 1 : limit]):
            return lines[:i]
        if _SIGN_OFF.match(line) and _has_text(lines[:i]) and _contact_block(lines[i + 1 : limit]):
            return lines[:i]
    return lines


def _near_end(rest: list[str]) -> bool:
    """Only a few short lines follow ("Sent from my iPhone" then a name, say)."""
    filled = [line for line in rest if line.strip()]
    return len(filled) <= 3 and all(len(line) <= 60 for line in filled)


def _has_text(lines: list[str]) -> bool:
    return any(line.strip() for line in lines)


def _contact_block(rest: list[str]) -> bool:
    filled = [line for line in rest if line.strip()]
    return len(filled) <= MAX_CONTACT_LINES and all(
        len(line) <= MAX_CONTACT_WIDTH for line in filled
    )


def _drop_disclaimers(text: str) -> str:
    paragraphs = re.split(r"\n\s*\n", text)
    kept = [p for p in paragraphs if not _is_disclaimer(p)]
    return "\n\n".join(kept)


def _is_disclaimer(paragraph: str) -> bool:
    hits = _DISCLAIMER.findall(paragraph)
    return len(hits) >= 2 or (
        bool(hits) and paragraph.lstrip().upper().startswith(("DISCLAIMER", "CONFIDENTIAL"))
    )
