"""Write docs/commands.md from the CLI's own --help texts (Typer's docs generator).

python scripts/gen_command_docs.py          # rewrite the file
python scripts/gen_command_docs.py --check  # exit 1 when the file is stale (a test runs this)
"""

import subprocess
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "docs" / "commands.md"


def generated() -> str:
    result = subprocess.run(
        [sys.executable, "-m", "typer", "voc.cli", "utils", "docs", "--name", "voc"],
        capture_output=True,
        text=True,
        check=True,
        env={"COLUMNS": "100", "PATH": "", "NO_COLOR": "1"},
    )
    return result.stdout


def main() -> int:
    text = generated()
    if "--check" in sys.argv:
        if TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET} is stale: run python scripts/gen_command_docs.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
