"""Arguments that are not UTF-8 (a Latin-1 terminal, a script pasting raw bytes) reach
voc as lone surrogates, which SQLite can neither store nor match: before, `capture`,
`list -c`, `search` and `forget` ended in a UnicodeEncodeError traceback. Each bad byte
now reads as U+FFFD, as in files and stdin, and an existing path keeps its bytes.
Real processes: the bytes must come through the operating system's argv."""

import json
import os
import subprocess
import sys

import pytest

from voc.cli import readable_args


def run(*args: bytes | str, env_db) -> subprocess.CompletedProcess:
    env = {**os.environ, "VOC_DB": str(env_db), "NO_COLOR": "1"}
    command = [sys.executable.encode(), b"-m", b"voc", *(os.fsencode(a) for a in args)]
    return subprocess.run(
        command, capture_output=True, env=env, timeout=60, stdin=subprocess.DEVNULL
    )


def test_a_latin1_note_is_stored_with_replacement_characters(db_file):
    done = run(b"capture", b"caf\xe9 pricing is \x9b too high", env_db=db_file)
    assert done.returncode == 0, done.stderr.decode()
    listed = run("list", "--format", "json", env_db=db_file)
    [note] = json.loads(listed.stdout)
    assert note["text"] == "caf\ufffd pricing is \ufffd too high"


@pytest.mark.parametrize(
    "args",
    [
        (b"list", b"-c", b"\x9b"),
        (b"search", b"\xff"),
        (b"forget", b"-c", b"Ana \xff", b"--dry-run"),
    ],
    ids=["list", "search", "forget"],
)
def test_filters_with_bad_bytes_are_answered_not_a_traceback(db_file, args):
    run("capture", "A plain note.", env_db=db_file)
    done = run(*args, env_db=db_file)
    assert b"Traceback" not in done.stderr
    assert done.returncode == 0, done.stderr.decode()


def test_an_existing_path_keeps_its_bytes(tmp_path):
    path = tmp_path / os.fsdecode(b"notes-\xe9.csv")
    path.write_text("text\nhello\n")
    assert readable_args([str(path), os.fsdecode(b"x\xe9")]) == [str(path), "x\ufffd"]
