"""`voc export`: notes, themes and signals to JSONL or CSV, for another voc or a sheet."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from voc.commands.common import err_console, open_store
from voc.commands.options import note_filter_options

if TYPE_CHECKING:
    from voc.notes.queries import NoteFilter

app = typer.Typer()


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


@app.command()
@note_filter_options
def export(
    note_filter: "NoteFilter",
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.jsonl,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="A file (created 0600); default stdout.")
    ] = None,
    force: Annotated[bool, typer.Option(help="Replace an existing --output file.")] = False,
) -> None:
    """Export notes with their themes and signals, oldest first, for `voc import` elsewhere.

    Example: voc export --since "7 days ago" -o dana.jsonl
    """
    from voc.commands.common import ensure_tagged
    from voc.files import open_private
    from voc.notes.export import export_records, write_records

    with open_store() as store:
        ensure_tagged(store)
        records = export_records(store, note_filter)
        if output is None:
            count = write_records(records, sys.stdout, fmt.value)
        else:
            with open_private(output, force) as stream:
                count = write_records(records, stream, fmt.value)
    where = f" to {output}" if output else ""
    err_console.print(f"exported {count} note(s){where}", highlight=False, soft_wrap=True)
