"""How often redaction puts a placeholder where it should, on real mail nobody here wrote.

Runs `voc.redact.redact` over every line of the e-mail sets in ../shared/data/email
(headers, bodies, HTML: pasted headers and ids are where false positives hide) and prints
the placeholders per kind, then each changed line with `--show` to eyeball. Also scores
the labelled cases below (phones, and numbers that are not phones); when the
`phonenumbers` package happens to be installed, it scores Google's matcher on the same
cases and lines, which is how the hand-written checks were weighed against it.

    .venv/bin/python benchmarks/redact_accuracy.py [--show]
"""

import argparse
import time
from collections import Counter
from pathlib import Path

from voc.redact import redact

ROOT = Path(__file__).resolve().parents[1]
MAIL = ROOT.parent / "shared" / "data" / "email"

# (text, how many phone numbers it holds)
PHONE_CASES = [
    ("call +1 (555) 123-4567 or +44 20 7946 0958", 2),
    ("tel 06 12 34 56 78, fax: 0612345678", 2),
    ("French style 01.23.45.67.89", 1),
    ("call 993-8586", 1),
    ("+1-800-FLOWERS", 1),
    ("Mobile:+229 97292685", 1),
    ("503-203-1539 (voice)", 1),
    ("Telefon: 0711 21041-43", 1),
    ("Hand Phone - +91.809 783 3437", 1),
    ("telnet 127.0.0.1 52698", 0),
    ("MA 02111-1307", 0),
    ("SSN 123-45-6789", 0),
    ("X-Mms-Transaction-Id: 3198421808-0", 0),
    ("panose-1:2 11 6 4 3 5 4 4 2 4;}", 0),
    ("Order 123456789012 shipped, ticket #48213", 0),
    ("It broke on 2026-11-20 14:05:00 and 11/20/2026", 0),
    ("Upgraded to 2.14.3.1 and 10.0.19045.3803", 0),
    ("ISBN 978-3-16-148410-0", 0),
    ("id <148226-12799>", 0),
    ("Between 2019-2020; timestamp 1700000000123", 0),
]


def voc_phones(text: str) -> int:
    return redact(text)[1].get("phone", 0)


def score(name: str, count) -> None:
    right = sum(count(t) == n for t, n in PHONE_CASES)
    extra = sum(max(0, count(t) - n) for t, n in PHONE_CASES)
    missed = sum(max(0, n - count(t)) for t, n in PHONE_CASES)
    print(f"{name}: {right}/{len(PHONE_CASES)} cases right, {extra} false, {missed} missed")


def mail_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted(p for p in MAIL.rglob("*") if p.is_file()):
        lines += path.read_bytes()[:400_000].decode("utf-8", "replace").splitlines()
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", action="store_true", help="print every changed line")
    show = parser.parse_args().show
    score("voc.redact", voc_phones)
    matcher = _phonenumbers()
    if matcher:
        score("phonenumbers (region US)", matcher)
    if not MAIL.is_dir():
        return
    lines = mail_lines()
    kinds: Counter[str] = Counter()
    started = time.perf_counter()
    for line in lines:
        out, counts = redact(line)
        kinds.update(counts)
        if show and counts:
            print(f"- {line.strip()[:150]}\n+ {out.strip()[:150]}")
    took = time.perf_counter() - started
    print(f"voc.redact on {len(lines):,} mail lines: {dict(kinds)} in {took:.2f} s")
    if matcher:
        started = time.perf_counter()
        found = sum(matcher(line) for line in lines)
        took = time.perf_counter() - started
        print(f"phonenumbers on the same lines: {found} phones in {took:.2f} s")


def _phonenumbers():
    try:
        import phonenumbers
    except ImportError:
        return None
    lenient = phonenumbers.Leniency.VALID
    return lambda text: sum(1 for _ in phonenumbers.PhoneNumberMatcher(text, "US", lenient))


if __name__ == "__main__":
    main()
