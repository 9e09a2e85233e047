"""`voc list`, `show`, `edit`, `delete`, `search`: finding notes again."""

from typing import TYPE_CHECKING, Annotated

import typer

from voc.commands.common import (
    DataFormat,
    ListFormat,
    ensure_tagged,
    err_console,
    error_line,
    open_store,
    out_console,
    page,
    print_json,
    print_json_array,
    print_records,
    printable,
    stdin_is_terminal,
)
from voc.commands.options import (
    Account,
    Customer,
    DataFormatOption,
    ListFormatOption,
    NoteId,
    complete_sources,
    note_filter_options,
)
from voc.dates import local_date
from voc.notes.note import Note

if TYPE_CHECKING:
    from collections.abc import Iterator

    from voc.notes.queries import ListedNote, NoteFilter
    from voc.notes.store import Store
    from voc.tagging.evidence import NoteEvidence

app = typer.Typer()


DEFAULT_LIMIT = 30  # as gh: a page, not the whole file


@app.command("list")
@note_filter_options
def list_notes(
    note_filter: "NoteFilter",
    fmt: ListFormatOption = ListFormat.table,
    every: Annotated[bool, typer.Option("--all", help="Every match (default: 30).")] = False,
    no_pager: Annotated[bool, typer.Option("--no-pager", help="Never page the table.")] = False,
) -> None:
    """List notes, newest first: the 30 newest unless --limit N or --all, with their themes
    and sentiment. On a terminal a table (paged when longer than the screen); piped,
    tab-separated rows: id, date, source, customer, account, themes, sentiment, text.

    Example: voc list --since "7 days ago" -s support --format json
    """
    from voc.notes.queries import count_notes, listed_notes

    _one_page_unless_all(note_filter, every)
    with open_store() as store:
        tag_listed(store)
        shown = _print_listed(listed_notes(store, note_filter), fmt, pager=not no_pager)
        total = count_notes(store, note_filter) if shown == note_filter.limit else shown
    _say_more(shown, total)
    if not shown and fmt == ListFormat.table:
        err_console.print("no notes match", highlight=False)


def _one_page_unless_all(note_filter: "NoteFilter", every: bool) -> None:
    """A page of notes by default, as gh: a common word in a big file is not a flood."""
    if every and note_filter.limit:
        raise typer.BadParameter("give --limit or --all, not both")
    if not every and not note_filter.limit:
        note_filter.limit = DEFAULT_LIMIT


def _say_more(shown: int, total: int) -> None:
    if total > shown:
        err_console.print(
            f"showing {shown:,} of {total:,}; --limit or --all for more", highlight=False
        )


def tag_listed(store: "Store") -> None:
    """Every listed note shows its themes and sentiment, never null: tag what is stale
    first. (The one call site: tagging only the listed page needs ids in the tagging API.)
    A file voc may only read is still listed, with the tags it has."""
    from voc.notes.engine import sqlite3

    try:
        ensure_tagged(store)
    except sqlite3.OperationalError as e:
        if "readonly" not in str(e):
            raise
        error_line("voc: note: the database is read-only: new notes are listed untagged")


def _print_listed(rows: "Iterator[ListedNote]", fmt: ListFormat, *, pager: bool) -> int:
    """Write the rows in the format asked; returns how many there were."""
    import sys

    from voc.notes.export import write_records
    from voc.notes.queries import LISTED_FIELDS

    counted = _Counted(rows)
    if fmt == ListFormat.json:
        print_json_array(r.record() for r in counted)
    elif fmt != ListFormat.table:
        write_records((r.record() for r in counted), sys.stdout, fmt.value, LISTED_FIELDS)
    elif sys.stdout.isatty():
        _page_table(list(counted), pager=pager)
    else:
        for row in counted:
            sys.stdout.write("\t".join(_cells(row)) + "\n")
    return counted.count


class _Counted:
    """An iterator that counts what passes through it."""

    def __init__(self, items):
        self.items = iter(items)
        self.count = 0

    def __iter__(self):
        for item in self.items:
            self.count += 1
            yield item


def _cells(row: "ListedNote") -> list[str]:
    """One row as gh prints it into a pipe: no tabs or line breaks inside a cell."""
    note = row.note
    first_line = next((line for line in note.text.splitlines() if line.strip()), "")
    cells = [
        str(note.id),
        local_date(note.occurred_at),
        note.source,
        note.customer or "",
        note.account or "",
        ",".join(row.themes),
        note.sentiment_label or "",
        first_line,
    ]
    return [printable(" ".join(cell.split())) for cell in cells]


