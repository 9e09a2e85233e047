"""`voc db`: the database file itself."""

import typer

from voc.commands.common import state
from voc.paths import db_path

app = typer.Typer()


@app.command()
def path() -> None:
    """Print where the database file is.

    Example: sqlite-utils tables "$(voc db path)"
    """
    print(db_path(state.db_path))
