"""Time import, search and export (which tags first) of single huge notes, each in a fresh
database, as whole `voc` processes; print seconds and the peak memory of each.

    python benchmarks/huge_notes.py [--mb 2] [--big-mb 0]

The notes: plain feedback words repeated to `--mb` MB; the real 767 KB reply body whose
one line is about 700,000 `>` (../shared/data/email/reply-bodies); a line of 700,000 `>`
alone; with `--big-mb N`, N MB of words too (52 took 805 MB to import once). Run with the
venv's python, never through a pyenv shim.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared/data/email/reply-bodies/github_email_reply_parser/email_long_quote.txt"
WORDS = "the invoice page loads slowly and our export button is hard to find, please fix it "


def words(mb: float) -> str:
    size = int(mb * 1_000_000)
    return (WORDS * (size // len(WORDS) + 1))[:size]


def voc(env: dict, *args: str) -> tuple[float, float, str]:
    """(seconds, the process's peak RSS in MB, its first line of output) of one `voc`."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "voc", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    out = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"voc {' '.join(args)} failed")
    first = out.strip().splitlines()[0] if out.strip() else ""
    return seconds, usage.ru_maxrss / 1024, first  # ru_maxrss is in KB on Linux


def run(name: str, text: str, word: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "note.txt"
        path.write_text(text, encoding="utf-8")
        env = {**os.environ, "VOC_DB": str(Path(folder) / "voc.db")}
        env["VOC_CONFIG_DIR"] = str(Path(folder) / "config")
        steps = [
            ("import", ["import", str(path)]),
            ("search", ["search", word]),
            ("export", ["export", "--output", str(Path(folder) / "out.jsonl")]),
        ]
        figures = []
        for step, args in steps:
            seconds, peak, line = voc(env, *args)
            figures.append(f"{step} {seconds:.2f} s {peak:.0f} MB")
            if step == "import":
                figures[-1] += f" ({line.replace(' rejects_file=-', '')})"
        print(f"{name} ({len(text):,} chars): {'; '.join(figures)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=2)
    parser.add_argument("--big-mb", type=float, default=0)
    args = parser.parse_args()
    run(f"{args.mb:g} MB of words", words(args.mb), "invoice")
    if REAL.exists():
        run("the real 767 KB quote", REAL.read_text(encoding="utf-8"), "riak")
    run("a line of 700,000 '>'", "Hi, the invoice is wrong.\n" + ">" * 700_000, "invoice")
    if args.big_mb:
        run(f"{args.big_mb:g} MB of words", words(args.big_mb), "invoice")


if __name__ == "__main__":
    main()