WIDE = 120  # columns from which a note's text fits on the same line as its fields


def _page_table(rows: "list[ListedNote]", *, pager: bool) -> None:
    """A table on a wide terminal; on a narrower one each note's fields on a line and its
    text below, indented: eight columns in 80 leave the text a few letters a line."""
    render = _wide_table if out_console.width >= WIDE else _narrow_list
    with out_console.capture() as captured:
        out_console.print(render(rows), highlight=False, markup=False)
    page(captured.get(), pager=pager)


def _wide_table(rows: "list[ListedNote]"):
    from rich import box
    from rich.table import Table

    table = Table(expand=True, box=box.SIMPLE_HEAD, pad_edge=False)
    for name, options in (
        ("id", {"justify": "right"}),
        ("date", {"no_wrap": True}),
        ("source", {"max_width": 10}),
        ("customer", {"max_width": 18}),
        ("account", {"max_width": 18}),
        ("themes", {"max_width": 24}),
        ("sentiment", {}),
        ("text", {"ratio": 1}),
    ):
        table.add_column(name, overflow="fold", **options)
    for row in rows:
        cells = _cells(row)
        cells[5] = ", ".join(row.themes)  # a long list wraps between themes
        cells[7] = printable(_shorten(row.note.text))
        table.add_row(*cells)
    return table


def _narrow_list(rows: "list[ListedNote]"):
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    parts = []
    for row in rows:
        note = row.note
        who = " · ".join(x for x in (note.customer, note.account) if x)
        fields = [local_date(note.occurred_at), note.source, who, ", ".join(row.themes) or "-"]
        head = Text(f"#{note.id}  ", style="bold")
        head.append(printable("  ".join(f for f in fields if f)))
        head.append(f"  {note.sentiment_label or '-'}", style="italic")
        parts += [head, Padding(Text(printable(_shorten(note.text))), (0, 0, 1, 4))]
    return Group(*parts)


@app.command()
@note_filter_options
def search(
    query: Annotated[str, typer.Argument(help='Words, "a phrase", OR, NOT, prefix*.')],
    note_filter: "NoteFilter",
    fmt: ListFormatOption = ListFormat.table,
    every: Annotated[bool, typer.Option("--all", help="Every match (default: 30).")] = False,
) -> None:
    """Search the text of every note, best match first: the 30 best unless --limit N or
    --all.

    Example: voc search "invoice OR refund" --since 2026-11-01
    """
    from voc.notes.queries import count_hits, search_notes

    _one_page_unless_all(note_filter, every)
    with open_store() as store:
        if note_filter.needs_themes():
            ensure_tagged(store)
        hits = search_notes(store, query, note_filter)
        shown = len(hits)
        total = count_hits(store, query, note_filter) if shown == note_filter.limit else shown
    if fmt == ListFormat.table:
        _print_table([h.note for h in hits], [h.highlighted for h in hits])
    else:
        print_records([h.note.to_record() for h in hits], fmt)
    _say_more(shown, total)


@app.command()
def show(
    note_id: NoteId,
    fmt: DataFormatOption = DataFormat.text,
) -> None:
    """Show one note in full, with its themes, signals and the evidence for each.

    Example: voc show 42 --format json
    """
    from voc.tagging.evidence import note_evidence

    with open_store() as store:
        store.get(note_id)  # a missing id is refused before any tagging starts
        ensure_tagged(store)
        note = store.get(note_id)
        evidence = note_evidence(store, note_id)
    if fmt == DataFormat.json:
        print_json(evidence.record(note))
        return
    text = printable(_describe(note, evidence))
    if out_console.is_terminal:
        text = hanging_indent(text, out_console.width)
    out_console.print(text, highlight=False, markup=False)


def hanging_indent(text: str, width: int) -> str:
    """Wrap each line to the width, continuing an indented line (an evidence line) or a
    `field:   value` line under its own start rather than at the left edge."""
    import re
    import textwrap

    lines = []
    for line in text.splitlines():
        # `sentiment: `, `  billing (issue): `, `  performance/resource_use: `
        lead = re.match(r"\s*(?:[\w/]+(?: \(\w+\))?:\s+)?", line).group() if line.strip() else ""
        if len(lead) > width // 2:
            lead = ""
        lines += textwrap.wrap(
            line, width, subsequent_indent=" " * len(lead), break_on_hyphens=False
        ) or [""]
    return "\n".join(lines)


