"""`voc themes init|list|show|suggest` through the real CLI."""

import json
import re

from voc.themes.taxonomy import builtin_taxonomy_text

NOTES = [
    ("The invoice was wrong again, please refund us.", "support"),
    ("Invoices are confusing and the bank feed dropped.", "email"),
    ("The bank feed is down, second time this week.", "support"),
    ("Love the app, the bank feed could be faster.", "review"),
]


def capture_all(voc, notes=NOTES):
    for i, (text, source) in enumerate(notes):
        voc("capture", text, "-s", source, "-d", f"2026-11-{17 + i}")


def test_init_writes_the_builtin_file_and_will_not_overwrite(voc, isolated):
    result = voc("themes", "init")
    target = isolated / "config" / "themes.toml"
    assert result.stdout.strip() == str(target)
    assert target.read_text(encoding="utf-8") == builtin_taxonomy_text()
    again = voc("themes", "init", code=2)
    assert "exists" in again.stderr and again.stderr.startswith("voc: error:")
    voc("themes", "init", "--force")
    custom = isolated / "mine.toml"
    voc("themes", "init", str(custom))
    assert custom.is_file()


def test_list_counts_notes_per_theme(voc):
    capture_all(voc)
    data = json.loads(voc("themes", "list", "--format", "json").stdout)
    counts = {t["slug"]: t["notes"] for t in data["themes"]}
    assert counts["billing"] == 2
    assert counts["competitor"] == 0
    assert data["problems"] == []
    table = voc("themes", "list").stdout
    assert "billing" in table and "Billing" in table


def test_a_parent_counts_its_children(voc, tmp_path):
    path = tmp_path / "themes.toml"
    path.write_text(
        '[themes.competitor]\ngroup = true\n[themes."competitor/acme"]\npatterns = ["acme"]\n'
        '[themes."competitor/globex"]\npatterns = ["globex"]\n'
    )
    voc("capture", "Acme is cheaper")
    voc("capture", "Globex has SSO")
    data = json.loads(voc("--themes", str(path), "themes", "list", "-f", "json").stdout)
    counts = {t["slug"]: t["notes"] for t in data["themes"]}
    assert counts == {"competitor": 2, "competitor/acme": 1, "competitor/globex": 1}


def test_check_reports_patterns_that_can_never_match(voc, tmp_path):
    path = tmp_path / "themes.toml"
    path.write_text('[themes.noise]\npatterns = ["!!!", "noise"]\n')
    result = voc("--themes", str(path), "themes", "list", "--check", code=1)
    assert "noise: pattern '!!!' can never match" in result.stderr
    assert "taxonomy ok" not in result.stderr
    ok = voc("themes", "list", "--check").stderr
    assert re.fullmatch(r"taxonomy ok: \d+ themes, \d+ patterns\n", ok)


def test_an_invalid_taxonomy_is_refused_with_file_and_line(voc, tmp_path):
    path = tmp_path / "themes.toml"
    path.write_text('[themes.billing]\npatterns = ["invoice"]\n\n[themes.empty]\nlabel = "E"\n')
    result = voc("--themes", str(path), "themes", "list", code=1)
    assert result.stderr.startswith(f"voc: error: {path}: line 4: theme 'empty' has no patterns")
    result = voc("--themes", str(path), "list", "--theme", "billing", code=1)
    assert "line 4" in result.stderr


def test_show_gives_patterns_count_and_recent_evidence(voc):
    capture_all(voc)
    voc("capture", "Invoice is fine but do not quote me", "--no-quote")
    out = voc("themes", "show", "billing").stdout
    assert out.startswith("billing: Billing")
    assert "notes:    3" in out
    assert '"invoice": The invoice was wrong again, please refund us.' in out
    assert "do not quote me" not in out
    data = json.loads(voc("themes", "show", "billing", "-f", "json").stdout)
    assert data["notes"] == 3 and "invoice" in data["patterns"]
    assert voc("themes", "show", "nope", code=2).stderr.startswith(
        "voc: error: unknown theme 'nope'"
    )


def test_suggest_ranks_terms_no_theme_covers(voc):
    capture_all(voc)
    lines = voc("themes", "suggest").stdout.splitlines()
    assert lines[0].split() == ["notes", "zipf", "term"]
    assert lines[1].split()[0] == "3" and lines[1].split()[2:] == ["bank", "feed"]
    data = json.loads(voc("themes", "suggest", "--min-notes", "3", "-f", "json").stdout)
    assert [t["term"] for t in data] == ["bank feed"]
