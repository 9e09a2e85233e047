"""One raw e-mail to note fields: who, when, what about, and the customer's own words.

Parsed with the fast `compat32` policy (see voc.sources.mailtext). The sender's address never
leaves this function: only its hash (`contact_hash`) and its domain (for the account and
the team check) do.
"""

import email
import email.errors
import email.utils
import re
from datetime import UTC
from email.message import Message
from typing import Any

from voc.dates import to_iso
from voc.notes.note import contact_hash
from voc.sources import Item, Reject
from voc.sources.mailparse import parse_message
from voc.sources.mailstrip import customer_text
from voc.sources.mailtext import body_and_attachments, header_text, no_text_reason, sender

# Addresses at these domains are people, not companies: no account is guessed from them.
FREE_MAIL = frozenset(
    """gmail.com googlemail.com outlook.com hotmail.com hotmail.co.uk hotmail.fr live.com
    msn.com yahoo.com yahoo.co.uk yahoo.fr yahoo.de ymail.com aol.com icloud.com me.com
    mac.com proton.me protonmail.com pm.me gmx.de gmx.net gmx.com web.de t-online.de
    mail.com mail.ru yandex.ru yandex.com qq.com 163.com 126.com naver.com orange.fr
    free.fr laposte.net wanadoo.fr libero.it virgilio.it zoho.com fastmail.com
    hey.com tutanota.com seznam.cz o2.pl wp.pl interia.pl""".split()
)
# Archives that rewrite every sender's address to their own domain: no account there.
MUNGED = frozenset({"public.gmane.org", "gmane.org", "lists.gmane.org"})
# A forwarder's own lines above a forwarded message: a few are context, more are a mail.
MAX_FORWARDER_LINES = 6
_HEADERS_IN_BODY = re.compile(r"^(?:[\w-]+:[^\n]*\n)+", re.MULTILINE)


def message_fields(item: Item) -> dict[str, Any] | Reject:
    data = item.payload
    if not data.strip():
        return Reject(item.position, "empty message")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return Reject(item.position, "an Outlook .msg file, not a MIME message: save as .eml")
    try:
        msg = parse_message(data)
    except (email.errors.MessageError, ValueError, TypeError, LookupError) as e:
        return Reject(item.position, f"broken MIME: {e}")
    if not _looks_like_mail(msg):
        return Reject(item.position, "no e-mail headers (From, Date, Subject...)")
    if _headers_cut(msg):
        return Reject(item.position, "broken headers: a line among them is not a header")
    if msg.get_content_type() == "message/partial":
        return Reject(item.position, "one piece of a message split in parts (message/partial)")
    try:
        fields = _fields(msg, item)
    except (email.errors.MessageError, ValueError, TypeError, LookupError, AssertionError) as e:
        return Reject(item.position, f"broken MIME: {type(e).__name__}: {e}")
    return fields if isinstance(fields, dict) else Reject(item.position, fields)


_HEADER_LINE = re.compile(r"^[\w-]+:[ \t]")


def _headers_cut(msg: Message) -> bool:
    """A stray line in the header block ended it: what follows is more headers, not text."""
    if not any(isinstance(d, email.errors.MissingHeaderBodySeparatorDefect) for d in msg.defects):
        return False
    payload = msg.get_payload()
    head = payload.split("\n", 6)[:6] if isinstance(payload, str) else []
    return sum(bool(_HEADER_LINE.match(line)) for line in head) >= 2


def _looks_like_mail(msg: Message) -> bool:
    return any(msg.get(h) is not None for h in ("From", "Date", "Subject", "Message-ID"))