@app.command()
def edit(
    note_id: NoteId,
    text: Annotated[str | None, typer.Option(help="New text (default: open $EDITOR).")] = None,
    source: Annotated[
        str | None, typer.Option("--source", "-s", autocompletion=complete_sources)
    ] = None,
    customer: Customer = None,
    account: Account = None,
    date: Annotated[str | None, typer.Option("--date", "-d")] = None,
    quote: Annotated[
        bool | None, typer.Option("--quote/--no-quote", help="May it be quoted?")
    ] = None,
    no_redact: Annotated[
        bool,
        typer.Option("--no-redact", help="Keep e-mail addresses, phones, cards, IBANs, addresses."),
    ] = False,
) -> None:
    """Change a note: with flags, or its text in $EDITOR when no flag is given. New text is
    redacted and size-capped as a capture's is.

    Example: voc edit 42 --account "Acme Corp" --no-quote
    """
    from voc.config import load_config
    from voc.dates import parse_when, to_iso
    from voc.editor import edit_text
    from voc.intake.capture import typed_text
    from voc.notes.choices import known_sources
    from voc.notes.note import check_source

    changes: dict = {}
    if source is not None:
        changes["source"] = check_source(source, known_sources(load_config()))
    if customer is not None:
        changes["customer"] = customer.strip() or None
    if account is not None:
        changes["account"] = account.strip() or None
    if date is not None:
        changes["occurred_at"] = to_iso(parse_when(date))
    if quote is not None:
        changes["quotable"] = quote
    with open_store() as store:
        if text is None and not changes:
            if not stdin_is_terminal():
                raise typer.BadParameter("give --text or another flag (no terminal for $EDITOR)")
            text = edit_text(store.get(note_id).text)
        if text is not None:
            changes["text"] = typed_text(text, redact_pii=not no_redact)
        note = store.update(note_id, changes)
    err_console.print(f"note {note.id} updated", highlight=False)


@app.command()
def delete(
    note_id: NoteId,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Delete a note and everything derived from it.

    Its words may linger in the search index's free space until it is rebuilt: to erase
    every byte, use voc forget --id ID.

    Example: voc delete 42 --yes
    """
    with open_store() as store:
        note = store.get(note_id)
        if not yes:
            if not stdin_is_terminal():
                raise typer.BadParameter("refusing to delete without --yes (no terminal to ask)")
            if not typer.confirm(f"Delete note {note.id}: {note.text[:60]!r}?", err=True):
                raise typer.Exit(1)
        store.delete(note_id)
    err_console.print(f"note {note_id} deleted", highlight=False)


def _describe(note: Note, evidence: "NoteEvidence | None" = None) -> str:
    lines = [
        f"note {note.id}  ({note.uid})",
        f"source:    {note.source}",
        f"customer:  {note.customer or '-'}",
        f"account:   {note.account or '-'}",
        f"author:    {note.author or '-'}",
        f"occurred:  {note.occurred_at}",
        f"captured:  {note.captured_at}",
        f"origin:    {note.origin}",
        f"tags:      {', '.join(note.tags) or '-'}",
        f"quotable:  {'yes' if note.quotable else 'no (counted, never quoted)'}",
    ]
    if note.attachments:
        lines.append(f"attached:  {', '.join(note.attachments)}")
    if evidence is not None:
        lines += evidence.describe()
    if note.title:
        lines += ["", note.title]
    return "\n".join([*lines, "", note.text])


def _print_table(notes: list[Note], texts: list[str] | None = None) -> None:
    from rich.table import Table
    from rich.text import Text

    from voc.notes.queries import HIGHLIGHT_END, HIGHLIGHT_START

    table = Table(expand=True)
    for name, options in (
        ("id", {"justify": "right"}),
        ("date", {}),
        ("source", {}),
        ("customer", {}),
        ("account", {}),
        ("text", {"ratio": 1}),
    ):
        table.add_column(name, overflow="fold", **options)
    for i, note in enumerate(notes):
        text = Text(printable(_shorten(note.text)))
        if texts:
            text = _highlighted(_shorten(texts[i]), HIGHLIGHT_START, HIGHLIGHT_END)
        table.add_row(
            str(note.id),
            local_date(note.occurred_at),
            note.source,
            printable(note.customer or ""),
            printable(note.account or ""),
            text,
        )
    out_console.print(table)
    if not notes:
        err_console.print("no notes match")


def _shorten(text: str, width: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _highlighted(marked: str, start: str, end: str):
    from rich.text import Text

    text = Text()
    inside = False
    for part in marked.replace(end, start).split(start):
        text.append(printable(part), style="bold yellow" if inside else "")
        inside = not inside
    return text
