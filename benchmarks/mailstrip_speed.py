"""How long `customer_text` takes on bodies built to make line rules slow.

Every rule in voc.sources.mailstrip is anchored to one line and linear; these bodies would
expose a rule that is not: a 200,000-character line ending in "wrote" over 5,000 quoted
lines, a 767 KB quote, and thousands of lines that each end in a colon. Prints the best
of five runs for each (target: well under a second; a quadratic rule takes minutes).

    .venv/bin/python benchmarks/mailstrip_speed.py
"""

import time

from voc.sources.mailstrip import customer_text

BODIES = {
    "200,000-char line + 5,000 quoted lines": "a" * 200_000
    + " wrote\n"
    + ("> " + "x" * 100 + "\n") * 5000,
    "767 KB quote under a reply header": "Thanks!\n\nOn Mon, 1 Jan 2026, Ana wrote:\n"
    + ("> " + "quoted text, " * 6 + "\n") * 10_000,
    "5,000 lines ending in a colon": ("On 1 Jan 2026 at 10:00 someone said:\n") * 5000,
    "5,000 long lines each under a long quote": ("> " + "y" * 80 + "\nshort\n") * 5000,
}


def best_of(body: str, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        customer_text(body)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    for name, body in BODIES.items():
        print(f"{name} ({len(body):,} chars): {best_of(body) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
