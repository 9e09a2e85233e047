"""The HTML digest: one self-contained page from the same data as `--format json`, with SVG
charts, safe to e-mail, and checked in a real browser (headless Chromium).

Regenerate the golden page (and the example screenshot) after an intended change with:

    VOC_UPDATE_GOLDEN=1 python -m pytest tests/test_digest_golden.py tests/test_digest_html.py
"""

import json
import os
import re
import stat
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from browser import Chromium, external_references, visible_text
from test_digest_golden import EXAMPLES, GOLDEN, UPDATE, _builder, matches_golden

from voc.digest import charts
from voc.digest.render import render_html

WEEK = ("digest", "--week", "2026-W47")
NOT_QUOTABLE = "80"  # the example note marked not quotable


@pytest.fixture(scope="module")
def example_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("example-html") / "example.db"
    assert _builder().build(db) == 90
    return db


@pytest.fixture(scope="module")
def example_html(example_db) -> str:
    from typer.testing import CliRunner

    from voc.cli import app

    result = CliRunner().invoke(app, ["--db", str(example_db), *WEEK, "--format", "html"])
    assert result.exit_code == 0, result.output
    return result.stdout


def svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", html, re.S)]


def test_the_example_week_matches_its_golden_page(example_html):
    assert matches_golden(GOLDEN / "weekly-2026-W47.html", example_html)


def test_the_page_is_built_from_exactly_the_json_data(voc, example_db, example_html):
    data = json.loads(voc("--db", str(example_db), *WEEK, "--format", "json").stdout)
    assert render_html(data) == example_html


def test_the_page_is_self_contained_small_and_the_same_every_time(voc, example_db, example_html):
    assert "<script" not in example_html.lower()
    assert external_references(example_html) == []
    assert len(example_html.encode()) < 200_000
    again = voc("--db", str(example_db), *WEEK, "--format", "html").stdout
    assert again == example_html


def test_every_chart_is_svg_with_a_title_a_description_and_marks(example_html):
    drawn = svgs(example_html)
    ns = "{http://www.w3.org/2000/svg}"
    assert len(drawn) == 8 + 2  # a trend a top theme, sentiment, sources
    for svg in drawn:
        assert svg.find(f"{ns}title").text and svg.find(f"{ns}desc").text
        assert svg.findall(f"{ns}rect")
        labelled = svg.get("aria-labelledby").split()
        assert labelled == [f"{svg.get('id')}-title", f"{svg.get('id')}-desc"]
    ids = [svg.get("id") for svg in drawn]
    assert len(set(ids)) == len(ids)
    performance = next(s for s in drawn if s.get("id").endswith("-performance"))
    assert "2026-W47 8" in performance.find(f"{ns}desc").text


def test_a_note_not_quotable_is_never_quoted(example_html):
    assert f'data-note-id="{NOT_QUOTABLE}"' not in example_html
    assert f"note {NOT_QUOTABLE}<" not in example_html


def test_customer_text_is_escaped_in_the_page_and_in_the_charts(voc):
    hostile = '<script>alert(1)</script><img src="http://evil.example/x.png">'
    text = 'The pricing & "plans" <b>is</b> too high'
    voc("capture", text, "-s", "sales", "-a", f"Acme {hostile}", "-d", "2026-11-17")
    themes = voc("themes", "init").stdout.strip()
    taxonomy = Path(themes).read_text(encoding="utf-8")
    Path(themes).write_text(
        taxonomy.replace('label = "Pricing"', 'label = "<b>Evil</b> & co"'), encoding="utf-8"
    )
    html = voc("digest", "--week", "2026-W47", "--format", "html").stdout
    assert "<script" not in html and "<img" not in html and "<b>Evil" not in html
    assert "Acme &lt;script&gt;alert(1)&lt;/script&gt;&lt;img" in html  # the attribution
    assert "pricing &amp; &#34;plans&#34;" in html
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; co" in html  # a label, in the table and the charts
    assert '<title id="chart-trend-0-pricing-title">&lt;b&gt;Evil' in html
    assert external_references(html) == []
    assert len(svgs(html)) == 3  # still well-formed XML, the label inside


def test_a_stance_split_draws_one_layer_a_stance():
    theme = {"slug": "pricing", "label": "Pricing", "trend": [3, 5]}
    single = charts.trend_chart(theme, ["2026-W46", "2026-W47"])
    assert charts.NEGATIVE not in single and charts.BAR in single
    split = {**theme, "trend_by_stance": {"praise": [1, 1], "issue": [2, 4]}}
    drawn = charts.trend_chart(split, ["2026-W46", "2026-W47"])
    assert drawn.count(f'fill="{charts.NEGATIVE}"') == 2
    assert drawn.count(f'fill="{charts.POSITIVE}"') == 2
    assert "issues: 2026-W46 2, 2026-W47 4; praise: 2026-W46 1, 2026-W47 1" in drawn


