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
_SINGLE_BYTE = {"us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252"}


def decode_bytes(data: bytes, declared: str | None) -> str:
    """Bytes to text by the declared charset, repaired when it is missing or wrong."""
    charset = (declared or "").strip().strip('"').lower()
    if charset in _SINGLE_BYTE or not charset:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252", errors="replace")
    for name in (charset, *FALLBACK_CHARSETS):
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


def body_and_attachments(msg: Message) -> tuple[str, list[str]]:
    """The message's text (its text/plain parts, else its HTML as text) and the names
    of its attachments. A part with a file name or `Content-Disposition: attachment`
    is an attachment; the text of a message forwarded inline is body."""
    plain: list[str] = []
    html: list[str] = []
    attachments: list[str] = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        if filename or _is_attachment(part):
            attachments.append(attachment_name(part) or "(unnamed)")
            continue
        kind = part.get_content_type()
        if kind == "text/plain":
            plain.append(part_text(part))
        elif kind == "text/html":
            html.append(part_text(part))
    if any(t.strip() for t in plain):
        return "\n\n".join(t for t in plain if t.strip()), attachments
    return "\n\n".join(html_to_text(h) for h in html if h.strip()), attachments


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
    return disposition == "attachment"


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
