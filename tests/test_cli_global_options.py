"""The global options (--db, --themes, --model) work after the command too, as in git."""

import json

import pytest

from voc.cli import hoist_global_options


def test_db_after_the_command(voc, tmp_path):
    other = tmp_path / "other.db"
    voc("capture", "Stored in the other file", "--db", str(other))
    out = tmp_path / "f.jsonl"
    voc("export", "-o", str(out), "--db", str(other))
    assert json.loads(out.read_text())["text"] == "Stored in the other file"
    assert voc("list", "-f", "json").stdout == "[]\n"  # the default file is untouched
    assert len(json.loads(voc("list", f"--db={other}", "-f", "json").stdout)) == 1


def test_themes_and_model_after_the_command(voc, tmp_path):
    themes = tmp_path / "themes.toml"
    themes.write_text('[themes.rivals]\npatterns = ["acme"]\n')
    voc("capture", "They compared us with Acme")
    listed = voc("list", "--theme", "rivals", "-f", "json", "--themes", str(themes))
    assert json.loads(listed.stdout)[0]["themes"] == ["rivals"]
    refused = voc("list", "--model", "no_such_pipeline", code=1)
    assert "cannot load the spaCy pipeline 'no_such_pipeline'" in refused.stderr


@pytest.mark.parametrize(
    "args, expected",
    [
        (["export", "-o", "f", "--db", "x.db"], ["--db", "x.db", "export", "-o", "f"]),
        (["--db", "x.db", "list"], ["--db", "x.db", "list"]),
        (["list", "--themes=t.toml"], ["--themes=t.toml", "list"]),
        (["capture", "--", "--db", "x"], ["capture", "--", "--db", "x"]),
        (["list", "--db"], ["list", "--db"]),  # no value: left for Click to report
    ],
)
def test_only_global_options_move_and_nothing_after_double_dash(args, expected):
    assert hoist_global_options(args) == expected
