"""What an e-mail says, as plain text: the body part, decoded and repaired; its headers
decoded; its attachments named. Standard library only.

Messages are parsed with the `compat32` policy, which is about ten times faster than
`policy.default`; the few headers a note needs are decoded here instead (RFC 2047 words,
raw 8-bit bytes), so a broken header costs one header, not the message.
"""

import re
from contextlib import suppress
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses
from html import unescape
from html.parser import HTMLParser

# Tried in order when the declared charset is missing, unknown or wrong. cp1252 decodes
# almost any byte, so it is the last resort before replacement characters.
FALLBACK_CHARSETS = ("utf-8", "cp1252")
# A declared single-byte charset over bytes that are valid UTF-8 with multi-byte
# sequences is almost surely mislabelled UTF-8 (the reverse almost never validates).
# What mail clients label with a charset but write with its superset.
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "ks_c_5601-1987": "cp949",
             "euc-kr": "cp949", "shift_jis": "cp932", "big5": "big5hkscs"}  # fmt: skip
_SINGLE_BYTE = {"us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252"}


def decode_bytes(data: bytes, declared: str | None) -> str:
    """Bytes to text by the declared charset, repaired when it is missing or wrong."""
    charset = (declared or "").strip().strip('"').lower()
    if charset in _SINGLE_BYTE or not charset:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252", errors="replace")
    for name in (charset, SUPERSETS.get(charset, charset), *FALLBACK_CHARSETS):
        try:
            return data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", errors="replace")


def header_text(msg: Message, name: str) -> str | None:
    """A header as readable text: RFC 2047 words decoded, raw 8-bit bytes repaired,
    folding undone. None when absent; never raises for a malformed header."""
    wanted = name.lower()
    # raw_items: the header as read (8-bit bytes still surrogate-escaped); `get` would
    # wrap such a header in a Header object and lose the bytes.
    raw = next((v for k, v in msg.raw_items() if k.lower() == wanted), None)
    if raw is None:
        return None
    return decode_header_value(str(raw))


def decode_header_value(raw: str) -> str:
    raw = _repair_8bit(raw)
    if "=?" in raw:
        # A broken encoded word keeps the raw text rather than losing the header.
        with suppress(ValueError, LookupError, UnicodeError, AssertionError):
            raw = str(make_header(decode_header(raw)))
    return " ".join(raw.split())


def _repair_8bit(raw: str) -> str:
    """compat32 reads 8-bit header bytes as surrogate escapes: decode them for real."""
    if raw.isascii():
        return raw
    try:
        data = raw.encode("ascii", errors="surrogateescape")
    except UnicodeEncodeError:
        return raw  # already decoded text
    return decode_bytes(data, None)


def sender(msg: Message) -> tuple[str | None, str | None]:
    """(display name, address) of From (else Sender, Reply-To); either may be None."""
    for name in ("From", "Sender", "Reply-To"):
        value = header_text(msg, name)
        if not value:
            continue
        pairs = getaddresses([value])
        if pairs and (pairs[0][0] or "@" in pairs[0][1]):
            display, address = pairs[0]
            return display.strip().strip("'\"") or None, address.strip().lower() or None
    return None, None


# Text subtypes that are data, not words: bounce headers, calendars, contact cards.
NOT_WORDS = frozenset(
    {"text/rfc822-headers", "text/calendar", "text/x-vcard", "text/vcard", "text/css",
     "text/x-vcalendar", "text/directory"}
)  # fmt: skip
_MARKUP_TEXT = frozenset({"text/enriched", "text/richtext"})


def body_and_attachments(msg: Message, skip: Message | None = None) -> tuple[str, list[str]]:
    """The message's text (its text/plain parts, else its HTML as text) and the names
    of its attachments; `skip` is a part left out with all under it (a forwarded
    message read on its own). A part marked `attachment`, or a non-text part, is an
    attachment; an inline text part is body even with a file name; a multipart whose
    boundary never came is read as the text it is."""
    plain: list[str] = []
    html: list[str] = []
    attachments: list[str] = []
    for part in _leaves(msg, skip):
        kind = part.get_content_type()
        if _is_attachment(part) or not _is_text(part, kind):
            attachments.append(attachment_name(part) or "(unnamed)")
        elif kind == "text/html":
            html.append(part_text(part))
        elif kind in _MARKUP_TEXT:
            plain.append(_strip_markup(part_text(part)))
        else:
            plain.append(part_text(part))
    if not any(t.strip() for t in plain + html) and msg.is_multipart():
        plain.append(_repair_8bit(msg.preamble or ""))  # the text was put before the first boundary
    if any(t.strip() for t in plain):
        return "\n\n".join(t for t in plain if t.strip()), attachments
    return "\n\n".join(html_to_text(h) for h in html if h.strip()), attachments


