"""The note: one thing a customer said, with who, where and when."""

import hashlib
import re
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

from voc.errors import InvalidInput

SOURCES = ("support", "sales", "interview", "email", "survey", "review", "social", "other")
ORIGIN_CAPTURE = "capture"
# The fields a digest counts reach by ("from 12 customers at 5 accounts"): numbered in
# digest_names (m010), which `voc forget` must clear of erased names.
REACH_FIELDS = ("customer", "account")


@dataclass
class Note:
    text: str
    source: str = "other"
    customer: str | None = None
    account: str | None = None
    author: str | None = None
    occurred_at: str = ""
    captured_at: str = ""
    title: str | None = None
    tags: list[str] = field(default_factory=list)
    quotable: bool = True
    origin: str = ORIGIN_CAPTURE
    dedupe_key: str | None = None
    attachments: list[str] = field(default_factory=list)
    contact_hash: str | None = None
    session_id: str | None = None
    question_key: str | None = None
    uid: str = field(default_factory=lambda: uuid.uuid4().hex)
    id: int | None = None
    untags: list[str] = field(default_factory=list)
    sentiment: float | None = None
    sentiment_label: str | None = None
    tagged_with: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_record(self) -> dict[str, Any]:
        """The stable shape scripts see (`--format json|jsonl|csv`, export, import)."""
        values = asdict(self)
        return {name: values[name] for name in RECORD_FIELDS}


# The documented public fields of a note, in order. Never rename one; add at the end.
RECORD_FIELDS = (
    "id uid text title source customer account author occurred_at captured_at tags "
    "quotable origin attachments session_id question_key sentiment sentiment_label"
).split()


def clean_text(text: str) -> str:
    """Strip surrounding blank space; refuse a note with nothing in it."""
    cleaned = text.strip()
    if not cleaned:
        raise InvalidInput("the note is empty: give some text")
    return cleaned


def check_source(source: str, known: tuple[str, ...] = SOURCES) -> str:
    from voc.notes.choices import check_choice

    return check_choice(source, known, "source")


def clean_tags(tags: list[str]) -> list[str]:
    """Manual tags are theme slugs: lower case, no surrounding space, no repeats, sorted."""
    return sorted({t.strip().lower() for t in tags if t.strip()})


def contact_hash(address: str) -> str:
    """A stable, one-way key for an e-mail address: `voc forget --email` finds the notes
    without voc ever storing the address itself."""
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()[:32]


_SPACE = re.compile(r"\s+")


def content_key(text: str, customer: str | None, occurred_at: str) -> str:
    """The dedupe key of a note without a stable origin: normalised text, customer, day."""
    normal = _SPACE.sub(" ", text).strip().lower()
    payload = "\x1f".join([normal, (customer or "").strip().lower(), occurred_at[:10]])
    return "sha256:" + hashlib.sha256(payload.encode()).hexdigest()
