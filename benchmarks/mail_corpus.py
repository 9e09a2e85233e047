"""How much of each real message's own words `voc import` keeps, and whether it keeps junk.

The corpus is the real mail in shared/data/email (mikel-mail, mimekit, talon,
reply-bodies, sisimai, spamscope): every file, every message of an mbox, and each bare
reply body wrapped in a minimal header. The ORACLE below is written apart from voc's
stripping code (voc.sources.mailstrip / mailtext) and deliberately simple: a message's
own words are the words on the lines of its text parts (forwarded messages included,
attachments not) that are not quoted (`>`, `LK>`, `|` prefixes, a <blockquote>), not
after a `-- ` line, not an attribution line ("... wrote:" or any line ending in ":"
right above quoted lines), and not inside an Outlook/"Original Message" quote block.

Each message falls in one class:
- kept ok: a note holding >= 60% of its own words and no quoted line;
- kept <60%, quoted line kept: a note that loses words or keeps a quote;
- rejected (has words): a message with words of its own that became no note;
- no words, rejected: no own words and a reject whose reason says so truthfully
  ("no text part ...", "empty body ...", "not mail ...");
- no words, kept / wrong reason: the opposite.
The corpus is split once, by a hash of each file's path, into a tune half and a test
half; rules are tuned on the tune half only. tests/test_sources_mail_corpus.py asserts the floor.

    .venv/bin/python benchmarks/mail_corpus.py [--data DIR] [--show CLASS] [--parser voc|erp|mpr]
"""

import argparse
import hashlib
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "email"
FLOOR = 0.97
KEEP_SHARE = 0.60
BODY_ONLY = ("reply-bodies/", "talon/signature/", "talon/html_replies/")
NOT_TEXT = {"text/rfc822-headers", "text/calendar", "text/x-vcard", "text/vcard", "text/css"}

# -- the oracle ----------------------------------------------------------------------------

_QUOTED = re.compile(r"^\s*(?:[A-Za-z]{0,4}>|\|)")
_SIG = re.compile(r"^(?:-- ?|—|__)$")
_WROTE = re.compile(
    r"(wrote|writes|schrieb|écrit|escribió|skrev|scritto|escreveu|napisał(?:\(a\))?)\s*:\s*$", re.I
)
_ORIGINAL = re.compile(r"^\s*-{3,}\s*(original message|ursprüngliche nachricht|oprindelig)", re.I)
_FORWARD = re.compile(r"forwarded message|weitergeleitete nachricht|begin forwarded", re.I)
_FROM_LINE = re.compile(r"^\s*\*?(from|von|de|fra|da)\s*:", re.I)
_SENT_LINE = re.compile(
    r"^\s*\*?(sent|date|gesendet|envoyé|envoyé le|enviado|inviato|to|subject|à|a)\s*:", re.I
)
_LIST_FOOTER = re.compile(r"mailing list|listinfo|unsubscribe", re.I)
_DEVICE = re.compile(r"^\s*(sent from my|sent via|envoyé de mon|get outlook for)\b", re.I)
_CLOSER = re.compile(
    r"^\s*(thanks|thank you|many thanks|cheers|best|regards|best regards|kind regards|"
    r"sincerely|enjoy|greetings|cordialement|mit freundlichen grüßen)\b[^.?]{0,25}$",
    re.I,
)
_WORD = re.compile(r"\w+|:[a-z0-9_+-]+:|[\U0001F300-\U0001FAFF]")


@dataclass
class Truth:
    own: list[str] = field(default_factory=list)
    quoted: list[str] = field(default_factory=list)
    text_parts: int = 0


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.skip = 0
        self.own: list[str] = []
        self.quoted: list[str] = []

    def handle_starttag(self, tag, attrs):
        classes = " ".join(v or "" for k, v in attrs if k == "class")
        if tag == "blockquote" or "gmail_quote" in classes:
            self.depth += 1
        if tag in ("script", "style", "head", "title"):
            self.skip += 1
        if tag in ("p", "div", "br", "tr", "li"):
            self.own.append("\n")

    def handle_endtag(self, tag):
        if tag == "blockquote" and self.depth:
            self.depth -= 1
        if tag in ("script", "style", "head", "title") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            (self.quoted if self.depth else self.own).append(data)


