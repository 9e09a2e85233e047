"""Customer words in a digest are text, never markup: whatever a note, customer or account
says, the markdown keeps its structure and, rendered to HTML by a CommonMark renderer that
passes raw HTML through (markdown-it-py, html on: the worst case), runs no script.

The same digest is built twice, from benign notes and from the same notes with payloads
added; its headings, tables and links must not change, and the payloads must show up as
inert text (proving they were quoted at all).
"""

import re
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

BENIGN = [
    ("Pricing is too high for our team, we may switch", "sales", "Acme"),
    ("The export keeps failing and support is slow", "support", "Globex"),
    ("We love the new dashboard, it saves us hours", "review", "Initech"),
    ("Pricing for the enterprise plan is confusing", "sales", "Umbrella"),
    ("The export to CSV crashes every week", "support", "Hooli"),
]
PAYLOADS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "![pixel](http://tracker.example/p.png)",
    "\n\n# Fake heading\n\n",
    "| forged | cell |",
    "\n\n---\n\n",
    "<iframe src='https://evil.example'></iframe>",
    "`code` **bold** _em_ &lt;b&gt; &#60;script&#62;",
    "\n1. numbered\n- bullet\n> quote",
    "<!-- comment",
]


def build(voc, payload: str) -> str:
    for i, (text, source, account) in enumerate(BENIGN):
        extra = PAYLOADS[i % len(PAYLOADS)] if payload else ""
        for day in (17, 18, 19):
            voc(
                "capture",
                f"{text} {extra} (call {day})",
                "-s",
                source,
                "-c",
                f"Person {i}{extra if payload else ''}",
                "-a",
                f"{account}{extra if payload else ''}",
                "-d",
                f"2026-11-{day}",
            )
    return voc("digest", "--week", "2026-W47").stdout


def html_of(markdown: str) -> str:
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)


def structure(html: str) -> dict[str, object]:
    """What the template decides, whatever the notes say. (Which notes get quoted, and so
    how many quotes and table rows there are, may change with the words tagged.)"""
    return {
        "sections": re.findall(r"<h[12]>(.*?)</h[12]>", html),
        "rules": html.count("<hr"),
        "links": re.findall(r'<a href="([^"]*)"', html),
        "images": html.count("<img"),
    }


def forged_blocks(html: str) -> list[str]:
    """Blocks that only a payload could have made: a heading or a quote without the
    template's attribution, a table row whose cell count differs from its header's."""
    forged = [h for h in re.findall(r"<h[1-6]>(.*?)</h[1-6]>", html) if "Fake" in h]
    quotes = re.findall(r"<blockquote>(.*?)</blockquote>", html, re.DOTALL)
    forged += [q for q in quotes if "· note " not in q]
    for table in re.findall(r"<table>(.*?)</table>", html, re.DOTALL):
        widths = {row.count("<td") + row.count("<th") for row in table.split("<tr>")[1:]}
        if len(widths) > 1:
            forged.append(f"table rows of {sorted(widths)} cells")
    return forged


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: set[str] = set()
        self.active: list[str] = []  # attributes that run or fetch something

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.active.append(f"{tag} {name}={value}")

    def handle_comment(self, data):
        self.tags.add("<!--")


def live_markup(html: str) -> tuple[set[str], list[str]]:
    """The elements the HTML really contains (not text that looks like them), and any
    attribute that would run script."""
    parser = _Tags()
    parser.feed(html)
    assert not parser.active, parser.active
    assert not parser.tags & {"script", "iframe", "img", "object", "embed", "<!--"}, parser.tags
    return parser.tags, parser.active


@pytest.fixture
def benign(voc, db_file) -> str:
    return build(voc, "")


def test_payloads_in_notes_names_and_accounts_change_nothing_in_the_document(
    voc, benign, tmp_path, monkeypatch
):
    monkeypatch.setenv("VOC_DB", str(tmp_path / "hostile.db"))
    hostile = build(voc, "payload")
    html = html_of(hostile)
    assert structure(html) == structure(html_of(benign))
    assert forged_blocks(html) == []
    assert live_markup(html) == live_markup(html_of(benign))
    assert "&lt;script&gt;" in html, "the payload notes were never quoted: nothing tested"


def test_a_markdown_line_start_in_a_quote_stays_inside_the_quote(voc, db_file):
    for day in (17, 18):
        text = "# Pricing\n\n## is too high for a small bakery\n- for us"  # informative
        voc("capture", text, "-s", "sales", "-a", "Acme", "-d", f"2026-11-{day}")
    markdown = voc("digest", "--week", "2026-W47").stdout
    assert "is too high" in markdown, "the note was never quoted: nothing tested"
    assert not re.search(r"^#{1,2} (Pricing|is too high)", markdown, re.MULTILINE)
    assert not re.search(r"^- for us", markdown, re.MULTILINE)
