"""Golden digests of the example data (examples/), through the real CLI and the real
tagger. After an intended change, regenerate them with:

    VOC_UPDATE_GOLDEN=1 python -m pytest tests/test_digest_golden.py
"""

import importlib.util
import json
import os
from pathlib import Path

import pytest
from conftest import ROOT

GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = ROOT / "examples"
UPDATE = bool(os.environ.get("VOC_UPDATE_GOLDEN"))


def _builder():
    spec = importlib.util.spec_from_file_location(
        "build_example_db", EXAMPLES / "build_example_db.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def example_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("example") / "example.db"
    assert _builder().build(db) == 90
    return db


def matches_golden(path: Path, text: str) -> bool:
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    return text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("template", ["weekly", "brief"])
def test_builtin_templates_on_the_example_week(voc, example_db, template):
    result = voc("--db", str(example_db), "digest", "--week", "2026-W47", "-T", template)
    assert result.stderr == ""
    assert matches_golden(GOLDEN / f"{template}-2026-W47.md", result.stdout)


def test_json_on_the_example_week(voc, example_db):
    result = voc("--db", str(example_db), "digest", "--week", "2026-W47", "--format", "json")
    assert matches_golden(GOLDEN / "2026-W47.json", result.stdout)
    data = json.loads(result.stdout)
    assert data["totals"]["notes"] == 34 and data["totals"]["not_quotable"] == 1
    quoted = {q["note_id"] for t in data["themes"] for q in t["quotes"]}
    assert 80 not in quoted  # the one note marked not quotable


def test_the_example_digest_shipped_in_examples_is_current(voc, example_db):
    result = voc("--db", str(example_db), "digest", "--week", "2026-W47")
    assert matches_golden(EXAMPLES / "digest-2026-W47.md", result.stdout)


def test_the_brief_is_ten_lines_at_most(example_db, voc):
    brief = voc("--db", str(example_db), "digest", "--week", "2026-W47", "-T", "brief").stdout
    assert len([line for line in brief.splitlines() if line.strip()]) <= 10