def _fields(msg: Message, item: Item) -> dict[str, Any] | str:
    """The note's fields, or why there is no note. A message forwarded as an attachment
    is the customer's mail: it gives the note; the forwarder is its author."""
    forwarded = _forwarded(msg)
    if forwarded is not None:
        inner = _forwarded_fields(msg, forwarded)
        if inner is not None:
            return inner
    body, attachments = body_and_attachments(msg)
    if not body.strip():
        return no_text_reason(msg)
    if _HEADERS_IN_BODY.fullmatch(body.strip() + "\n"):
        return "broken MIME: the body is only more headers"
    text = customer_text(body.replace("\xa0", " "))
    if not text:
        return "empty body after stripping quotes and signatures"
    return {"text": text, "attachments": attachments, **_header_fields(msg)}


def _header_fields(msg: Message) -> dict[str, Any]:
    name, address = sender(msg)
    domain = address.rsplit("@", 1)[1] if address and "@" in address else None
    occurred_at, date_from = _date(msg)
    message_id = (header_text(msg, "Message-ID") or "").strip()
    return {
        "title": header_text(msg, "Subject") or None,
        "customer": _customer(name),
        "account": _account(domain),
        "contact_hash": contact_hash(address) if address else None,
        "occurred_at": occurred_at,
        "origin": message_id or None,
        "_domain": domain,
        "_date_from": date_from,
    }


def _forwarded(msg: Message) -> Message | None:
    """The message attached as `message/rfc822` to a mail (not to a bounce report)."""
    if msg.get_content_type() == "multipart/report":
        return None
    for part in msg.walk():
        if part.get_content_type() == "message/rfc822" and part is not msg:
            inner = part.get_payload()
            if isinstance(inner, list) and inner and isinstance(inner[0], Message):
                return part
    return None


def _forwarded_fields(msg: Message, part: Message) -> dict[str, Any] | None:
    inner = part.get_payload(0)
    body, attachments = body_and_attachments(inner)
    text = customer_text(body.replace("\xa0", " "))
    outer, outer_attachments = body_and_attachments(msg, skip=part)
    note = customer_text(outer.replace("\xa0", " "))
    lines = [line for line in note.split("\n") if line.strip()]
    if not text or len(lines) > MAX_FORWARDER_LINES:
        return None  # the forwarder wrote a mail of their own: that is the note
    if lines:
        text += "\n\n(forwarded with: " + " ".join(line.strip() for line in lines) + ")"
    fields = _header_fields(inner)
    outer_fields = _header_fields(msg)
    for key in ("title", "occurred_at", "_date_from", "origin"):
        fields[key] = fields[key] or outer_fields[key]
    if fields["contact_hash"] is None:
        return None
    forwarder, _ = sender(msg)
    fields.update(text=text, author=forwarder, attachments=outer_attachments + attachments)
    return fields


def _customer(name: str | None) -> str | None:
    """The display name; never an address (some clients repeat it as the name), nor
    its local part, which is rarely a name ("mailusr1"): `contact_hash` keeps who."""
    return name if name and "@" not in name else None


def _account(domain: str | None) -> str | None:
    if not domain or "." not in domain.strip("."):
        return None  # "localhost", a bare host name: not a company's domain
    if domain in FREE_MAIL or domain in MUNGED:
        return None
    return domain


def _date(msg: Message) -> tuple[str | None, str | None]:
    """(occurred_at, where it came from): Date, else the newest Received, else None
    (the importer then uses the file's time)."""
    value = header_text(msg, "Date")
    moment = _parse_date(value) if value else None
    if moment:
        return moment, "date"
    for received in msg.get_all("Received") or []:
        stamp = str(received).rsplit(";", 1)[-1] if ";" in str(received) else ""
        moment = _parse_date(stamp)
        if moment:
            return moment, "received"
    return None, None


_COMMENT = re.compile(r"\([^()]*\)")


def _parse_date(value: str) -> str | None:
    # "00:19:00 (EDT) -0400": a comment before the zone would be read as the zone.
    value = _COMMENT.sub(" ", value)
    try:
        moment = email.utils.parsedate_to_datetime(" ".join(value.split()))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # RFC 5322 "-0000": UTC, origin unknown
    try:
        return to_iso(moment)
    except (ValueError, OverflowError):
        return None