def test_an_empty_week_still_renders_a_page(voc):
    html = voc("digest", "--week", "2026-W47", "--format", "html").stdout
    assert "No customer notes were recorded in this period" in html
    assert html.rstrip().endswith("</html>")


def test_templates_init_weekly_html_gives_a_copy_that_wins(voc, example_db, isolated):
    path = isolated / "config" / "templates" / "weekly.html.j2"
    assert voc("templates", "init", "weekly-html").stdout.strip() == str(path)
    assert f"weekly-html\t{path}" in voc("templates", "list").stdout
    path.write_text("<p>{{ period.label }}: {{ totals.notes }} notes</p>\n", encoding="utf-8")
    html = voc("--db", str(example_db), *WEEK, "--format", "html").stdout
    assert html == "<p>2026-W47: 34 notes</p>\n"


def test_an_unknown_html_template_is_one_line_error(voc, example_db):
    result = voc("--db", str(example_db), *WEEK, "--format", "html", "-T", "brief", code=1)
    assert result.stderr.strip() == (
        "voc: error: no HTML template 'brief': try one of weekly-html "
        "(or give the path to a .html.j2 file)"
    )


def test_preview_opens_the_file_in_the_browser_without_a_server(example_db, tmp_path):
    import subprocess

    record = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s" "$1" > {record}\n')
    browser.chmod(0o700)
    env = {**os.environ, "VOC_DB": str(example_db), "BROWSER": str(browser)}
    voc_bin = str(Path(sys.executable).parent / "voc")
    result = subprocess.run(
        [voc_bin, *WEEK, "--format", "html", "--preview"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    opened = record.read_text()
    assert opened.startswith("file:///") and opened.endswith("digest-2026-W47.html")
    page = Path(opened.removeprefix("file://"))
    assert "<svg" in page.read_text(encoding="utf-8")
    assert stat.S_IMODE(page.stat().st_mode) == 0o600  # customers' words: owner-only


@pytest.fixture(scope="module")
def chromium() -> Chromium:
    browser = Chromium.find()
    if browser is None:
        pytest.skip("chromium is not installed (apt-get install chromium): no browser check")
    return browser


def test_the_example_week_in_a_real_browser(chromium, example_db, example_html, tmp_path):
    page = tmp_path / "digest-2026-W47.html"
    page.write_text(example_html, encoding="utf-8")
    shot = tmp_path / "digest.png"
    requests = chromium.screenshot(page, shot, tmp_path / "net.json")
    assert requests == []  # the page asked for nothing beyond itself
    header = shot.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(header[16:20]), int.from_bytes(header[20:24])) == (1000, 2400)
    assert shot.stat().st_size > 30_000  # charts and text, not a blank page
    if UPDATE:
        (EXAMPLES / "digest-2026-W47.png").write_bytes(shot.read_bytes())

    dom = chromium.dump_dom(page)
    assert len(svgs(dom)) == 10 and all(len(svg) > 2 for svg in svgs(dom))
    text = visible_text(dom)
    data = json.loads(_json(example_db))
    quoted = [q["text"] for t in data["themes"] for q in t["quotes"]]
    quoted += [q["text"] for s in data["signals"].values() for q in s["quotes"]]
    quoted += [q["text"] for d in data["debriefs"] for q in d["quotes"]]
    assert len(quoted) > 20
    for quote in quoted:
        assert f"“{' '.join(quote.split())}”" in text, quote


def test_the_browser_check_catches_a_page_that_fetches(chromium, tmp_path):
    page = tmp_path / "leaky.html"
    page.write_text(
        '<html><body><img src="http://img.example.com/a.png">'
        '<p style="display:none">“hidden”</p></body></html>'
    )
    assert external_references(page.read_text()) == ["http://img.example.com/a.png"]
    requests = chromium.screenshot(page, tmp_path / "leaky.png", tmp_path / "net.json")
    assert requests == ["http://img.example.com/a.png"]
    assert "hidden" not in visible_text(chromium.dump_dom(page))


def _json(db: Path) -> str:
    from typer.testing import CliRunner

    from voc.cli import app

    return CliRunner().invoke(app, ["--db", str(db), *WEEK, "--format", "json"]).stdout
