"""`voc forget` and `voc retain`: erase a person's or company's notes, or old notes' words."""

from typing import Annotated

import typer

from voc.commands.common import DataFormat, err_console, open_store, print_json, stdin_is_terminal
from voc.commands.options import SummaryFormat

app = typer.Typer()

Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask; apply.")]


@app.command()
def forget(
    customer: Annotated[str | None, typer.Option("--customer", "-c", help="A person.")] = None,
    account: Annotated[str | None, typer.Option("--account", "-a", help="A company.")] = None,
    email: Annotated[str | None, typer.Option(help="An e-mail address.")] = None,
    note_id: Annotated[str | None, typer.Option("--id", help="One note's id or uid.")] = None,
    yes: Yes = False,
    fmt: SummaryFormat = DataFormat.text,
) -> None:
    """Erase every note about a person or company, and every trace of it in the file.

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
        matches = find_matches(store, selector)
        _show(matches, "will be erased")
        _confirm(yes, f"Erase {len(matches)} note(s) for good?", bool(matches))
        erasure = erase(store, selector, matches)
    _report(erasure, fmt, f"erased {erasure.notes} note(s) and {erasure.rows} row(s) in all")


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
    from rich.table import Table

    if not matches:
        err_console.print("no notes match", highlight=False)
        return
    table = Table(title=f"{len(matches)} note(s) {what}", title_justify="left")
    for name in ("id", "date", "source", "customer", "account", "text"):
        table.add_column(name, overflow="fold", ratio=1 if name == "text" else None)
    for m in matches[:50]:
        flat = " ".join(m.text.split())
        table.add_row(
            str(m.id), m.occurred_at[:10], m.source, m.customer or "", m.account or "", flat[:80]
        )
    err_console.print(table)
    if len(matches) > 50:
        err_console.print(f"... and {len(matches) - 50} more", highlight=False)


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
            }
        )
    err_console.print(f"{message}; the file is vacuumed", highlight=False, soft_wrap=True)