def _part_text(part: Message) -> str:
    data = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "utf-8"
    for name in (charset, {"gb2312": "gb18030"}.get(charset, charset)):
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", "replace")


def _plain_lines(text: str, truth: Truth) -> None:
    part = Truth()
    _part_lines(text, part)
    truth.own.extend(_without_sign_off(part.own))
    truth.quoted.extend(part.quoted)


def _without_sign_off(own: list[str]) -> list[str]:
    """Own lines less a closing "Thanks,/Best regards," and the few short lines under it."""
    filled = [i for i, line in enumerate(own) if line.strip()]
    for i in filled[-7:]:
        rest = [own[j] for j in filled if j > i]
        if _CLOSER.match(own[i]) and i > filled[0] and all(len(x.strip()) <= 40 for x in rest):
            return own[:i]
    return own


def _part_lines(text: str, truth: Truth) -> None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    quoting = False
    for i, line in enumerate(lines):
        if _FORWARD.search(line):
            quoting = False
        if _SIG.match(line):
            return
        if _DEVICE.match(line) and len(line.split()) <= 8:
            return  # a device's signature
        if re.match(r"^_{2,}\s*$", line) and any(_LIST_FOOTER.search(x) for x in lines[i : i + 4]):
            return  # a mailing list's footer
        if _ORIGINAL.match(line) or (
            _FROM_LINE.match(line) and any(_SENT_LINE.match(x) for x in lines[i + 1 : i + 4])
        ):
            quoting = quoting or not any(_FORWARD.search(x) for x in lines[max(0, i - 3) : i])
        if quoting or _QUOTED.match(line):
            truth.quoted.append(_QUOTED.sub("", line))
            continue
        below = next((x for x in lines[i + 1 : i + 4] if x.strip()), "")
        if _WROTE.search(line) and truth.own and re.match(r"^\s*On\s", truth.own[-1]):
            truth.own.pop()  # "On <date>, <name>" over two lines
        if _WROTE.search(line) and not _QUOTED.match(below):
            quoting = True  # "On ... wrote:" with an unprefixed quote under it
            continue
        if line.rstrip().endswith(":") and _QUOTED.match(below):
            continue  # an attribution line
        truth.own.append(line)


def oracle(msg: Message) -> Truth:
    truth = Truth()
    _add_oracle(msg, truth)
    return truth


def _add_oracle(msg: Message, truth: Truth) -> None:
    plain_seen = any(p.get_content_type() == "text/plain" for p in msg.walk())
    for part in msg.walk():
        kind = part.get_content_type()
        if part.get_content_maintype() == "multipart" and not part.is_multipart():
            found = re.search(r"^--(\S+)\s*$", part.get_payload(), re.M)
            if found:  # the body has its own boundary: read it by that one
                head = f'Content-Type: multipart/mixed; boundary="{found.group(1)}"\n\n'
                again = message_from_bytes(
                    (head + part.get_payload()).encode("utf-8", "surrogateescape")
                )
                if again.is_multipart():
                    _add_oracle(again, truth)
                    continue
            truth.text_parts += 1  # a boundary never found: the body is all text
            _plain_lines(
                re.sub(r"<[^>]*>|^--.*$|^[\w-]+:.*$", " ", _part_text(part), flags=re.M), truth
            )
            continue
        if part.is_multipart() or part.get_content_maintype() != "text" or kind in NOT_TEXT:
            continue
        if str(part.get("Content-Disposition", "")).lower().startswith("attachment"):
            continue
        declared = str(part.get("Content-Type", "text/plain")).strip().lower()
        if not declared.startswith("text/"):
            continue  # an unreadable type the parser took for text/plain
        text = _part_text(part)
        truth.text_parts += 1
        if kind == "text/html":
            if plain_seen:
                continue
            html = _Html()
            html.feed(text)
            _plain_lines("".join(html.own), truth)
            truth.quoted.extend("".join(html.quoted).split("\n"))
        elif kind == "text/plain":
            _plain_lines(text, truth)
        else:
            _plain_lines(re.sub(r"<[^>\n]*>", " ", text), truth)


def words(lines: list[str] | str) -> list[str]:
    text = lines if isinstance(lines, str) else "\n".join(lines)
    return [w.lower() for w in _WORD.findall(text) if not w.isdigit()]


