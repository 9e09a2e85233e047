"""`voc accounts`, `voc accounts alias|unalias`: one company under several names."""

from typing import Annotated

import typer

from voc.commands.common import DataFormat, err_console, open_store, print_json, printable
from voc.commands.options import DataFormatOption

app = typer.Typer(invoke_without_command=True)


@app.callback()
def accounts(ctx: typer.Context, fmt: DataFormatOption = DataFormat.text) -> None:
    """List the accounts with their notes, aliases merged.

    Example: voc accounts
    """
    if ctx.invoked_subcommand:
        return
    from voc.notes.accounts import list_accounts

    with open_store() as store:
        found = list_accounts(store)
    if fmt == DataFormat.json:
        print_json([a.__dict__ for a in found])
        return
    if not found:
        err_console.print("no accounts yet: give one with --account", highlight=False)
        return
    print("notes\taccount\taliases")
    for account in found:
        aliases = ", ".join(account.aliases) or "-"
        print(printable(f"{account.notes}\t{account.name}\t{aliases}"))


@app.command()
def alias(
    name: Annotated[str, typer.Argument(help="The other name, e.g. acme.example.")],
    account: Annotated[str, typer.Argument(help="The account it belongs to, e.g. Acme.")],
) -> None:
    """Count NAME's notes as ACCOUNT's: in filters, `voc accounts` and digests.

    Example: voc accounts alias acme.example Acme
    """
    from voc.notes.accounts import add_alias

    with open_store() as store:
        owner = add_alias(store, name, account)
    err_console.print(f"{name} now counts as {owner}", highlight=False, markup=False)


@app.command()
def unalias(
    name: Annotated[str, typer.Argument(help="An alias given before.")],
) -> None:
    """Count NAME's notes under their own name again.

    Example: voc accounts unalias acme.example
    """
    from voc.notes.accounts import remove_alias

    with open_store() as store:
        owner = remove_alias(store, name)
    err_console.print(f"{name} no longer counts as {owner}", highlight=False, markup=False)
