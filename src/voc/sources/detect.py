"""`--from auto`: the input's kind from its name, else from its first bytes."""

import re
from pathlib import Path

from voc.errors import InvalidInput
from voc.sources.text import TEXT_SUFFIXES

BY_SUFFIX = {
    ".mbox": "mbox", ".mbx": "mbox", ".eml": "eml", ".msg": "eml", ".email": "eml",
    ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".json": "json", ".txt": "txt", ".text": "txt", ".md": "txt",
}  # fmt: skip
_HEADER = re.compile(rb"^[!-9;-~]+:[ \t]", re.MULTILINE)


def detect_kind(path: Path | None, head: bytes, columns: tuple[str, ...] = ()) -> str:
    """The reader for a path (None = stdin, whose first bytes are `head`); `columns`
    are the ones `--map` names, a sign of a table."""
    if path is not None and path.is_dir():
        return _folder_kind(path)
    if path is not None and path.suffix.lower() in BY_SUFFIX:
        return BY_SUFFIX[path.suffix.lower()]
    return sniff(head, columns)


def sniff(head: bytes, columns: tuple[str, ...] = ()) -> str:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"From "):
        return "mbox"
    if text.startswith(b"["):
        return "json"
    if text.startswith(b"{"):
        return "jsonl"
    first = text.split(b"\n", 1)[0]
    if _HEADER.match(text) and b"@" in text[:2000]:
        return "eml"
    header = b"text" in first.lower() or any(c.encode() in first for c in columns)
    if b"\t" in first and header:
        return "tsv"
    if b"," in first and len(first) < 1000 and header:
        return "csv"
    return "txt"


def _folder_kind(path: Path) -> str:
    if (path / "cur").is_dir() or (path / "new").is_dir():
        return "maildir"
    suffixes = {f.suffix.lower() for f in path.rglob("*") if f.is_file()}
    if suffixes & {".eml", ".msg", ".email"}:
        return "eml"
    if suffixes & set(TEXT_SUFFIXES):
        return "txt"
    raise InvalidInput(
        f"cannot tell what {path} holds (no cur/new folders, .eml or .txt files): "
        "say it with --from maildir|eml|txt"
    )
