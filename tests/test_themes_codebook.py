"""Codebooks: the taxonomy out to REFI-QDA .qdc and CSV, and codes from other tools back in."""

import csv
import io
import json
from pathlib import Path

import pytest
from lxml import etree

from voc.themes.codebook import CodebookError, read_codebook, theme_guid
from voc.themes.taxonomy import load_taxonomy, parse_taxonomy

DATA = Path(__file__).parent / "data" / "codebook"
SCHEMA = etree.XMLSchema(etree.parse(str(DATA / "Codebook.xsd")))

ODD = """\
[themes.billing]
label = "Billing & <invoices>"
description = "Say \\"refund\\", it's 'fine'"
patterns = ["invoice"]

[themes.competitor]
label = "Competitors"
group = true

[themes."competitor/acme"]
label = "Acme"
patterns = ["acme"]
"""


def valid(xml: str) -> bool:
    doc = etree.fromstring(xml.encode())
    return SCHEMA.validate(doc) or pytest.fail(str(SCHEMA.error_log))


def test_the_schema_copy_rejects_what_the_standard_rejects():
    assert not SCHEMA.validate(etree.parse(str(DATA / "taguette.qdc")))  # its empty <Sets/>
    bad_guid = '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="x" name="a" isCodable="true"/></Codes></CodeBook>'  # noqa: E501
    assert not SCHEMA.validate(etree.fromstring(bad_guid))


def test_builtin_themes_export_as_a_valid_qdc_with_children_nested(voc):
    xml = voc("themes", "export", "--format", "qdc").stdout
    assert valid(xml)
    root = etree.fromstring(xml.encode())
    ns = {"q": "urn:QDA-XML:codebook:1.0"}
    slugs = [t.slug for t in load_taxonomy()]
    assert len(root.findall(".//q:Code", ns)) == len(slugs)
    top = [c.get("guid") for c in root.findall("q:Codes/q:Code", ns)]
    assert top == [theme_guid(s) for s in slugs if "/" not in s]


def test_special_characters_survive_the_xsd_and_a_round_trip(voc, isolated):
    themes = isolated / "odd.toml"
    themes.write_text(ODD)
    xml = voc("--themes", str(themes), "themes", "export", "-f", "qdc").stdout
    assert valid(xml)
    assert 'name="Billing &amp; &lt;invoices&gt;"' in xml
    assert (
        '<Code guid="{}" name="Competitors" isCodable="false">'.format(theme_guid("competitor"))
        in xml
    )
    codes = read_codebook(xml.encode(), "odd.qdc", parse_taxonomy("[themes.x]\ngroup = true", None))
    assert [(c.slug, c.label, c.group) for c in codes] == [
        ("billing-invoices", "Billing & <invoices>", False),
        ("competitors", "Competitors", True),
        ("competitors/acme", "Acme", False),
    ]
    assert codes[0].description == "Say \"refund\", it's 'fine'"


def test_export_then_import_adds_nothing_even_after_a_rename(voc, isolated):
    themes = isolated / "odd.toml"
    themes.write_text(ODD)
    qdc = isolated / "out.qdc"
    voc("--themes", str(themes), "themes", "export", "-o", str(qdc))
    qdc.write_text(qdc.read_text().replace('name="Acme"', 'name="ACME Corp (renamed)"'))
    result = voc("--themes", str(themes), "themes", "import", str(qdc))
    assert "added 0 theme(s)" in result.stderr and "3 already there" in result.stderr
    assert themes.read_text() == ODD


def test_taguette_codes_are_added_to_a_copy_of_the_builtin_themes(voc, isolated):
    result = voc("themes", "import", str(DATA / "taguette.qdc"))
    target = isolated / "config" / "themes.toml"
    assert f"added 3 theme(s) to {target}" in result.stderr
    taxonomy = load_taxonomy(target)
    assert "billing" in taxonomy  # the built-in themes came along
    assert taxonomy.themes["interesting-places"].patterns == ("interesting.places",)
    assert taxonomy.themes["people"].label == "people"
    again = voc("themes", "import", str(DATA / "taguette.qdc"))
    assert "added 0 theme(s)" in again.stderr


