"""`voc themes suggest` proposes the names customers compare the product with as
competitor themes, in a block of their own, through the real CLI."""

import json

from voc.themes.taxonomy import builtin_taxonomy_text

NOTES = [  # text, source
    ("We are switching to Acme next quarter.", "sales"),
    ("Two of our clients left for Acme last month.", "support"),
    ("They moved to Globex Corp because of the price.", "sales"),
    ("Globex Corp is the one they migrated to.", "sales"),  # the name before: not taken
    ("Compared to Initech, your reports are slow.", "support"),
    ("Your invoicing is much better than Initech.", "sales"),
    ("They moved to Globex Corp last week.", "support"),
    ("Support was better than I expected.", "support"),
    ("The review call moved to Monday.", "support"),
    ("Monday works better than Friday for the review.", "sales"),
    ("We switched to the yearly plan.", "support"),
]


def capture_all(voc) -> None:
    for text, source in NOTES:
        voc("capture", text, "-s", source, "-d", "2026-11-18")


def test_suggest_lists_possible_competitors_and_how_to_add_one(voc):
    capture_all(voc)
    result = voc("themes", "suggest")
    block = result.stdout.split("\npossible competitors: ", 1)[1].splitlines()
    assert block[0] == "Acme (2), Globex Corp (2), Initech (2)"
    assert block[1].split() == ["notes", "name", "theme", "to", "add"]
    assert block[2].split() == ["2", "Acme", '[themes."competitor/acme"]']
    assert block[3].split() == ["2", "Globex", "Corp", '[themes."competitor/globex_corp"]']
    assert len(block) == 5  # not I, Monday, Friday nor "the yearly plan"
    assert '[themes."competitor/acme"] label = "Acme" patterns = ["acme"]' in result.stderr


def test_suggest_json_appends_competitors_after_the_terms(voc):
    capture_all(voc)
    found = json.loads(voc("themes", "suggest", "--format", "json").stdout)
    kinds = [entry["kind"] for entry in found]
    assert kinds == sorted(kinds, key=lambda k: k != "term") and "term" in kinds
    rivals = [entry for entry in found if entry["kind"] == "competitor"]
    assert rivals[0] == {
        "term": "Acme",
        "notes": 2,
        "last_seen": "2026-11-18T12:00:00Z",
        "zipf": rivals[0]["zipf"],
        "kind": "competitor",
        "theme": "competitor/acme",
    }
    assert [r["term"] for r in rivals] == ["Acme", "Globex Corp", "Initech"]


def test_suggest_leaves_out_competitors_already_counted_and_follows_the_filters(
    voc, isolated, monkeypatch
):
    capture_all(voc)
    themes = isolated / "themes.toml"
    themes.write_text(
        builtin_taxonomy_text() + '\n[themes."competitor/acme"]\nlabel = "Acme"\n'
        'patterns = ["acme"]\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("VOC_THEMES", str(themes))
    found = json.loads(voc("themes", "suggest", "-f", "json").stdout)
    assert [e["term"] for e in found if e["kind"] == "competitor"] == ["Globex Corp", "Initech"]
    sales = json.loads(
        voc("themes", "suggest", "-s", "sales", "--min-notes", "1", "-f", "json").stdout
    )
    assert [e["term"] for e in sales if e["kind"] == "competitor"] == ["Globex Corp", "Initech"]
    assert "possible competitors" not in voc("themes", "suggest", "--min-notes", "3").stdout


def test_a_digest_without_named_competitors_says_how_to_add_one(voc):
    how = '[themes."competitor/NAME"]'
    empty = voc("digest", "--week", "2026-W47").stdout
    assert how not in empty  # an empty week says nothing of competitors
    voc("capture", "The invoices page loads slowly every morning.", "-d", "2026-11-18")
    quiet = voc("digest", "--week", "2026-W47").stdout
    section = quiet.split("## Competitors", 1)[1].split("## By source", 1)[0]
    assert "No named competitor this period" in section and how in section
    assert "`voc themes suggest` lists the names customers compare you with" in section
    voc("capture", "A competitor quoted them half our price.", "-d", "2026-11-18")
    named = voc("digest", "--week", "2026-W47").stdout.split("## Competitors", 1)[1]
    assert "mention a competitor" in named.split("## By source", 1)[0]
    assert how in named.split("## By source", 1)[0]
    html = voc("digest", "--week", "2026-W47", "--format", "html").stdout
    assert '<code>[themes."competitor/NAME"]</code>; <code>voc themes suggest</code>' in html
