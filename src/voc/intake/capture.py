"""Turning what someone typed into a stored note."""

from voc.dates import to_iso, utcnow
from voc.intake.size import note_text
from voc.notes.note import ORIGIN_CAPTURE, Note, check_source, clean_tags, clean_text
from voc.redact import redact


def build_note(
    text: str,
    *,
    source: str,
    customer: str | None = None,
    account: str | None = None,
    author: str | None = None,
    occurred_at: str | None = None,
    tags: list[str] | None = None,
    quotable: bool = True,
    origin: str | None = None,
    redact_pii: bool = True,
    sources: tuple[str, ...] | None = None,
) -> Note:
    """A validated note, redacted unless asked not to, cut to the maximum note size
    (voc.intake.size). `origin` is a script's stable key:
    the same key is never stored twice."""
    text = typed_text(text, redact_pii)
    now = to_iso(utcnow())
    return Note(
        text=text,
        source=check_source(source, sources) if sources else check_source(source),
        customer=_blank_to_none(customer),
        account=_blank_to_none(account),
        author=_blank_to_none(author),
        occurred_at=occurred_at or now,
        captured_at=now,
        tags=clean_tags(tags or []),
        quotable=quotable,
        origin=origin or ORIGIN_CAPTURE,
        dedupe_key=f"origin:{origin}" if origin else None,
    )


def typed_text(text: str, redact_pii: bool = True) -> str:
    """A note's text as a person typed it, in a capture or an edit: cleaned, redacted
    unless asked not to, cut to the maximum note size (voc.intake.size)."""
    return note_text(clean_text(text), _redacted if redact_pii else None).text


def _blank_to_none(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def _redacted(text: str) -> str:
    return redact(text)[0]
