"""`voc guides list|show|init`: the debrief guides voc can walk you through."""

from pathlib import Path
from typing import Annotated

import typer

from voc.commands.common import DataFormat, err_console, print_json
from voc.commands.options import DataFormatOption

app = typer.Typer()


@app.command("list")
def list_guides(fmt: DataFormatOption = DataFormat.text) -> None:
    """List the guides: built-in ones and your own.

    Example: voc guides list
    """
    from voc.guides.guide import available, load_guide

    guides = [load_guide(name) for name in available()]
    if fmt == DataFormat.json:
        print_json([g.to_dict() for g in guides])
        return
    width = max(len(g.name) for g in guides)
    for g in guides:
        where = "" if g.path == "built-in" else f"  [{g.path}]"
        print(f"{g.name:<{width}}  {len(g.questions)} questions  {g.description}{where}")


@app.command()
def show(
    name: Annotated[str, typer.Argument(help="A guide name, or a path to a .toml file.")],
    fmt: DataFormatOption = DataFormat.text,
) -> None:
    """Show a guide's questions, in order.

    Example: voc guides show support-debrief
    """
    from voc.guides.guide import load_guide

    guide = load_guide(name)
    if fmt == DataFormat.json:
        print_json(guide.to_dict())
        return
    lines = [f"{guide.name}: {guide.description}", f"source: {guide.source}", ""]
    for number, q in enumerate(guide.questions, start=1):
        optional = "" if q.skippable else "  (needs an answer)"
        lines.append(f"{number}. [{q.key}] {q.prompt}{optional}")
        if q.help:
            lines.append(f"   {q.help}")
    print("\n".join(lines))


@app.command()
def init(
    name: Annotated[str, typer.Argument(help="A built-in guide, or a new name.")],
    start_from: Annotated[
        str, typer.Option("--from", help="For a new name: the built-in guide to start from.")
    ] = "support-debrief",
    path: Annotated[
        Path | None, typer.Option(help="Where to write it (default: guides/ in the config folder).")
    ] = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
) -> None:
    """Write a guide to a file you can edit: a built-in one, or a new one from a built-in.

    Example: voc guides init success-debrief --from support-debrief
    """
    from voc.guides.guide import init_guide

    written = init_guide(name, start_from=start_from, path=path, force=force)
    err_console.print(
        f"wrote {written}: edit it, then voc capture --guide {name}", markup=False, soft_wrap=True
    )
