"""Theme stances through the real pipeline and CLI: what a note says of each theme (issue,
request, praise, mention), the boundaries between themes, `--as`, and competitors."""

import json

import pytest

from voc.themes.taxonomy import builtin_taxonomy_text


def ids(result) -> list[int]:
    return [record["id"] for record in json.loads(result.stdout)]


def stances(voc, note_id: int) -> dict[str, str]:
    record = json.loads(voc("show", str(note_id), "--format", "json").stdout)
    return {row["theme"]: row["stance"] for row in record["evidence"]["themes"]}


def test_praise_and_complaint_of_the_same_theme_get_different_stances(voc):
    voc("capture", "The app is really easy to use and fast.")
    voc("capture", "The menus are confusing and it is so hard to use.")
    voc("capture", "Please add a dark mode to the interface.")
    assert stances(voc, 1)["usability"] == "praise"
    assert stances(voc, 1)["performance"] == "praise"
    assert stances(voc, 2)["usability"] == "issue"
    assert stances(voc, 3)["usability"] == "request"
    assert ids(voc("list", "--theme", "usability", "--as", "issue", "-f", "json")) == [2]
    assert ids(voc("list", "--theme", "usability", "--as", "praise", "-f", "json")) == [1]
    assert sorted(ids(voc("list", "--theme", "usability", "-f", "json"))) == [1, 2, 3]
    assert ids(voc("list", "--as", "request", "-f", "json")) == [3]


def test_a_note_takes_the_strongest_stance_of_its_mentions(voc):
    voc("capture", "I love how fast search is. But the export is painfully slow and it hurts.")
    assert stances(voc, 1)["performance"] == "issue"
    assert 'performance (issue): "slow"' in voc("why", "1", "performance").stdout


def test_the_as_filter_checks_its_value(voc):
    voc("capture", "Anything")
    result = voc("list", "--as", "angry", code=2)
    assert result.stderr.startswith("voc: error: unknown stance 'angry': use one of issue, request")


def test_export_carries_each_themes_stance(voc):
    voc("capture", "Too many ads, and it drains my battery.")
    [record] = [json.loads(line) for line in voc("export").stdout.splitlines()]
    assert record["theme_stances"] == {"ads": "issue", "performance/resource_use": "issue"}
    assert ids(voc("list", "--theme", "performance", "--as", "issue", "-f", "json")) == [1]


def test_crashes_and_freezes_are_reliability_and_slowness_performance(voc):
    voc("capture", "The app freezes and then crashes when I open a note.")
    voc("capture", "Pages take forever to load and scrolling lags.")
    voc("capture", "There is a load of new features.")
    assert set(stances(voc, 1)) == {"reliability"}
    assert stances(voc, 2) == {"performance": "issue"}
    assert "performance" not in stances(voc, 3)


def test_app_users_security_words_are_security(voc):
    voc("capture", "My account got hacked and the verification code never arrives.")
    voc("capture", "This is a fake app full of malware.")
    voc("capture", "I need to click on a verification email which I never received.")
    voc("capture", "Won't even work because it can't authenticate my account?")
    voc("capture", "It keeps demanding to post on my behalf.")
    for note in range(1, 6):
        assert stances(voc, note)["security"] == "issue", note


def test_a_theme_declares_its_default_stance(voc, isolated, monkeypatch):
    themes = isolated / "themes.toml"
    themes.write_text(
        '[themes.kudos]\npatterns = ["shout out"]\nstance = "praise"\n'
        '[themes.neutral]\npatterns = ["widget"]\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("VOC_THEMES", str(themes))
    voc("capture", "A shout out to the widget team.")
    assert stances(voc, 1) == {"kudos": "praise", "neutral": "mention"}
    themes.write_text('[themes.x]\npatterns = ["a"]\nstance = "angry"\n', encoding="utf-8")
    assert "stance must be one of issue, request, praise, mention" in voc("retag", code=1).stderr


ACME = '\n[themes."competitor/acme"]\nlabel = "Acme"\npatterns = ["acme"]\n'


def with_acme(isolated, monkeypatch) -> None:
    themes = isolated / "themes.toml"
    themes.write_text(builtin_taxonomy_text() + ACME, encoding="utf-8")
    monkeypatch.setenv("VOC_THEMES", str(themes))


@pytest.mark.parametrize("configured", [True, False])
def test_a_comparison_favouring_a_competitor_is_an_issue_and_churn_risk(
    voc, isolated, monkeypatch, configured
):
    # not configured (the built-in taxonomy names no competitor): "left for Acme" names
    # one for this note
    if configured:
        with_acme(isolated, monkeypatch)
    text = "Acme is cheaper and has a better mobile app. Two of our customers left for Acme."
    voc("capture", text)
    record = json.loads(voc("show", "1", "--format", "json").stdout)
    assert record["sentiment_label"] != "positive"
    assert "praise" not in record["signals"]
    assert {"competitor", "churn_risk"} <= set(record["signals"])
    found = stances(voc, 1)
    assert found.get("competitor/acme") == ("issue" if configured else None)
    assert found["pricing"] == "issue"
    assert found["mobile"] == "issue"


def test_a_move_to_a_place_names_no_rival_and_a_move_nobody_made_is_no_churn(voc):
    voc("capture", "We moved to Berlin last year and the reports work great.")
    voc("capture", "Your reports are much better than Globex. Nobody left us for Globex.")
    moved, nobody = (json.loads(voc("show", n, "--format", "json").stdout) for n in "12")
    assert "competitor" not in moved["signals"] and moved["sentiment_label"] == "positive"
    assert "churn_risk" not in nobody["signals"] and nobody["sentiment_label"] == "positive"
    assert "competitor" in nobody["signals"]  # a company customers compare us with


def test_a_comparison_in_our_favour_is_not_churn(voc, isolated, monkeypatch):
    with_acme(isolated, monkeypatch)
    voc("capture", "Your reports are much better than Acme.")
    record = json.loads(voc("show", "1", "--format", "json").stdout)
    assert "churn_risk" not in record["signals"]
    assert stances(voc, 1)["competitor/acme"] != "issue"


def test_quotes_drop_greetings_and_sign_offs(voc):
    for day, text in (
        ("2026-11-02", "Hi team, the CSV export fails every single time on large projects."),
        ("2026-11-03", "Hello, exporting invoices to Excel crashes the browser tab. Thanks, Anna"),
        ("2026-11-04", "Hey there! Our backup export keeps timing out at midnight. Cheers, Anna"),
    ):
        voc("capture", text, "-d", day, "-c", f"customer-{day}")
    digest = json.loads(voc("digest", "--week", "2026-W45", "--format", "json").stdout)
    quotes = [q["text"] for t in digest["themes"] for q in t["quotes"]]
    quotes += [q["text"] for s in digest["signals"].values() for q in s["quotes"]]
    assert quotes, digest["themes"]
    assert all(not q.lower().startswith(("hi", "hello")) for q in quotes), quotes
    assert all("Anna" not in q for q in quotes), quotes
