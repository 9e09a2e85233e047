"""Every test runs against its own real SQLite file and config folder, through the real CLI."""

import os
import runpy
import time
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from voc.cli import app
from voc.commands.common import state

# The suite is reproducible: property tests draw the same examples on every run, so CI
# never fails on a draw nobody can repeat. `pytest --hypothesis-profile=explore` draws
# new ones each run, to hunt for bugs.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile("repeatable")

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
SHARED = ROOT.parent / "shared" / "data"  # real third-party material (../shared/data/README.md)


@pytest.fixture(autouse=True, scope="session")
def no_network(tmp_path_factory):
    """voc never makes a network connection: every test, and every process a test starts,
    runs with connects and name lookups raising (tests/netguard); an attempt fails the run."""
    guard = Path(__file__).parent / "netguard"
    log = tmp_path_factory.mktemp("netguard") / "attempts.log"
    os.environ["VOC_TEST_NETWORK_LOG"] = str(log)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(guard), os.environ.get("PYTHONPATH")) if p
    )
    runpy.run_path(str(guard / "sitecustomize.py"))
    yield
    attempts = log.read_text() if log.exists() else ""
    assert not attempts, f"voc tried to reach the network:\n{attempts}"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Point the database, config and data folders at a temp folder; pin the terminal."""
    monkeypatch.setenv("VOC_DB", str(tmp_path / "voc.db"))
    monkeypatch.setenv("VOC_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("VOC_THEMES", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(state, "db_path", None)
    monkeypatch.setattr(state, "themes_path", None)
    monkeypatch.setattr(state, "model", None)
    return tmp_path


def set_time_zone(zone: str) -> None:
    os.environ["TZ"] = zone
    time.tzset()


@pytest.fixture(autouse=True)
def local_zone():
    """Dates typed are local time (voc.dates): the suite runs in UTC, the same days on any
    computer, unless a test picks a zone with `local_zone("Pacific/Kiritimati")`."""
    before = os.environ.get("TZ")
    set_time_zone("UTC")
    yield set_time_zone
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture
def db_file(isolated) -> Path:
    return Path(os.environ["VOC_DB"])


class Voc:
    """Runs `voc ...` in-process through Typer's CliRunner, stdout and stderr apart."""

    def __init__(self):
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | bytes | None = None, code: int | None = 0):
        result = self.runner.invoke(app, list(args), input=input, prog_name="voc")
        if code is not None and result.exit_code != code:
            raise AssertionError(
                f"voc {' '.join(args)} exited {result.exit_code}, expected {code}\n"
                f"stdout: {result.stdout}\nstderr: {result.stderr}\n{result.exception!r}"
            )
        return result


@pytest.fixture
def voc() -> Voc:
    return Voc()
