"""How fast `voc import` reads an mbox, beside the standard library's floor.

Generates an mbox of realistic support mail (plain and multipart/alternative, HTML-only,
quoted replies, signatures, disclaimers, latin-1 quoted-printable, base64, attachments),
then times, each as a whole process in this same run:
- the floor: `mailbox.mbox` reading every message and `email` parsing it with
  `policy.default`, doing nothing else;
- `voc import FILE --from mbox` into a new database (clean, redact, dedupe, store;
  tagging deferred).
Prints messages/s for both, their ratio (target >= 1.0) and voc's peak memory: the
largest resident set of any one of its processes, and of the whole process tree.

    .venv/bin/python benchmarks/import_speed.py [--messages 100000] [--keep DIR]
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

VENV_BIN = Path(sys.executable).parent

FLOOR = """
import email, mailbox, sys
from email import policy
box = mailbox.mbox(sys.argv[1], create=False)
n = 0
for key in box.iterkeys():
    email.message_from_bytes(box.get_bytes(key), policy=policy.default)
    n += 1
print(n)
"""

WORDS = (
    "the export to CSV fails when the report has more than ten thousand rows and we "
    "need it for the board meeting pricing is too high for our team of five seats "
    "onboarding took two weeks because SSO was not documented love the new dashboard "
    "support answered quickly but the invoice flow is confusing we are looking at "
    "Acme as an alternative unless the API limits go up"
).split()
NAMES = ["Ana Ruiz", "Lee Chen", "Dana Scott", "Jörg Müller", "Zoë Martin", "Priya Rao"]
DOMAINS = ["acme.com", "globex.io", "initech.com", "gmail.com", "umbrella.org"]


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 24))
    return " ".join(words).capitalize() + "."


def _body(rng: random.Random, name: str) -> str:
    paragraphs = [" ".join(_sentence(rng) for _ in range(rng.randint(1, 4)))]
    paragraphs += [_sentence(rng) for _ in range(rng.randint(0, 2))]
    text = "Hi team,\n\n" + "\n\n".join(paragraphs)
    if rng.random() < 0.3:
        text += (
            f"\n\nYou can call me on +1 (555) {rng.randint(100, 999)}-{rng.randint(1000, 9999)}."
        )
    text += f"\n\nBest regards,\n{name}\nHead of Operations\n"
    if rng.random() < 0.5:
        quoted = "\n".join("> " + _sentence(rng) for _ in range(rng.randint(2, 8)))
        minute = rng.randint(10, 59)
        text += f"\nOn Mon, 3 Nov 2025 at 10:{minute}, Support <help@example.com> wrote:\n"
        text += quoted + "\n"
    if rng.random() < 0.15:
        text += (
            "\nThis e-mail and any attachments are confidential and intended solely for "
            "the addressee. If you are not the intended recipient, please delete it.\n"
        )
    return text


def _message(rng: random.Random, number: int) -> bytes:
    name = rng.choice(NAMES)
    domain = rng.choice(DOMAINS)
    local = name.split()[0].lower().encode("ascii", "ignore").decode() or "user"
    body = _body(rng, name)
    day = rng.randint(1, 28)
    headers = (
        f"From: {_encoded_name(name)} <{local}@{domain}>\n"
        f"To: Support <help@example.com>\n"
        f"Subject: Re: ticket {number} {rng.choice(WORDS)} {rng.choice(WORDS)}\n"
        f"Date: Tue, {day} Oct 2025 14:{rng.randint(10, 59)}:00 +0200\n"
        f"Message-ID: <{number}.{rng.randint(0, 10**9)}@{domain}>\n"
        "MIME-Version: 1.0\n"
    )
    kind = rng.random()
    if kind < 0.45:
        mime = _plain(body, rng)
    elif kind < 0.80:
        mime = _alternative(body, rng, number)
    elif kind < 0.90:
        mime = _html_only(body)
    else:
        mime = _with_attachment(body, rng, number)
    text = f"From {local}@{domain} Tue Oct {day:2d} 14:00:00 2025\n" + headers + mime
    # A latin-1 body is sent as latin-1 bytes; everything else as UTF-8.
    return text.encode("latin-1", "replace") if "iso-8859-1" in mime else text.encode()


def _encoded_name(name: str) -> str:
    if name.isascii():
        return f'"{name}"'
    import base64

    return "=?utf-8?b?" + base64.b64encode(name.encode()).decode() + "?="


def _plain(body: str, rng: random.Random) -> str:
    if rng.random() < 0.3:
        import quopri

        encoded = quopri.encodestring(body.encode("latin-1", "replace")).decode()
        return (
            'Content-Type: text/plain; charset="iso-8859-1"\n'
            "Content-Transfer-Encoding: quoted-printable\n\n" + encoded + "\n"
        )
    return (
        "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + body + "\n"
    )


def _html(body: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return f"<html><head><style>p {{margin:0}}</style></head><body>{paragraphs}</body></html>"


def _alternative(body: str, rng: random.Random, number: int) -> str:
    import base64

    html = base64.encodebytes(_html(body).encode()).decode()
    boundary = f"b{number}"
    return (
        f'Content-Type: multipart/alternative; boundary="{boundary}"\n\n'
        f"--{boundary}\nContent-Type: text/plain; charset=utf-8\n\n{body}\n"
        f"--{boundary}\nContent-Type: text/html; charset=utf-8\n"
        f"Content-Transfer-Encoding: base64\n\n{html}\n--{boundary}--\n"
    )


def _html_only(body: str) -> str:
    return "Content-Type: text/html; charset=utf-8\n\n" + _html(body) + "\n"


def _with_attachment(body: str, rng: random.Random, number: int) -> str:
    import base64

    blob = base64.encodebytes(rng.randbytes(3000)).decode()
    boundary = f"m{number}"
    return (
        f'Content-Type: multipart/mixed; boundary="{boundary}"\n\n'
        f"--{boundary}\nContent-Type: text/plain; charset=utf-8\n\n{body}\n"
        f"--{boundary}\nContent-Type: application/pdf\n"
        f'Content-Disposition: attachment; filename="invoice-{number}.pdf"\n'
        f"Content-Transfer-Encoding: base64\n\n{blob}\n--{boundary}--\n"
    )


def generate(path: Path, count: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    with path.open("wb") as f:
        for number in range(count):
            f.write(_message(rng, number))
            f.write(b"\n")


def _tree_rss(pid: int) -> tuple[int, int]:
    """(largest process RSS, whole tree RSS) in bytes, from /proc."""
    pids, sizes = [pid], []
    while pids:
        current = pids.pop()
        try:
            with open(f"/proc/{current}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        sizes.append(int(line.split()[1]) * 1024)
            with open(f"/proc/{current}/task/{current}/children") as f:
                pids.extend(int(p) for p in f.read().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return (max(sizes) if sizes else 0, sum(sizes))


def run(command: list[str], env: dict[str, str]) -> tuple[float, int, int, str]:
    """Wall time, peak single-process RSS, peak tree RSS, stdout."""
    peaks = [0, 0]
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def sample() -> None:
        while proc.poll() is None:
            one, tree = _tree_rss(proc.pid)
            peaks[0], peaks[1] = max(peaks[0], one), max(peaks[1], tree)
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    elapsed = time.perf_counter() - start
    sampler.join()
    if proc.returncode not in (0, 3):
        raise SystemExit(f"{command[0]} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return elapsed, peaks[0], peaks[1], out.decode().strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="Keep the mbox and database in this folder.")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="voc-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    mbox = folder / "bench.mbox"
    started = time.perf_counter()
    generate(mbox, args.messages)
    took = time.perf_counter() - started
    print(
        f"generated {args.messages:,} messages, {mbox.stat().st_size / 1e6:.1f} MB in {took:.1f} s"
    )
    for old in folder.glob("bench.db*"):
        old.unlink()  # a fresh database: every message is new
    env = {**os.environ, "VOC_DB": str(folder / "bench.db"), "VOC_CONFIG_DIR": str(folder)}
    load = os.getloadavg()[0]
    floor_s, floor_rss, _, floor_out = run([sys.executable, "-c", FLOOR, str(mbox)], env)
    voc_command = [str(VENV_BIN / "voc"), "import", str(mbox), "--from", "mbox"]
    voc_s, voc_rss, voc_tree, voc_out = run(voc_command, env)
    n, mb = args.messages, 2**20
    print(f"load average before the runs: {load:.1f} on {os.cpu_count()} cores")
    print(
        f"floor (mailbox + email policy.default): {floor_s:.1f} s, {n / floor_s:,.0f} msgs/s, "
        f"peak RSS {floor_rss / mb:.0f} MB ({floor_out} messages)"
    )
    print(
        f"voc import (end to end): {voc_s:.1f} s, {n / voc_s:,.0f} msgs/s, peak RSS "
        f"{voc_rss / mb:.0f} MB in one process, {voc_tree / mb:.0f} MB all processes"
    )
    print(f"voc summary: {voc_out}")
    print(f"ratio voc/floor: {floor_s / voc_s:.2f} (target >= 1.0); RSS target < 300 MB")


if __name__ == "__main__":
    main()
