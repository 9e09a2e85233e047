"""The README's first steps run as written, from the repository root, on a new database."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

BIN = Path(sys.executable).parent


def first_steps() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## First steps", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.strip() and not line.startswith("#")]


def test_the_first_steps_work_as_written(tmp_path):
    env = {**os.environ, "VOC_DB": str(tmp_path / "voc.db"), "VOC_CONFIG_DIR": str(tmp_path)}
    env["PATH"] = f"{BIN}{os.pathsep}{env['PATH']}"
    outputs = []
    for line in first_steps():
        args = [
            arg.replace("example.db", str(tmp_path / "example.db")) for arg in shlex.split(line)
        ]
        if args[0] == "python":
            args[0] = sys.executable
        result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, (line, result.stderr)
        outputs.append(result.stdout)
    assert outputs[0] == "1\n"
    assert "new=4 duplicate=0 skipped=1" in outputs[2]
    assert "new=4 duplicate=0" in outputs[3]
    expected = (ROOT / "examples" / "digest-2026-W47.md").read_text(encoding="utf-8")
    assert outputs[-1] == expected
