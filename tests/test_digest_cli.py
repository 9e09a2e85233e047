"""`voc digest` end to end: periods, filters, output files, empty periods, determinism."""

import json

NOTES = [
    ("The dashboard is slow every morning since the update", "support", "Ana", "Acme"),
    ("Reports take forever to load, really slow", "support", "Lee", "Globex"),
    ("We love the mobile app, great work", "sales", "Kim", "Initech"),
    ("Please add SSO, we need it for the security review", "sales", "Ana", "Acme"),
]


def fill(voc, day: str = "2026-11-18") -> None:
    for text, source, customer, account in NOTES:
        voc("capture", text, "-s", source, "-c", customer, "-a", account, "-d", day)


def as_json(voc, *args: str) -> dict:
    return json.loads(voc("digest", *args, "--format", "json").stdout)


def test_an_empty_period_is_a_short_friendly_digest(voc):
    result = voc("digest", "--week", "2026-W47")
    assert "No customer notes were recorded in this period" in result.stdout
    assert "|" not in result.stdout and "## " not in result.stdout
    assert as_json(voc, "--week", "2026-W47")["empty"] is True


def test_counts_reach_and_comparison(voc):
    fill(voc)
    fill(voc, "2026-11-10")  # the week before: same notes, so no change
    voc(
        "capture",
        "Still slow today",
        "-s",
        "support",
        "-c",
        "Ana",
        "-a",
        "Acme",
        "-d",
        "2026-11-19",
    )
    data = as_json(voc, "--week", "2026-W47")
    totals = data["totals"]
    assert (totals["notes"], totals["customers"], totals["accounts"]) == (5, 3, 3)
    assert data["totals"]["change"] == {"previous": 4, "delta": 1, "percent": 25}
    performance = next(t for t in data["themes"] if t["slug"] == "performance")
    assert (performance["notes"], performance["customers"]) == (3, 2)
    assert performance["trend"][-2:] == [2, 3] and len(performance["trend"]) == 8
    assert performance["change"] == {"previous": 2, "delta": 1, "percent": 50}
    sources = {s["source"]: s["notes"] for s in data["sources"]}
    assert sources == {"support": 3, "sales": 2, "interview": 0}  # a silent source shows


def test_filters_narrow_every_count(voc):
    fill(voc)
    data = as_json(voc, "--week", "2026-W47", "--source", "sales")
    assert data["totals"]["notes"] == 2
    assert [s["source"] for s in data["sources"]] == ["sales"]
    assert data["method"]["filters"] == {"source": ["sales"]}
    assert all(q["source"] == "sales" for t in data["themes"] for q in t["quotes"])


def test_a_note_marked_not_quotable_is_counted_never_quoted(voc):
    fill(voc)
    voc("capture", "Confidential: the slow export nearly lost us the deal", "-s", "support",
        "-c", "Zoe", "-a", "Umbrella", "-d", "2026-11-18", "--no-quote")  # fmt: skip
    result = voc("digest", "--week", "2026-W47")
    assert "Confidential" not in result.stdout
    assert "1 note marked not quotable was counted but never quoted" in result.stdout
    assert as_json(voc, "--week", "2026-W47")["totals"]["notes"] == 5


def test_same_database_same_bytes(voc):
    fill(voc)
    first = voc("digest", "--week", "2026-W47").stdout
    assert first == voc("digest", "--week", "2026-W47").stdout
    assert "generated" not in first.lower()


def test_out_writes_a_file_and_refuses_to_overwrite(voc, tmp_path):
    fill(voc)
    target = tmp_path / "digests" / "2026" / "W47.md"
    result = voc("digest", "--week", "2026-W47", "--out", str(target))
    assert result.stdout == "" and target.read_text().startswith("# Voice of the customer")
    refused = voc("digest", "--week", "2026-W47", "--out", str(target), code=2)
    assert "exists" in refused.stderr and "--force" in refused.stderr
    target.write_text("old")
    voc("digest", "--week", "2026-W47", "--out", str(target), "--force")
    assert target.read_text() != "old"


def test_months_and_day_ranges(voc):
    fill(voc)
    month = as_json(voc, "--month", "2026-11")
    assert (month["period"]["label"], month["previous"]["label"]) == ("2026-11", "2026-10")
    span = as_json(voc, "--since", "2026-11-17", "--until", "2026-11-18")
    assert span["period"]["days"] == 2 and span["totals"]["notes"] == 4