def _leaves(msg: Message, skip: Message | None):
    if msg is skip:
        return
    payload = msg.get_payload()
    if isinstance(payload, list):
        for part in payload:
            if isinstance(part, Message):
                yield from _leaves(part, skip)
    else:
        yield msg


def _is_text(part: Message, kind: str) -> bool:
    if kind in NOT_WORDS:
        return False
    if part.get_content_maintype() == "multipart":
        return True  # no boundary, or none found: the stdlib left its body as text
    declared = str(part.get("Content-Type", "text/plain")).strip().lower()
    return kind.startswith("text/") and declared.startswith("text/")


_MARKUP = re.compile(r"<(?:/?[a-z][a-z0-9-]*|param)>", re.IGNORECASE)


def _strip_markup(text: str) -> str:
    """text/enriched and text/richtext: formatting commands out, "<<" is a "<"."""
    text = re.sub(r"<param>.*?</param>", "", text, flags=re.IGNORECASE | re.DOTALL)
    return _MARKUP.sub("", text).replace("<<", "<")


def no_text_reason(msg: Message) -> str:
    """Why a message with no readable text has none, in a user's words."""
    kinds = {p.get_content_type() for p in msg.walk()}
    if kinds & {"multipart/encrypted", "application/pkcs7-mime", "application/pgp-encrypted"}:
        return "no text part (encrypted)"
    leaves = [p.get_content_type() for p in msg.walk() if p.get_content_maintype() != "multipart"]
    if leaves and all(k.startswith("image/") for k in leaves):
        return "no text part (images only)"
    if leaves and not any(k.startswith("text/") for k in leaves):
        return "no text part (attachments only)"
    return "empty body"


def attachment_name(part: Message) -> str | None:
    """The file name, from the raw header so that 8-bit bytes are decoded, not lost."""
    probe = Message()
    for name in ("Content-Disposition", "Content-Type"):
        value = header_text(part, name)
        if value:
            probe[name] = value
    filename = probe.get_filename()
    return decode_header_value(filename) if filename else None


def _is_attachment(part: Message) -> bool:
    disposition = str(part.get("Content-Disposition", "")).split(";")[0].strip().lower()
    if disposition == "attachment":
        return True
    # A text file attached by a client that names it but marks nothing: not a body part.
    name = part.get_filename() if disposition != "inline" else None
    return bool(name) and part.get_content_type() not in ("text/plain", "text/html")


def part_text(part: Message) -> str:
    """A leaf part's payload as text: transfer encoding undone, charset repaired."""
    try:
        data = part.get_payload(decode=True)
    except (ValueError, TypeError, AssertionError):
        data = None
    if data is None:
        payload = part.get_payload()
        return payload if isinstance(payload, str) else ""
    charset = part.get_param("charset")
    if isinstance(charset, tuple):  # RFC 2231 form
        charset = charset[2]
    return decode_bytes(data, str(charset) if charset else None)


# -- HTML ---------------------------------------------------------------------------------

_BLOCKS = {
    "p", "div", "br", "tr", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "pre", "hr", "section", "article", "header", "footer", "address", "center",
}  # fmt: skip
_SKIP = {"script", "style", "head", "title", "blockquote", "template", "noscript"}
_QUOTE_MARKERS = ("gmail_quote", "divrplyfwdmsg", "olk_src_body_section", "yahoo_quoted")


class _TextOfHtml(HTMLParser):
    """Readable text: paragraphs and list items kept, scripts, styles and quoted
    replies (blockquote, Gmail/Outlook/Yahoo quote containers) dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_stack:
            if tag == self.skip_stack[-1] and tag not in ("br", "hr", "img"):
                self.skip_stack.append(tag)
            return
        marker = " ".join(f"{v}" for k, v in attrs if k in ("class", "id") and v).lower()
        if tag in _SKIP or any(m in marker for m in _QUOTE_MARKERS):
            self.skip_stack.append(tag)
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in _BLOCKS:
            self.parts.append("\n\n" if tag in ("p", "table", "ul", "ol") else "\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skip_stack:
            if tag == self.skip_stack[-1]:
                self.skip_stack.pop()
            return
        if tag in ("p", "ul", "ol", "table", "h1", "h2", "h3"):
            self.parts.append("\n\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skip_stack:
            self.parts.append(data)


_SPACES = re.compile(r"[ \t\r\f\v\xa0]+")
_BLANKS = re.compile(r"\n\s*\n+")


def html_to_text(html: str) -> str:
    parser = _TextOfHtml()
    try:
        parser.feed(html)
        parser.close()
        text = "".join(parser.parts)
    except (AssertionError, ValueError):
        text = unescape(re.sub(r"<[^>]*>", " ", html))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()
