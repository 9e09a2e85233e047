"""The theme taxonomy as a codebook: CSV, and REFI-QDA `.qdc` (QualCoder, Taguette, NVivo,
ATLAS.ti, MAXQDA) in both directions.

A `.qdc` follows the REFI-QDA Codebook.xsd (namespace `urn:QDA-XML:codebook:1.0`): nested
`<Code guid name isCodable [color]>` with an optional `<Description>`. A theme's GUID is
derived from its slug, so a code that went out of voc and comes back is recognised as the
same theme even if a tool renamed it. Patterns have no place in a codebook: an imported
code that voc does not know gets its name as its one pattern, to edit later.
"""

import csv
import io
import json
import re
import uuid
import xml.sax
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from voc import __version__
from voc.errors import VocError
from voc.themes.taxonomy import SLUG, Taxonomy, Theme

NAMESPACE = "urn:QDA-XML:codebook:1.0"
CSV_FIELDS = ("slug", "label", "description", "group", "patterns")
_GUID = re.compile(r"^\{?[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\}?$")
_GUID_NAMESPACE = uuid.UUID("6f1c2d0e-3a0b-5b7e-9a43-0c5d2f1e8b77")


class CodebookError(VocError):
    """A codebook that cannot be read; the message names the file, line and reason."""


@dataclass
class Code:
    """One code of a codebook, as voc will write it into a taxonomy."""

    slug: str
    label: str
    description: str = ""
    group: bool = False
    patterns: tuple[str, ...] = ()


def theme_guid(slug: str) -> str:
    return str(uuid.uuid5(_GUID_NAMESPACE, slug)).upper()


# -- export -------------------------------------------------------------------------------


def to_qdc(taxonomy: Taxonomy) -> str:
    """The taxonomy as a REFI-QDA codebook: children nested in their parents."""
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<CodeBook xmlns="{NAMESPACE}" origin={quoteattr(f"voc {__version__}")}>',
        "  <Codes>",
    ]
    for theme in taxonomy:
        if theme.parent is None:
            lines += _code_xml(theme, taxonomy, depth=2)
    lines += ["  </Codes>", "</CodeBook>", ""]
    return "\n".join(lines)


def _code_xml(theme: Theme, taxonomy: Taxonomy, depth: int) -> list[str]:
    pad = "  " * depth
    children = [t for t in taxonomy.children(theme.slug) if t.parent == theme.slug]
    attrs = (
        f"guid={quoteattr(theme_guid(theme.slug))} name={quoteattr(theme.label)} "
        f'isCodable="{"false" if theme.group else "true"}"'
    )
    if not theme.description and not children:
        return [f"{pad}<Code {attrs}/>"]
    lines = [f"{pad}<Code {attrs}>"]
    if theme.description:
        lines.append(f"{pad}  <Description>{escape(theme.description)}</Description>")
    for child in children:
        lines += _code_xml(child, taxonomy, depth + 1)
    return [*lines, f"{pad}</Code>"]


def to_csv(taxonomy: Taxonomy) -> str:
    """One row per theme; patterns joined with "; " for a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for t in taxonomy:
        writer.writerow([t.slug, t.label, t.description, int(t.group), "; ".join(t.patterns)])
    return out.getvalue()


# -- import -------------------------------------------------------------------------------


def read_codebook(data: bytes, name: str, known: Taxonomy) -> list[Code]:
    """Codes from a `.qdc` (XML) or CSV file; the format is told by the content."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return read_qdc(data, name, known)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise CodebookError(f"{name}: not UTF-8 text (byte {e.start})") from None
    return read_csv(text, name)


def read_qdc(data: bytes, name: str, known: Taxonomy) -> list[Code]:
    handler = _QdcHandler(name, {theme_guid(t.slug): t.slug for t in known})
    parser = xml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_namespaces, True)
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    parser.setContentHandler(handler)
    try:
        parser.parse(io.BytesIO(data))
    except xml.sax.SAXParseException as e:
        raise CodebookError(
            f"{name}: line {e.getLineNumber()}: not valid XML: {e.getMessage()}"
        ) from None
    if not handler.seen_codes:
        raise CodebookError(f"{name}: line 1: no <Codes> element: not a REFI-QDA codebook")
    return handler.codes


