"""`voc tag`, `voc retag`, `voc why`: manual tags, forced re-tagging, and the evidence."""

from typing import Annotated

import typer

from voc.commands.common import ensure_tagged, err_console, open_store, printable
from voc.commands.options import NoteId, known_themes

app = typer.Typer()


@app.command()
def tag(
    note_id: NoteId,
    add: Annotated[
        list[str] | None, typer.Option("--add", help="Theme slug to give (repeatable).")
    ] = None,
    remove: Annotated[
        list[str] | None, typer.Option("--remove", help="Theme slug to take away (repeatable).")
    ] = None,
    new: Annotated[
        bool, typer.Option("--new", help="--add may name a tag that is in no taxonomy yet.")
    ] = False,
) -> None:
    """Add or remove themes by hand; these win over automatic tags and survive re-tagging.

    Example: voc tag 42 --add pricing --remove mobile
    """
    from voc.errors import InvalidInput
    from voc.tagging.manual import change_manual_tags
    from voc.themes.taxonomy import SLUG

    if not add and not remove:
        raise typer.BadParameter("give --add SLUG or --remove SLUG")
    for slug in [*(add or []), *(remove or [])]:
        if not SLUG.match(slug.strip().lower()):
            raise InvalidInput(f"bad theme slug {slug!r}: lower-case words, / between levels")
    if not new:
        checked_added(add or [])
    with open_store() as store:
        note = change_manual_tags(store, note_id, add or [], remove or [])
    err_console.print(
        f"note {note.id}: tags {', '.join(note.tags) or '-'}", highlight=False, markup=False
    )


def checked_added(slugs: list[str]) -> None:
    """A slug neither in the taxonomy nor given by hand before is most often a typo: it is
    refused, with a suggestion, unless --new says it is meant."""
    from voc.errors import InvalidInput
    from voc.notes.choices import unknown_message

    wanted = [s.strip().lower() for s in slugs]
    known = known_themes(wanted)
    for slug in wanted:
        if slug not in known:
            message = unknown_message(slug, known, "theme", listed_by="voc themes list")
            raise InvalidInput(f"{message}; add --new to make it a new manual tag")


@app.command()
def retag() -> None:
    """Tag every note again now, even those already current.

    Example: voc --themes team-themes.toml retag
    """
    with open_store() as store:
        count = ensure_tagged(store, force=True)
    err_console.print(f"tagged {count} notes", highlight=False)


@app.command()
def why(
    note_id: NoteId,
    slug: Annotated[str, typer.Argument(help="A theme the note has.")],
) -> None:
    """Print the evidence for one theme of a note: the pattern and the sentence.

    Example: voc why 42 billing
    """
    from voc.errors import VocError
    from voc.tagging.evidence import explain, note_evidence

    slug = slug.strip().lower()
    with open_store() as store:
        store.get(note_id)
        ensure_tagged(store)
        evidence = note_evidence(store, note_id)
    rows = [r for r in evidence.themes if r["theme"] == slug]
    if not rows:
        have = ", ".join(r["theme"] for r in evidence.themes) or "none"
        raise VocError(f"note {note_id} has no theme {slug!r} (its themes: {have})")
    print(printable(explain(rows[0])))
