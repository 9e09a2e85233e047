"""`voc templates list|init`: the digest templates, and a copy of one to edit."""

from pathlib import Path
from typing import Annotated

import typer

from voc.commands.common import error_line
from voc.commands.options import Force, complete_templates

app = typer.Typer(no_args_is_help=True)


@app.command("list")
def list_templates() -> None:
    """Show the digest templates: name, then built-in or the file it comes from.

    Example: voc templates list
    """
    import sys

    from voc.digest.render import available, available_html

    for name, where in {**available(), **available_html()}.items():
        sys.stdout.write(f"{name}\t{where}\n")


@app.command()
def init(
    name: Annotated[
        str,
        typer.Argument(help="The built-in template to copy.", autocompletion=complete_templates),
    ] = "weekly",
    path: Annotated[
        Path | None, typer.Argument(help="Where (default: templates/ in the config folder).")
    ] = None,
    force: Force = False,
) -> None:
    """Copy a built-in digest template to edit; `voc digest -T NAME` then uses your copy.

    NAME-html (weekly-html) copies the HTML one, used by `voc digest --format html`.

    Example: voc templates init weekly
    """
    from voc.digest.render import builtin_path, shipped, user_dir
    from voc.notes.choices import check_choice

    source = builtin_path(check_choice(name, shipped(), "built-in template", fold_case=False))
    target = path or user_dir() / source.name
    if target.is_dir():
        target = target / source.name
    if target.exists() and not force:
        raise typer.BadParameter(f"{target} exists: add --force to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    error_line(f"wrote {target}")
    print(target)