def test_bad_periods_are_usage_errors(voc):
    result = voc("digest", "--week", "2026-W47", "--month", "2026-11", code=2)
    assert result.stderr.startswith("voc: error: give one period")
    assert "2026 has no ISO week 60" in voc("digest", "--week", "2026-W60", code=2).stderr


def test_preview_without_a_terminal_prints_the_markdown(voc):
    fill(voc)
    plain = voc("digest", "--week", "2026-W47").stdout
    assert voc("digest", "--week", "2026-W47", "--preview").stdout == plain


COMPETITORS = """
[themes.pricing]
label = "Pricing"
patterns = ["price", "expensive"]

[themes.competitor]
label = "Competitors"
group = true

[themes."competitor/acme"]
label = "Acme"
patterns = ["acme"]

[themes."competitor/globex"]
label = "Globex"
patterns = ["globex"]
"""


def test_parents_roll_up_their_children_counting_each_note_once(voc, tmp_path):
    themes = tmp_path / "themes.toml"
    themes.write_text(COMPETITORS)
    for text, customer in [
        ("We compared Acme and Globex, both cheaper on price", "Ana"),
        ("Acme is too expensive for us", "Lee"),
        ("Globex pitched them last week", "Kim"),
    ]:
        voc("capture", text, "-s", "sales", "-c", customer, "-a", customer, "-d", "2026-11-18")
    data = json.loads(
        voc("--themes", str(themes), "digest", "--week", "2026-W47", "--format", "json").stdout
    )
    family = next(t for t in data["themes"] if t["slug"] == "competitor")
    assert family["notes"] == 3  # not 4: the note naming both counts once
    assert {c["slug"]: c["notes"] for c in family["children"]} == {
        "competitor/acme": 2,
        "competitor/globex": 2,
    }
    assert family["trend"][-1] == 3
    acme = next(c for c in data["competitors"] if c["slug"] == "competitor/acme")
    assert acme["context"] == [{"slug": "pricing", "label": "Pricing", "notes": 2}]
    markdown = voc("--themes", str(themes), "digest", "--week", "2026-W47").stdout
    assert "| ↳ Acme | 2 |" in markdown and "- **Acme**: 2 notes from 2 customers" in markdown


def test_preview_on_a_terminal_renders_the_markdown(db_file):
    import os
    import sys
    from pathlib import Path

    import pexpect

    voc_bin = str(Path(sys.executable).parent / "voc")
    env = {**os.environ, "VOC_DB": str(db_file), "COLUMNS": "100", "TERM": "dumb", "PAGER": "cat"}
    child = pexpect.spawn(
        voc_bin, ["digest", "--week", "2026-W47", "--preview"], env=env, encoding="utf-8"
    )
    child.expect(pexpect.EOF, timeout=60)
    child.close()
    assert child.exitstatus == 0
    assert "Voice of the customer: 2026-W47" in child.before
    assert "# Voice" not in child.before  # rendered, not raw markdown


def test_preview_pages_and_keeps_theme_names_whole_at_80_columns(voc, db_file):
    import os
    import sys
    from pathlib import Path

    import pexpect

    for i in range(3):
        voc("capture", f"The dashboard is really slow, report {i}", "-d", "2026-11-18",
            "-c", f"C{i}", "-a", f"A{i}")  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(VOC_DB=str(db_file), PAGER="sed s/^/PAGED:/", NO_COLOR="1")
    child = pexpect.spawn(
        str(Path(sys.executable).parent / "voc"),
        ["digest", "--week", "2026-W47", "--preview"],
        env=env,
        encoding="utf-8",
        dimensions=(24, 80),
    )
    child.expect(pexpect.EOF, timeout=60)
    child.close()
    assert child.exitstatus == 0
    assert "PAGED:" in child.before  # longer than the screen: through $PAGER
    assert "Performance" in child.before and "Performa…" not in child.before


def test_preview_with_out_is_a_clear_error(voc, tmp_path):
    result = voc("digest", "--preview", "-o", str(tmp_path / "x.md"), code=2)
    assert "--preview shows the digest here; --out writes it: give one" in result.stderr
    assert not (tmp_path / "x.md").exists()
