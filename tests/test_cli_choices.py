"""Values with a known set (themes, sources, sentiments, signals, templates, guides) are
checked by every command that takes them: a typo exits 2 with a suggestion."""

import subprocess
import sys

import pytest

TYPOS = [
    (["list", "--theme", "biling"], "unknown theme 'biling': did you mean billing"),
    (["list", "--sentiment", "negativ"], "unknown sentiment 'negativ': did you mean negative?"),
    (["list", "--signal", "churn"], "unknown signal 'churn': did you mean churn_risk?"),
    (["list", "-s", "suport"], "unknown source 'suport': did you mean support?"),
    (["search", "invoice", "--theme", "biling"], "did you mean billing"),
    (["export", "--theme", "biling"], "did you mean billing"),
    (["export", "--sentiment", "postive"], "did you mean positive?"),
    (["digest", "--week", "2026-W47", "--theme", "biling"], "did you mean billing"),
    (["digest", "--week", "2026-W47", "-s", "suport"], "did you mean support?"),
    (["digest", "--week", "2026-W47", "-T", "weeky"], "unknown template 'weeky': did you mean"),
    (["templates", "init", "weeky"], "did you mean weekly or weekly-html?"),
    (["themes", "show", "biling"], "unknown theme 'biling': did you mean billing"),
    (["capture", "x", "-s", "suport"], "unknown source 'suport': did you mean support?"),
    (["edit", "1", "-s", "suport"], "unknown source 'suport': did you mean support?"),
    (["guides", "show", "suport-debrief"], "unknown guide 'suport-debrief': did you mean"),
    (["capture", "--guide", "suport-debrief"], "did you mean support-debrief"),
    (["tag", "1", "--add", "pricng"], "unknown theme 'pricng': did you mean pricing?"),
]


@pytest.mark.parametrize("args, message", TYPOS, ids=lambda a: " ".join(a)[:40])
def test_a_mistyped_value_exits_2_with_a_suggestion(voc, args, message):
    voc("capture", "The invoice was wrong", "-s", "support")
    result = voc(*args, code=2)
    assert result.stderr.startswith("voc: error: ") and message in result.stderr
    assert result.stdout == ""


def test_a_taxonomy_parent_and_a_config_source_are_known(voc, isolated):
    (isolated / "config").mkdir(exist_ok=True)
    (isolated / "config" / "config.toml").write_text('sources = ["success"]\n')
    themes = isolated / "themes.toml"
    themes.write_text(
        '[themes.rivals]\ngroup = true\n[themes."rivals/acme"]\npatterns = ["acme"]\n'
    )
    voc("capture", "They compared us with Acme", "-s", "success")
    found = voc("--themes", str(themes), "list", "-s", "success", "--theme", "rivals", "-f", "json")
    assert '"id": 1' in found.stdout
    assert (
        "did you mean rivals or"
        in voc("--themes", str(themes), "list", "--theme", "rival", code=2).stderr
    )


def test_a_new_manual_tag_is_made_only_with_new(voc):
    voc("capture", "Anything at all")
    voc("tag", "1", "--add", "roadmap", code=2)
    assert "tags -" in voc("tag", "1", "--remove", "roadmap").stderr
    voc("tag", "1", "--add", "roadmap", "--new")
    # once given by hand, the tag is known: filters and a second note take it without --new
    voc("capture", "Another one")
    assert "tags roadmap" in voc("tag", "2", "--add", "roadmap").stderr
    assert '"id": 1' in voc("list", "--theme", "roadmap", "-f", "json").stdout


def test_checking_a_theme_does_not_import_spacy(db_file):
    code = (
        "import sys\n"
        "from voc.cli import app\n"
        "try:\n"
        "    app(['list', '--theme', 'biling'], prog_name='voc')\n"
        "except SystemExit as e:\n"
        "    print(e.code, 'spacy' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["2", "False"], result.stderr
    assert "did you mean billing" in result.stderr


def test_the_labels_checked_are_those_tagging_writes():
    from voc.nlp import sentiment, signals
    from voc.notes.choices import SENTIMENTS, SIGNALS

    assert SIGNALS == signals.SIGNALS
    labels = {sentiment.label(score) for score in (-0.9, 0.0, 0.9)}
    assert labels == set(SENTIMENTS)
