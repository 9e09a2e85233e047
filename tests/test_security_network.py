"""voc never makes a network connection: the suite's CLI paths pass with sockets blocked.

A `sitecustomize` on PYTHONPATH (so it loads in every Python the run starts, child
processes included) makes any connect, send or name lookup raise and write to a log. The
other test files then run under it; the log must stay empty and every test must pass.
"""

import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).parent

BLOCKER = """
import os
import socket

_LOG = os.environ["VOC_TEST_NETWORK_LOG"]


def _refuse(what):
    def refuse(*args, **kwargs):
        with open(_LOG, "a") as log:
            log.write(f"{what} {args[1:] if what.startswith('socket.') else args}\\n")
        raise OSError(f"network blocked by voc's tests: {what}")

    return refuse


_connect = socket.socket.connect


def _connect_local(self, address, *rest):
    if self.family == socket.AF_UNIX:
        return _connect(self, address, *rest)
    return _refuse("socket.connect")(self, address)


socket.socket.connect = _connect_local
socket.socket.connect_ex = _refuse("socket.connect_ex")
socket.socket.sendto = _refuse("socket.sendto")
socket.getaddrinfo = _refuse("getaddrinfo")
socket.gethostbyname = _refuse("gethostbyname")
socket.create_connection = _refuse("create_connection")
"""

# Files whose tests add no CLI path of their own (the slow process-level checks) or that
# would run this file again.
SKIPPED = ("test_security_network.py", "test_reliability_", "test_properties_")


def blocked_env(tmp_path: Path) -> dict[str, str]:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(BLOCKER)
    log = tmp_path / "network.log"
    log.touch()
    path = os.pathsep.join(p for p in (str(site), os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "PYTHONPATH": path, "VOC_TEST_NETWORK_LOG": str(log)}


def test_the_blocker_really_blocks(tmp_path):
    env = blocked_env(tmp_path)
    probe = "import socket; socket.create_connection(('127.0.0.1', 9), timeout=1)"
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "network blocked by voc's tests" in result.stderr
    assert "create_connection" in Path(env["VOC_TEST_NETWORK_LOG"]).read_text()


def test_every_cli_path_in_the_suite_works_with_sockets_blocked(tmp_path):
    env = blocked_env(tmp_path)
    files = sorted(str(f) for f in TESTS.glob("test_*.py") if not f.name.startswith(SKIPPED))
    assert len(files) >= 3, files
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *files],
        env=env,
        capture_output=True,
        text=True,
        cwd=TESTS.parent,
        timeout=600,
    )
    attempts = Path(env["VOC_TEST_NETWORK_LOG"]).read_text()
    assert attempts == "", f"voc tried the network:\n{attempts}"
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout
