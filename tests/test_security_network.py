"""voc never makes a network connection.

The whole suite runs with the network blocked (`no_network` in conftest.py loads
tests/netguard in the test process and, as `sitecustomize`, in every Python a test
starts); an attempt anywhere fails the run. These tests prove the guard really blocks,
here and in child processes, and walk every command in real processes under it.
"""

import ast
import csv
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

MESSAGE = "network blocked by voc's tests"
DATA = Path(__file__).parent / "data" / "reliability"


@pytest.fixture
def attempts(tmp_path, monkeypatch) -> Path:
    """A log of its own, so that the attempts made on purpose here do not fail the run."""
    log = tmp_path / "attempts.log"
    monkeypatch.setenv("VOC_TEST_NETWORK_LOG", str(log))
    return log


def test_the_guard_blocks_connections_and_lookups_in_this_process(attempts):
    with pytest.raises(OSError, match=MESSAGE):
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    with pytest.raises(OSError, match=MESSAGE):
        socket.getaddrinfo("example.com", 443)
    with pytest.raises(urllib.error.URLError, match=MESSAGE):
        urllib.request.urlopen("http://example.com", timeout=1)
    assert attempts.read_text().count("\n") == 3


def test_the_guard_blocks_in_every_child_process(attempts):
    probe = "import socket; s = socket.socket(); s.connect(('127.0.0.1', 9))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode != 0
    assert MESSAGE in result.stderr
    assert "socket.connect" in attempts.read_text()


def run(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "voc", *args], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, (args, result.stderr)
    return result.stdout


def test_every_command_works_in_real_processes_with_the_network_blocked(attempts, tmp_path):
    table = tmp_path / "notes.csv"
    lines = (DATA / "tweets.tsv").read_text(encoding="utf-8").splitlines()[:450]
    with table.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["text", "customer", "occurred_at"])
        writer.writerows(
            [line.split("\t")[2], f"C{i}", "2026-11-18"] for i, line in enumerate(lines)
        )
    run("capture", "Pricing is too high, we may move to Acme", "-s", "sales", "-a", "Initech",
        "-c", "Ana", "-d", "2026-11-18")  # fmt: skip
    run("import", str(table))  # several batches: worker processes too
    assert run("list", "--all", "--format", "jsonl").count("\n") == 451
    assert "Pricing" in run("search", "pricing", "--format", "json")
    run("show", "1")
    run("edit", "1", "--account", "Initech Corp")
    run("tag", "1", "--add", "billing")
    run("why", "1", "pricing")
    run("themes", "list")
    run("guides", "list")
    assert "# Voice of the customer" in run("digest", "--week", "2026-W47")
    run("export", "--output", str(tmp_path / "out.jsonl"))
    run("forget", "--account", "Initech Corp", "--yes")
    run("retain", "--help")
    run("templates", "list")
    run("db", "path")
    assert not attempts.exists() or attempts.read_text() == ""


def test_importing_spacy_only_binds_a_loopback_socket_to_probe_for_ipv6(attempts):
    # spaCy's package imports its CLI, whose download command imports requests and so
    # urllib3, which binds ("::1", 0) once to learn whether IPv6 works: no traffic, no
    # connection. The README says so beside the no-network promise; this pins it.
    probe = """
import socket
binds = []
bind = socket.socket.bind
def logged(self, address):
    binds.append((self.family.name, address[:2]))
    return bind(self, address)
socket.socket.bind = logged
import voc.nlp.pipeline
print(binds)
"""
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert set(ast.literal_eval(result.stdout)) <= {("AF_INET6", ("::1", 0))}
    assert not attempts.exists()  # nothing connected, looked up or sent
