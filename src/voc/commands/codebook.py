"""`voc themes export|import`: the taxonomy as a codebook (CSV, REFI-QDA .qdc)."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from voc.commands.common import err_console, state

app = typer.Typer()


class CodebookFormat(StrEnum):
    qdc = "qdc"
    csv = "csv"


@app.command("export")
def export_codebook(
    fmt: Annotated[CodebookFormat, typer.Option("--format", "-f")] = CodebookFormat.qdc,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Default: stdout.")] = None,
) -> None:
    """Export the themes as a codebook for QualCoder, Taguette, NVivo, ATLAS.ti or a sheet.

    Example: voc themes export --format qdc -o voc-themes.qdc
    """
    from voc.themes.codebook import to_csv, to_qdc
    from voc.themes.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(state.themes_path)
    text = to_qdc(taxonomy) if fmt == CodebookFormat.qdc else to_csv(taxonomy)
    if output is None:
        sys.stdout.write(text)
        return
    _write(output, text)
    err_console.print(f"wrote {len(taxonomy)} themes to {output}", highlight=False, soft_wrap=True)


@app.command("import")
def import_codebook(
    file: Annotated[Path, typer.Argument(help="A .qdc codebook or a CSV of themes.")],
    to: Annotated[
        Path | None,
        typer.Option(
            help="Taxonomy file to add to (default: the one in use, else a new one).",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the tables it would add; write nothing.")
    ] = False,
) -> None:
    """Add a codebook's codes to your theme taxonomy; themes you have stay as they are.

    Example: voc themes import project.qdc
    """
    from voc.themes.codebook import merge_codes, read_codebook
    from voc.themes.taxonomy import parse_taxonomy

    target, base, known = _target(to)
    try:
        data = file.read_bytes()
    except OSError as e:
        raise typer.BadParameter(f"cannot read {file}: {e.strerror}") from None
    codes = read_codebook(data, str(file), known)
    text, added = merge_codes(base, codes, known)
    parse_taxonomy(text, target)  # the result must load: never write a broken taxonomy
    if dry_run:
        sys.stdout.write(text[len(base) :].lstrip("\n"))
    elif added:
        _write(target, text)
    verb = "would add" if dry_run else "added"
    err_console.print(
        f"{verb} {len(added)} theme(s) to {target}; {len(codes) - len(added)} already there",
        highlight=False,
        soft_wrap=True,
    )


def _target(to: Path | None):
    """Which file to add to, its current text, and the taxonomy it holds."""
    from voc.paths import config_dir
    from voc.themes.taxonomy import builtin_taxonomy_text, load_taxonomy, parse_taxonomy

    if to is not None and to.exists():
        return to, to.read_text(encoding="utf-8"), load_taxonomy(to)
    known = load_taxonomy(state.themes_path)
    target = to or known.path or config_dir() / "themes.toml"
    if known.path is None:
        base = builtin_taxonomy_text()
        return target, base, parse_taxonomy(base, None)
    return target, known.path.read_text(encoding="utf-8"), known


def _write(path: Path, text: str) -> None:
    """Write whole or not at all: a half-written taxonomy would stop every command."""
    import os

    from voc.errors import VocError

    tmp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as e:
        raise VocError(f"cannot write {path}: {e.strerror}") from None
