"""`voc tag`, `voc retag`, `voc why`, `voc show`'s evidence, and the theme filters of list."""

import json


def ids(result) -> list[int]:
    return [record["id"] for record in json.loads(result.stdout)]


def test_show_lists_each_theme_with_pattern_and_sentence(voc):
    voc("capture", "Hello. The invoice was charged twice! Is there a way to export to Excel?")
    out = voc("show", "1").stdout
    assert 'billing (issue): "invoice" in: The invoice was charged twice!' in out
    assert 'import_export (request): "export to" in: Is there a way to export to Excel?' in out
    assert "feature_request: Is there a way to export to Excel?" in out
    assert "sentiment: " in out


def test_show_as_json_carries_themes_signals_and_their_evidence(voc):
    voc("capture", "The invoice was charged twice! Is there a way to export to Excel?")
    voc("tag", "1", "--add", "pricing")
    shown = json.loads(voc("show", "1", "--format", "json").stdout)
    assert shown["text"].startswith("The invoice was charged twice!")
    assert {"billing", "import_export", "pricing"} <= set(shown["themes"])
    assert shown["themes"] == sorted(t["theme"] for t in shown["evidence"]["themes"])
    assert "feature_request" in shown["signals"]
    billing = next(t for t in shown["evidence"]["themes"] if t["theme"] == "billing")
    assert (billing["pattern"], billing["sentence"]) == (
        "invoice",
        "The invoice was charged twice!",
    )
    assert shown["text"][billing["start"] : billing["end"]].lower() == billing["evidence"].lower()
    manual = next(t for t in shown["evidence"]["themes"] if t["theme"] == "pricing")
    assert (manual["manual"], manual["pattern"]) == (1, None)
    assert shown["sentiment_label"] in {"negative", "neutral", "positive"}


def test_why_prints_the_evidence_alone(voc):
    voc("capture", "Our invoice is wrong.")
    why = voc("why", "1", "billing").stdout
    assert why == 'billing (issue): "invoice" in: Our invoice is wrong.\n'
    missing = voc("why", "1", "mobile", code=1)
    assert missing.stderr == "voc: error: note 1 has no theme 'mobile' (its themes: billing)\n"
    assert voc("why", "9", "billing", code=1).stderr == "voc: error: no note with id 9\n"


def test_tag_add_and_remove_win_over_automatic_tags(voc):
    voc("capture", "The invoice is wrong and the app is slow on my phone.")
    voc("tag", "1", "--add", "pricing", "--remove", "mobile")
    assert voc("why", "1", "pricing").stdout == "pricing (manual): tagged by hand\n"
    voc("why", "1", "mobile", code=1)
    voc("retag")
    assert ids(voc("list", "--theme", "pricing", "-f", "json")) == [1]
    assert ids(voc("list", "--theme", "mobile", "-f", "json")) == []
    voc("tag", "1", "--add", "mobile")
    assert voc("why", "1", "mobile").stdout.startswith('mobile (issue) (manual): "phone" in:')


def test_tag_needs_a_change_and_a_valid_slug(voc):
    voc("capture", "Anything at all")
    assert "--add" in voc("tag", "1", code=2).stderr
    assert "bad theme slug" in voc("tag", "1", "--add", "Not A Slug!", code=2).stderr
    refused = voc("tag", "1", "--add", "roadmap/q3", code=2)
    assert "unknown theme 'roadmap/q3'" in refused.stderr and "--new" in refused.stderr
    voc("tag", "1", "--add", "roadmap/q3", "--new")
    assert ids(voc("list", "--theme", "roadmap", "-f", "json")) == [1]


def test_capture_tags_are_manual_themes(voc):
    voc("capture", "Nothing about money here", "-t", "Pricing")
    assert voc("why", "1", "pricing").stdout == "pricing (manual): tagged by hand\n"


def test_list_and_search_filter_by_theme_sentiment_and_signal(voc):
    voc("capture", "Love the new editor, thank you!")
    voc("capture", "The export is broken and support never replied. We are switching to Acme.")
    voc("capture", "Customer asked about the Berlin office.")
    assert ids(voc("list", "--sentiment", "positive", "-f", "json")) == [1]
    assert ids(voc("list", "--sentiment", "negative", "-f", "json")) == [2]
    assert ids(voc("list", "--signal", "churn_risk", "-f", "json")) == [2]
    assert ids(voc("list", "--signal", "praise", "-f", "json")) == [1]
    assert ids(voc("search", "export", "--theme", "import_export", "-f", "json")) == [2]
    assert ids(voc("search", "export", "--theme", "praise", "-f", "json")) == []


def test_retag_after_editing_the_taxonomy(voc, isolated):
    voc("capture", "Globex does this for half the price")
    assert ids(voc("list", "--theme", "competitor", "-f", "json")) == []
    voc("themes", "init")
    path = isolated / "config" / "themes.toml"
    path.write_text(path.read_text() + '\n[themes."competitor/globex"]\npatterns = ["globex"]\n')
    assert ids(voc("list", "--theme", "competitor", "-f", "json")) == [1]
    assert ids(voc("list", "--signal", "competitor", "-f", "json")) == [1]
    assert voc("retag").stderr == "tagged 1 notes\n"


def test_a_command_with_nothing_to_tag_never_imports_spacy(db_file, tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "VOC_DB": str(db_file)}

    def run(*args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-X", "importtime", "-m", "voc", *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, check=True)

    captured = run("capture", "The invoice is wrong.")  # not a terminal: no inline tagging
    assert " spacy" not in captured.stderr
    assert " spacy" in run("list", "--theme", "billing").stderr  # tagged here
    again = run("list", "--theme", "billing", "--format", "json")
    assert json.loads(again.stdout)[0]["id"] == 1
    assert " spacy" not in again.stderr