def test_nested_qualcoder_codes_become_a_group_and_children(voc, isolated):
    target = isolated / "team.toml"
    target.write_text("# our themes\n" + ODD)
    voc("themes", "import", str(DATA / "qualcoder-style.qdc"), "--to", str(target))
    text = target.read_text()
    assert text.startswith("# our themes\n" + ODD)  # appended, never rewritten
    themes = load_taxonomy(target).themes
    group = themes["onboarding-pain"]
    assert group.group and group.patterns == ()
    assert group.description == "Everything about the first weeks & setup"
    child = themes["onboarding-pain/data-migration"]
    assert (child.label, child.patterns) == ("Data migration", ("data migration",))
    assert child.description == "Moving their old data in"
    assert "trust-in-the-vendor" in themes


def test_imported_themes_tag_notes(voc, isolated):
    voc("themes", "import", str(DATA / "qualcoder-style.qdc"))
    voc("capture", "The data migration took three weeks.")
    voc("capture", "Pricing is fine.")
    found = json.loads(voc("list", "--theme", "onboarding-pain", "--format", "json").stdout)
    assert [n["text"] for n in found] == ["The data migration took three weeks."]


def test_csv_export_and_import(voc, isolated):
    exported = voc("themes", "export", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert {"slug", "label", "description", "group", "patterns"} == set(rows[0])
    assert any(r["slug"] == "billing" and "invoice" in r["patterns"] for r in rows)
    sheet = isolated / "codes.csv"
    sheet.write_text(exported + "loyalty,Loyalty,Why they stay,0,stayed with you; loyal\n")
    result = voc("themes", "import", str(sheet))
    assert f"added 1 theme(s); {len(rows)} already there" in result.stderr.replace(
        f" to {isolated / 'config' / 'themes.toml'}", ""
    )
    loyalty = load_taxonomy(isolated / "config" / "themes.toml").themes["loyalty"]
    assert loyalty.patterns == ("stayed with you", "loyal")


def test_dry_run_prints_the_tables_and_writes_nothing(voc, isolated):
    result = voc("themes", "import", str(DATA / "taguette.qdc"), "--dry-run")
    assert '[themes."people"]\nlabel = "people"\npatterns = ["people"]' in result.stdout
    assert "would add 3 theme(s)" in result.stderr
    assert not (isolated / "config" / "themes.toml").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<Project/>", "bad.qdc: line 1: the root is <Project>, not a REFI-QDA <CodeBook> "
         "(urn:QDA-XML:codebook:1.0)"),
        (b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0">\n<Codes>\n<Code name="a" isCodable="true"/>',
         "bad.qdc: line 3: a <Code> without its guid attribute"),
        (b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>\n\n<Code guid="nope" name="a" '
         b'isCodable="true"/></Codes></CodeBook>', "bad.qdc: line 3: guid 'nope' is not a GUID"),
        (b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="'
         + theme_guid("x").encode() + b'" name="a" isCodable="maybe"/></Codes></CodeBook>',
         "bad.qdc: line 1: isCodable must be true or false, not 'maybe'"),
        (b"<CodeBook>\n<Codes>\n</Code>", "bad.qdc: line 3: not valid XML: mismatched tag"),
        (b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>',
         "bad.qdc: line 1: no <Codes> element: not a REFI-QDA codebook"),
        (b"slug,label\nBad Slug!,x\n", "bad.qdc: line 2: bad slug 'bad slug!'"),
        (b"name,colour\na,b\n", "bad.qdc: line 1: a header with slug or label is needed"),
    ],
)  # fmt: skip
def test_broken_codebooks_are_refused_with_file_line_and_reason(voc, isolated, content, message):
    bad = isolated / "bad.qdc"
    bad.write_bytes(content)
    result = voc("themes", "import", str(bad), code=1)
    assert result.stderr == f"voc: error: {str(bad).rpartition('/')[0]}/{message}\n"
    assert not (isolated / "config" / "themes.toml").exists()


def test_a_codebook_error_is_a_voc_error():
    with pytest.raises(CodebookError, match=r"x\.qdc: line 1"):
        read_codebook(b"<Nope/>", "x.qdc", parse_taxonomy("[themes.a]\ngroup = true", None))
