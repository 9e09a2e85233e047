"""The layout rules of docs/architecture.md, read from the source files' import statements
(parsed as text: nothing of voc is imported to check them)."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
VOC = SRC / "voc"


def imported(path: Path, root: Path = SRC) -> set[str]:
    """Every module a file imports, at any depth (lazy and TYPE_CHECKING imports too);
    `from a.b import c` counts as a.b and a.b.c, since c may be a module."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(path.relative_to(root), node)
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def _absolute(relative: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = relative.parent.parts
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


def importers(prefix: str, files: list[Path]) -> list[str]:
    """The files (relative to src/) that import `prefix` or anything under it."""
    return [
        str(path.relative_to(SRC))
        for path in files
        if any(name == prefix or name.startswith(prefix + ".") for name in imported(path))
    ]


def sources(under: str = "") -> list[Path]:
    return sorted((VOC / under).rglob("*.py"))


def outside(*allowed: str) -> list[Path]:
    """voc's files other than those under the allowed paths (relative to src/voc)."""
    return [p for p in sources() if not any(_within(p, VOC / a) for a in allowed)]


def _within(path: Path, place: Path) -> bool:
    return path == place or place in path.parents


def test_the_helpers_see_imports_of_every_form(tmp_path):
    package = tmp_path / "src" / "voc" / "stage"
    package.mkdir(parents=True)
    sample = package / "sample.py"
    sample.write_text(
        "import spacy.tokens\n"
        "from voc import tagging\n"
        "from . import sibling\n"
        "def later():\n"
        "    from jinja2 import (\n        Template,\n    )\n",
        encoding="utf-8",
    )
    names = imported(sample, root=tmp_path / "src")
    assert {"spacy.tokens", "voc.tagging", "voc.stage.sibling", "jinja2"} <= names


def test_the_top_level_holds_at_most_twelve_modules():
    modules = sorted(p.name for p in VOC.glob("*.py"))
    assert len(modules) <= 12, f"{len(modules)} modules at src/voc's top level: {modules}"


def test_spacy_is_imported_only_under_nlp():
    assert importers("spacy", outside("nlp")) == []


def test_typer_only_in_cli_and_commands():
    assert importers("typer", outside("cli.py", "commands")) == []


def test_click_is_never_imported():
    assert importers("click", sources()) == []


def test_jinja2_only_in_the_digest_renderer():
    assert importers("jinja2", outside("digest/render.py")) == []


def test_nlp_never_reaches_the_database_or_tagging():
    nlp = sources("nlp")
    assert nlp, "no nlp/ package"
    assert importers("voc.notes", nlp) + importers("voc.tagging", nlp) == []


@pytest.mark.parametrize("later", ["voc.notes.store", "voc.intake", "voc.digest"])
def test_sources_import_nothing_from_later_stages(later):
    readers = sources("sources")
    assert readers, "no sources/ package"
    assert importers(later, readers) == []


@pytest.mark.parametrize(
    "later", ["voc.intake", "voc.themes", "voc.nlp", "voc.tagging", "voc.digest", "voc.guides"]
)
def test_notes_import_nothing_from_later_stages(later):
    """The store and its queries sit below every stage that writes or reads notes: notes
    are written through voc.intake.write, never by the store reaching up to it."""
    notes = sources("notes")
    assert notes, "no notes/ package"
    assert importers(later, notes) == []
