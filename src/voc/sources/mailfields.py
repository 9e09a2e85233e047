"""One raw e-mail to note fields: who, when, what about, and the customer's own words.

Parsed with the fast `compat32` policy (see voc.sources.mailtext). The sender's address never
leaves this function: only its hash (`contact_hash`) and its domain (for the account and
the team check) do.
"""

import email
import email.errors
import email.utils
from datetime import UTC
from email.message import Message
from typing import Any

from voc.dates import to_iso
from voc.notes.note import contact_hash
from voc.sources import Item, Reject
from voc.sources.mailparse import parse_message
from voc.sources.mailstrip import customer_text
from voc.sources.mailtext import body_and_attachments, header_text, sender

# Addresses at these domains are people, not companies: no account is guessed from them.
FREE_MAIL = frozenset(
    """gmail.com googlemail.com outlook.com hotmail.com hotmail.co.uk hotmail.fr live.com
    msn.com yahoo.com yahoo.co.uk yahoo.fr yahoo.de ymail.com aol.com icloud.com me.com
    mac.com proton.me protonmail.com pm.me gmx.de gmx.net gmx.com web.de t-online.de
    mail.com mail.ru yandex.ru yandex.com qq.com 163.com 126.com naver.com orange.fr
    free.fr laposte.net wanadoo.fr libero.it virgilio.it zoho.com fastmail.com
    hey.com tutanota.com seznam.cz o2.pl wp.pl interia.pl""".split()
)


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
    try:
        return _fields(msg, item)
    except (email.errors.MessageError, ValueError, TypeError, LookupError, AssertionError) as e:
        return Reject(item.position, f"broken MIME: {type(e).__name__}: {e}")


def _looks_like_mail(msg: Message) -> bool:
    return any(msg.get(h) is not None for h in ("From", "Date", "Subject", "Message-ID"))


def _fields(msg: Message, item: Item) -> dict[str, Any]:
    name, address = sender(msg)
    domain = address.rsplit("@", 1)[1] if address and "@" in address else None
    body, attachments = body_and_attachments(msg)
    occurred_at, date_from = _date(msg)
    message_id = (header_text(msg, "Message-ID") or "").strip()
    return {
        "text": customer_text(body.replace("\xa0", " ")),
        "title": header_text(msg, "Subject") or None,
        "customer": _customer(name, address),
        "account": domain if domain and domain not in FREE_MAIL else None,
        "contact_hash": contact_hash(address) if address else None,
        "occurred_at": occurred_at,
        "origin": message_id or None,
        "attachments": attachments,
        "_domain": domain,
        "_date_from": date_from,
    }


def _customer(name: str | None, address: str | None) -> str | None:
    """The display name; never an address (some clients repeat it as the name)."""
    if name and "@" not in name:
        return name
    return address.split("@")[0] if address else None


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


def _parse_date(value: str) -> str | None:
    try:
        moment = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # RFC 5322 "-0000": UTC, origin unknown
    try:
        return to_iso(moment)
    except (ValueError, OverflowError):
        return None