class _QdcHandler(xml.sax.ContentHandler):
    """Checks the structure Codebook.xsd requires while collecting the codes."""

    def __init__(self, name: str, guids: dict[str, str]):
        super().__init__()
        self.name, self.guids = name, guids
        self.codes: list[Code] = []
        self.stack: list[Code] = []  # the open <Code> elements
        self.path: list[str] = []  # element names from the root
        self.text: list[str] | None = None
        self.seen_codes = False
        self.slugs: set[str] = set()

    def fail(self, reason: str):
        raise CodebookError(f"{self.name}: line {self._locator.getLineNumber()}: {reason}")

    def startElementNS(self, qname, _, attrs):
        namespace, local = qname
        if not self.path and (local != "CodeBook" or namespace not in (NAMESPACE, None)):
            self.fail(f"the root is <{local}>, not a REFI-QDA <CodeBook> ({NAMESPACE})")
        parent = self.path[-1] if self.path else None
        self.path.append(local)
        if local == "Codes" and parent == "CodeBook":
            self.seen_codes = True
        elif local == "Code" and parent in ("Codes", "Code"):
            code = self._code(attrs)
            self.codes.append(code)  # parents before children, as a taxonomy needs
            self.stack.append(code)
        elif local == "Description" and parent == "Code":
            self.text = []

    def characters(self, content):
        if self.text is not None:
            self.text.append(content)

    def endElementNS(self, qname, _):
        local = self.path.pop()
        if local == "Description" and self.text is not None:
            if self.stack:
                self.stack[-1].description = " ".join("".join(self.text).split())
            self.text = None
        elif local == "Code" and self.path and self.path[-1] in ("Codes", "Code"):
            self.stack.pop()

    def _code(self, attrs) -> Code:
        values = {local: value for (_, local), value in attrs.items()}
        for required in ("guid", "name", "isCodable"):
            if not values.get(required, "").strip():
                self.fail(f"a <Code> without its {required} attribute")
        if not _GUID.match(values["guid"].strip()):
            self.fail(f"guid {values['guid']!r} is not a GUID")
        codable = values["isCodable"].strip()
        if codable not in ("true", "false", "1", "0"):
            self.fail(f"isCodable must be true or false, not {codable!r}")
        label = " ".join(values["name"].split())
        guid = values["guid"].strip("{} ").upper()
        slug = self.guids.get(guid) or self._new_slug(label)
        self.slugs.add(slug)
        group = codable in ("false", "0")
        return Code(slug, label, group=group, patterns=() if group else (label.lower(),))

    def _new_slug(self, label: str) -> str:
        parent = f"{self.stack[-1].slug}/" if self.stack else ""
        base = parent + (slugify(label) or "code")
        slug, n = base, 2
        while slug in self.slugs:
            slug, n = f"{base}-{n}", n + 1
        return slug


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")


def read_csv(text: str, name: str) -> list[Code]:
    """Rows with at least `label` (or `slug`); other columns as `voc themes export` writes."""
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"slug", "label"} & set(reader.fieldnames):
        raise CodebookError(f"{name}: line 1: a header with slug or label is needed")
    codes = []
    for row in reader:
        where = f"{name}: line {reader.line_num}"
        label = " ".join((row.get("label") or "").split())
        slug = (row.get("slug") or "").strip().lower() or slugify(label)
        if not slug or not SLUG.match(slug):
            raise CodebookError(f"{where}: bad slug {slug!r}")
        group = (row.get("group") or "").strip().lower() in ("1", "true", "yes")
        patterns = tuple(p.strip() for p in (row.get("patterns") or "").split(";") if p.strip())
        if not patterns and not group:
            patterns = ((label or slug.rpartition("/")[2]).lower(),)
        description = " ".join((row.get("description") or "").split())
        codes.append(Code(slug, label or slug, description, group, patterns))
    return codes


def merge_codes(text: str, codes: list[Code], known: Taxonomy) -> tuple[str, list[Code]]:
    """The taxonomy file's text with a table appended for each code it lacks. Themes it
    has are left exactly as written (patterns, comments and all)."""
    added = [c for c in codes if c.slug not in known]
    tables = [_toml_table(c) for c in added]
    if not tables:
        return text, []
    return text.rstrip("\n") + "\n\n# Imported from a codebook\n" + "\n".join(tables), added


def _toml_table(code: Code) -> str:
    lines = [
        f"[themes.{json.dumps(code.slug)}]",
        f"label = {json.dumps(code.label, ensure_ascii=False)}",
    ]
    if code.description:
        lines.append(f"description = {json.dumps(code.description, ensure_ascii=False)}")
    if code.patterns:
        lines.append(f"patterns = {json.dumps(list(code.patterns), ensure_ascii=False)}")
    if code.group:
        lines.append("group = true")
    return "\n".join(lines) + "\n"