# -- the corpus ----------------------------------------------------------------------------


def corpus(data: Path) -> Iterator[tuple[str, bytes]]:
    """(label, message bytes) for every message in the folder."""
    from voc.sources.mail import split_mbox

    for path in sorted(p for p in data.rglob("*") if p.is_file()):
        label = path.relative_to(data).as_posix()
        raw = path.read_bytes()
        first = raw.split(b"\n", 1)[0].lstrip(b"\xef\xbb\xbf")
        headless = not re.match(rb"^[\w-]+:", first) and not raw.startswith((b"From ", b"\xd0\xcf"))
        if label.startswith(BODY_ONLY) or (headless and len(raw.strip()) > 3):
            kind = "html" if b"<div" in raw or b"<html" in raw.lower() else "plain"
            head = f"From: A Customer <customer@example.com>\nSubject: {label}\n"
            head += f"Content-Type: text/{kind}; charset=utf-8\n\n"
            yield label, head.encode() + raw
        elif raw.startswith(b"From "):
            for n, (_, _, chunk) in enumerate(split_mbox(BytesIO(raw)), start=1):
                body = chunk.split(b"\n", 1)[1] if b"\n" in chunk else b""
                yield f"{label}#{n}", body
        else:
            yield label, raw


def half(label: str) -> str:
    file = label.split("#", 1)[0]
    return "tune" if hashlib.sha1(file.encode()).digest()[0] % 2 == 0 else "test"


# -- scoring -------------------------------------------------------------------------------


def _normal(text: str) -> str:
    return " ".join(words(text))


def classify(label: str, data: bytes) -> tuple[str, str]:
    """(class, detail) of one message as voc imports it."""
    from voc.sources import Item, Reject
    from voc.sources.mailfields import message_fields

    msg = message_from_bytes(data.removeprefix(b"\xef\xbb\xbf"))
    truth = oracle(msg)
    own = words(truth.own)
    result = message_fields(Item("mail", label, data))
    text = "" if isinstance(result, Reject) else (result.get("text") or "").strip()
    reason = result.reason if isinstance(result, Reject) else ("" if text else "empty body")
    if not any(msg.get(h) for h in ("From", "Date", "Subject")):
        own = []  # not mail at all (an Outlook binary, a stray file): nothing is words
    if not own:
        if text:
            return "no words, kept", text[:80]
        if truth.text_parts and reason.startswith("no text part"):
            return "no words, wrong reason", reason
        return "no words, rejected", reason
    if not text:
        return "rejected (has words)", reason
    note = Counter(words(text))
    kept = sum(min(n, note[w]) for w, n in Counter(own).items()) / len(own)
    own_set = {_normal(x) for x in truth.own}
    normal_text = _normal(text)
    for line in truth.quoted:
        q = _normal(line)
        if len(q.split()) >= 5 and q not in own_set and q in normal_text:
            return "quoted line kept", line.strip()[:80]
    if kept < KEEP_SHARE:
        return "kept <60%", f"{kept:.0%}"
    return "kept ok", f"{kept:.0%}"


GOOD = {"kept ok", "no words, rejected"}


def tally(data: Path) -> dict[str, Counter]:
    counts: dict[str, Counter] = {"tune": Counter(), "test": Counter()}
    for label, raw in corpus(data):
        cls, _ = classify(label, raw)
        counts[half(label)][cls] += 1
    return counts


def share_ok(counts: Counter) -> float:
    with_words = sum(n for c, n in counts.items() if not c.startswith("no words"))
    return counts["kept ok"] / with_words if with_words else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=SHARED)
    parser.add_argument("--show", help="list the messages of this class (tune half only)")
    args = parser.parse_args()
    if args.show:
        for label, raw in corpus(args.data):
            cls, detail = classify(label, raw)
            if half(label) == "tune" and cls == args.show:
                print(f"{label}: {detail}")
        return
    counts = tally(args.data)
    for name, c in counts.items():
        print(f"{name} half: {sum(c.values())} messages")
        for cls, n in c.most_common():
            print(f"  {cls:<26} {n}")
        print(f"  messages with own words kept ok: {share_ok(c):.1%} (floor {FLOOR:.0%})")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
