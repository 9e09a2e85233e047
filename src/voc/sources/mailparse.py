"""A lighter MIME parse for the common case, with the standard library's as the fallback.

`email.message_from_bytes` feeds every line of every part through its parser, base64
attachments included, and compiles a regular expression for each new multipart
boundary: that is most of the cost of an import. A note needs less: the headers, and
the parts' bodies as they are. So headers are parsed by the standard library (the same
`compat32` Message objects come out), and a multipart body is cut at its boundary lines
with `bytes.find`. Anything unusual (no boundary, a boundary never found, nesting deeper
than `MAX_DEPTH`, digests, attached messages) goes to the standard parser instead.
"""

import email
import re
from email.message import Message
from email.parser import BytesHeaderParser
from itertools import pairwise
from pathlib import Path

MAX_DEPTH = 6
_HEADERS = BytesHeaderParser()
_BLANK_LINE = re.compile(rb"\r?\n\r?\n")


_HEADER_START = re.compile(rb"[!-9;-~]+[ \t]*:")


def file_looks_like_mail(path: Path) -> bool:
    """Whether a file opens like a message (headers, or an mbox's From_ line): a
    Maildir's .gitkeep or a folder's notes.txt does not."""
    if path.name.startswith("."):
        return False
    try:
        with path.open("rb") as f:
            head = f.read(1024).removeprefix(b"\xef\xbb\xbf").lstrip(b"\r\n")
    except OSError:
        return True  # the reader reports why it cannot be read
    return head.startswith(b"From ") or bool(_HEADER_START.match(head))


class _Unusual(Exception):
    pass


def parse_message(data: bytes) -> Message:
    """A compat32 Message tree, like `email.message_from_bytes(data)`; a multipart
    whose declared boundary never comes is re-read with the one its body uses."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a byte-order mark saved by a Windows editor
    try:
        return _parse(data, 0)
    except _Unusual:
        msg = email.message_from_bytes(data)
    _recover_boundaries(msg, 0)
    return msg


_BOUNDARY_LINE = re.compile(r"^--([\w'()+,./:=?-]{1,70}?)\s*$", re.MULTILINE)


def _recover_boundaries(msg: Message, depth: int) -> None:
    """The standard parser keeps a multipart it cannot cut as one text (and records a
    defect): if the body is cut by another boundary than the one declared, cut it there."""
    payload = msg.get_payload()
    if isinstance(payload, list):
        for part in payload:
            if isinstance(part, Message) and depth < MAX_DEPTH:
                _recover_boundaries(part, depth + 1)
        return
    if msg.get_content_maintype() != "multipart" or not isinstance(payload, str):
        return
    found = _BOUNDARY_LINE.search(payload)
    if found is None:
        return
    head = f'Content-Type: multipart/mixed; boundary="{found.group(1)}"\n\n'
    again = email.message_from_string(head + payload)
    if isinstance(again.get_payload(), list):
        msg.set_payload(again.get_payload())
        msg.preamble = again.preamble


def _parse(data: bytes, depth: int) -> Message:
    if depth > MAX_DEPTH:
        raise _Unusual
    head, body = _split_head(data)
    msg = _HEADERS.parsebytes(head)
    if msg.defects:
        raise _Unusual
    kind = msg.get_content_maintype()
    if kind == "multipart":
        boundary = msg.get_boundary()
        if not boundary or msg.get_content_subtype() == "digest":
            raise _Unusual
        preamble, parts = _parts(body, boundary)
        msg.set_payload([_parse(part, depth + 1) for part in parts])
        msg.preamble = preamble or None
    elif kind == "message":
        raise _Unusual
    else:
        msg.set_payload(body.decode("ascii", "surrogateescape"))
    return msg


def _split_head(data: bytes) -> tuple[bytes, bytes]:
    if data.startswith((b"\n", b"\r\n")):
        return b"", data.split(b"\n", 1)[1]
    blank = _BLANK_LINE.search(data)
    if blank is None:
        return data, b""
    return data[: blank.end()], data[blank.end() :]


def _parts(body: bytes, boundary: str) -> tuple[str, list[bytes]]:
    """The text before the first `--boundary` line, and the parts between such lines,
    up to `--boundary--`."""
    delimiter = b"--" + boundary.encode("ascii", "surrogateescape")
    starts: list[int] = []
    at = 0 if body.startswith(delimiter) else body.find(b"\n" + delimiter)
    while at >= 0:
        line_start = at if at == 0 and body.startswith(delimiter) else at + 1
        after = line_start + len(delimiter)
        closing = body.startswith(b"--", after)
        starts.append(line_start)
        if closing:
            break
        at = body.find(b"\n" + delimiter, after)
    if len(starts) < 2:
        raise _Unusual  # no part, or never closed: let the standard parser judge
    parts = []
    for begin, end in pairwise(starts):
        line_end = body.find(b"\n", begin)
        # The line break before a delimiter belongs to the delimiter (RFC 2046).
        content = body[line_end + 1 : max(line_end + 1, end - 1)]
        parts.append(content[:-1] if content.endswith(b"\r") else content)
    preamble = body[: max(0, starts[0] - 1)].decode("ascii", "surrogateescape")
    return preamble, parts
