"""Time a non-interactive `voc capture` as a whole process, beside jrnl and the floor.

    python benchmarks/capture_speed.py [--runs 40] [--jrnl PATH]

jrnl 4.6 is the capture tool people already like; install it apart, e.g.
`python -m venv /tmp/jrnl-venv && /tmp/jrnl-venv/bin/pip install jrnl==4.6`, and pass
its path (default: /tmp/jrnl-venv/bin/jrnl, then `jrnl` on PATH). The floor is this
venv's python opening sqlite3 and inserting one row. Run with the venv's python, never
through a pyenv shim (it adds ~40 ms to every process).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = (
    "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]);"
    "c.execute('create table if not exists t(x)'); c.execute('insert into t values (?)', ('hi',));"
    "c.commit()"
)
JRNL_CONFIG = """\
colors: {body: none, date: none, tags: none, title: none}
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: false
indent_character: '|'
journals:
  default: {journal: JOURNAL}
linewrap: 79
tagsymbols: '#@'
template: false
timeformat: '%F %r'
version: v4.6
"""


def find_jrnl(given: str | None) -> str:
    for candidate in (given, "/tmp/jrnl-venv/bin/jrnl", shutil.which("jrnl")):
        if candidate and Path(candidate).exists():
            return candidate
    sys.exit("jrnl not found: install jrnl==4.6 in its own venv and pass --jrnl PATH")


def medians_ms(commands: dict[str, list[str]], env: dict[str, str], runs: int) -> dict:
    """Round-robin, so a burst of load elsewhere on the machine hits every command alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, env=env, check=True, capture_output=True)
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--jrnl")
    args = parser.parse_args()
    voc = str(Path(sys.executable).with_name("voc"))
    jrnl = find_jrnl(args.jrnl)
    work = Path(tempfile.mkdtemp(prefix="voc-bench-"))
    (work / "jrnl.yaml").write_text(JRNL_CONFIG.replace("JOURNAL", str(work / "journal.txt")))
    env = {**os.environ, "VOC_DB": str(work / "voc.db"), "VOC_CONFIG_DIR": str(work / "cfg")}
    text = "Customer says the invoice export is confusing and they were charged twice"
    commands = {
        "floor (python + sqlite3 insert)": [sys.executable, "-c", FLOOR, str(work / "floor.db")],
        "jrnl 4.6 (one entry)": [jrnl, "--config-file", str(work / "jrnl.yaml"), text],
        "voc capture": [voc, "capture", text, "-s", "support", "-a", "Acme"],
    }
    for command in commands.values():  # warm the file cache and create the files
        subprocess.run(command, env=env, check=True, capture_output=True)
    results = medians_ms(commands, env, args.runs)
    jrnl_ms = results["jrnl 4.6 (one entry)"]
    print(f"median of {args.runs} runs, whole process:")
    for name, ms in results.items():
        print(f"  {name:34s} {ms:7.1f} ms   {ms / jrnl_ms:5.2f}x jrnl")
    ratio = results["voc capture"] / jrnl_ms
    verdict = "meets" if ratio <= 0.75 else "MISSES"
    print(f"voc capture / jrnl = {ratio:.2f} ({verdict} the 0.75x target)")


if __name__ == "__main__":
    main()
