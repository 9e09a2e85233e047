"""`voc forget` and `voc retain`: erase a person's or company's notes, or old notes' words."""

from typing import Annotated

import typer

from voc.commands.common import (
    DataFormat,
    err_console,
    open_store,
    print_json,
    printable,
    stdin_is_terminal,
)
from voc.commands.options import SummaryFormat

app = typer.Typer()

Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask; apply.")]


@app.command()
def forget(
    customer: Annotated[str | None, typer.Option("--customer", "-c", help="A person.")] = None,
    account: Annotated[str | None, typer.Option("--account", "-a", help="A company.")] = None,
    email: Annotated[
        str | None, typer.Option(help="An e-mail address (imported mail's sender).")
    ] = None,
    note_id: Annotated[str | None, typer.Option("--id", help="One note's id or uid.")] = None,
    mentions: Annotated[
        bool,
        typer.Option(
            "--mentions", help="Also erase notes that only mention the name (asks on a terminal)."
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would go; change nothing.")
    ] = False,
    yes: Yes = False,
    fmt: SummaryFormat = DataFormat.text,
) -> None:
    """Erase a person's or company's notes (by field), and every trace of them in the file.

    Example: voc forget --email ana@initech.example --yes
    """
    from voc.notes.forget import Selector, find_matches
    from voc.notes.forget import forget as erase

    given = {"customer": customer, "account": account, "email": email, "id": note_id}
    chosen = [(kind, value) for kind, value in given.items() if value is not None]
    if len(chosen) != 1:
        raise typer.BadParameter("give exactly one of --customer, --account, --email, --id")
    selector = Selector(*chosen[0])
    with open_store() as store:
        found = find_matches(store, selector)
        _show(found.selected, "would be erased" if dry_run else "will be erased")
        _show_mentions(found.mentions, selector.value.strip(), mentions and not dry_run)
        if dry_run:
            err_console.print("dry run: nothing changed", highlight=False)
            _report_json(fmt, selector.kind, found.selected, 0, found.mentions, dry_run=True)
            return
        going = found.selected + (found.mentions if mentions else [])
        if mentions and found.mentions:
            _confirm_mentions(len(going), len(found.mentions))
        else:
            _confirm(yes, f"Erase {len(going)} note(s) for good?", bool(going))
        erasure = erase(store, selector, going)
    kept = [] if mentions else found.mentions
    _report_json(fmt, erasure.selector, going, erasure.rows, kept, problem=erasure.scrub_problem)
    _say_done(erasure, f"erased {erasure.notes} note(s) and {erasure.rows} row(s) in all")


@app.command()
def retain(
    older_than: Annotated[
        str, typer.Option(help="Age past which words go: 180d, 26w, 6m, 1y.")
    ] = "180d",
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Apply (default: a dry run).")] = False,
    fmt: SummaryFormat = DataFormat.text,
) -> None:
    """Replace the text of old notes with a placeholder, keeping themes and dates.

    Example: voc retain --older-than 180d --yes
    """
    from voc.notes.forget import find_old, parse_age
    from voc.notes.forget import retain as apply_retention

    age = parse_age(older_than)
    with open_store() as store:
        matches = find_old(store, age)
        _show(matches, "would lose their text" if not yes else "lose their text")
        if not yes:
            err_console.print("dry run: nothing changed; add --yes to apply", highlight=False)
            if fmt == DataFormat.json:
                print_json({"dry_run": True, "notes": len(matches)})
            return
        erasure = apply_retention(store, matches, older_than.strip())
    _report(erasure, fmt, f"removed the text of {erasure.notes} note(s)")


def _show(matches, what: str) -> None:
    if not matches:
        err_console.print("no notes match", highlight=False)
        return
    _table(matches, f"{len(matches)} note(s) {what}")


def _show_mentions(matches, name: str, erased: bool) -> None:
    """Notes whose words name the person but that are filed under someone else."""
    if not matches:
        return
    fate = "erased too (--mentions)" if erased else "kept; --mentions erases them too"
    title = f"also mentioned in {len(matches)} note(s) filed under others: {fate}"
    _table(matches, title)


def _table(matches, title: str) -> None:
    """id, date, source and the first line with addresses, phones and cards masked:
    enough to recognise a note without printing more of it than needed."""
    from rich.table import Table
    from rich.text import Text

    from voc.dates import local_date
    from voc.redact import redact

    table = Table(title=title, title_justify="left")
    for name in ("id", "date", "source", "first line"):
        table.add_column(name, overflow="fold", ratio=1 if name == "first line" else None)
    for m in matches[:50]:
        first = next((line for line in m.text.splitlines() if line.strip()), "")
        preview = Text(printable(redact(first.strip())[0][:80]))
        table.add_row(str(m.id), local_date(m.occurred_at), m.source, preview)
    err_console.print(table)
    if len(matches) > 50:
        err_console.print(f"... and {len(matches) - 50} more", highlight=False)


def _confirm_mentions(total: int, mentions: int) -> None:
    """A mention is a guess about whom a note is about: a person answers, --yes does not."""
    if not stdin_is_terminal():
        raise typer.BadParameter(
            "--mentions asks on a terminal after showing the notes (--yes does not answer "
            "it); a script erases such a note with --id"
        )
    if not typer.confirm(
        f"Erase {total} note(s), {mentions} of them only mentioning the name, for good?",
        err=True,
    ):
        raise typer.Exit(1)


def _confirm(yes: bool, question: str, ask: bool) -> None:
    if yes or not ask:
        return
    if not stdin_is_terminal():
        raise typer.BadParameter("refusing to erase without --yes (no terminal to ask)")
    if not typer.confirm(question, err=True):
        raise typer.Exit(1)


def _report(erasure, fmt: DataFormat, message: str) -> None:
    if fmt == DataFormat.json:
        print_json(
            {
                "selector": erasure.selector,
                "notes": erasure.notes,
                "rows": erasure.rows,
                "note_ids": erasure.note_ids,
                "scrubbed": erasure.scrub_problem is None,
            }
        )
    _say_done(erasure, message)


def _report_json(fmt, selector, going, rows, kept, *, problem=None, dry_run=False) -> None:
    """Stable keys; new ones only ever go at the end."""
    if fmt != DataFormat.json:
        return
    print_json(
        {
            "selector": selector,
            "notes": len(going),
            "rows": rows,
            "note_ids": [m.id for m in going],
            "mentions_kept": [m.id for m in kept],
            "scrubbed": not dry_run and problem is None,
            "dry_run": dry_run,
        }
    )


def _say_done(erasure, message: str) -> None:
    """The truth about the file: clean, or erased but its words still on disk."""
    if erasure.scrub_problem is None:
        err_console.print(
            f"{message}; none of their words is left in the file", highlight=False, soft_wrap=True
        )
        return
    err_console.print(
        f"voc: error: {message}, but their words are still on disk until it can finish "
        f"({erasure.scrub_problem}): free some space; the next voc command finishes it",
        highlight=False,
        soft_wrap=True,
    )
    raise typer.Exit(1)
