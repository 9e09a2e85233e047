"""`voc capture`: record a note right after a conversation, fast enough for scripts."""

from pathlib import Path
from typing import Annotated

import typer

from voc.commands.common import (
    DataFormat,
    ensure_tagged,
    err_console,
    open_store,
    print_json,
    read_stdin_text,
    stdin_is_terminal,
)
from voc.commands.options import complete_guides, complete_sources

app = typer.Typer()


@app.command()
def capture(
    text: Annotated[
        str | None, typer.Argument(help="The note; omit to read stdin or prompt.")
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            "-s",
            help="support, sales, interview, email, ...",
            autocompletion=complete_sources,
        ),
    ] = None,
    customer: Annotated[str | None, typer.Option("--customer", "-c", help="The person.")] = None,
    account: Annotated[str | None, typer.Option("--account", "-a", help="The company.")] = None,
    author: Annotated[str | None, typer.Option(help="Who captured it (default: you).")] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", "-d", help="When it was said: 2026-11-20, last tuesday, 3 hours ago."
        ),
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", "-t", help="A theme, by hand (repeatable).")
    ] = None,
    no_quote: Annotated[
        bool,
        typer.Option("--no-quote", help="Never quote these words in a digest, only count them."),
    ] = False,
    origin: Annotated[
        str | None, typer.Option(help="A stable key from a script: re-running never duplicates.")
    ] = None,
    no_redact: Annotated[
        bool,
        typer.Option("--no-redact", help="Keep e-mail addresses, phones, cards, IBANs, addresses."),
    ] = False,
    fmt: Annotated[
        DataFormat, typer.Option("--format", help="text prints the id; json the note.")
    ] = DataFormat.text,
    guide: Annotated[
        str | None,
        typer.Option(
            help="Walk a debrief guide (see voc guides list); each answer a note.",
            autocompletion=complete_guides,
        ),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option(help="With --guide: a JSON or TOML file of question key = answer."),
    ] = None,
) -> None:
    """Capture a note right after a conversation.

    Example: voc capture "They love the new export" -s support -c "Ana" -a Acme
    """
    from voc.config import default_author, load_config
    from voc.dates import parse_when, to_iso
    from voc.intake.capture import build_note
    from voc.intake.size import MAX_NOTE_CHARS
    from voc.intake.write import add

    config = load_config()
    if guide or answers:
        _guided(
            guide,
            answers,
            text,
            source,
            customer,
            account,
            author,
            date,
            config,
            no_quote=no_quote,
            origin=origin,
            no_redact=no_redact,
            fmt=fmt,
        )
        return
    interactive = text is None and stdin_is_terminal()
    if interactive:
        text, source, customer, account = _ask(source, customer, account)
    elif text is None or text == "-":  # `-`: stdin, as for import's files
        text = read_stdin_text()
    note = build_note(
        text or "",
        source=source or "other",
        customer=customer,
        account=account,
        author=author or default_author(config),
        occurred_at=to_iso(parse_when(date)) if date else None,
        tags=tag,
        quotable=not no_quote,
        origin=origin,
        redact_pii=not no_redact,
        sources=_sources(config),
    )
    with open_store() as store:
        saved, created = add(store, note)
    if fmt == DataFormat.json:
        print_json(saved.to_record())
    else:
        print(saved.id, flush=True)  # at once: tagging below may take a moment
    if not created:
        err_console.print(f"already stored as note {saved.id} (same origin)", highlight=False)
    elif len((text or "").strip()) > MAX_NOTE_CHARS:
        err_console.print(
            f"voc: note {saved.id} was cut: a note keeps at most {MAX_NOTE_CHARS:,} "
            "characters (the cut is marked at its end)",
            highlight=False,
            markup=False,
        )
    if created and (interactive or _at_a_terminal(fmt)):
        _show_themes(saved.id)


def _at_a_terminal(fmt: DataFormat) -> bool:
    """A person typed `voc capture TEXT` in a terminal (stdin and stdout both one): show
    what the note will be counted as. A script, a pipe or --format json never loads spaCy."""
    import sys

    return fmt == DataFormat.text and stdin_is_terminal() and sys.stdout.isatty()


def _show_themes(note_id: int) -> None:
    """On a terminal, tag the note just saved and say what was found: the marketer sees at
    once how it will be counted. Scripts never pay for loading spaCy here."""
    from voc.errors import VocError
    from voc.tagging.evidence import note_evidence

    try:
        with open_store() as store:
            ensure_tagged(store)
            evidence = note_evidence(store, note_id)
    except VocError as e:  # the note is stored; tagging waits for the next command
        err_console.print(f"saved; not tagged yet: {e}", highlight=False, markup=False)
        return
    themes = ", ".join(row["theme"] for row in evidence.themes) or "none"
    signals = ", ".join(row["signal"] for row in evidence.signals) or "none"
    err_console.print(
        f"themes: {themes} · sentiment: {evidence.sentiment_label} · signals: {signals}",
        highlight=False,
        markup=False,
    )


def _guided(
    guide,
    answers,
    text,
    source,
    customer,
    account,
    author,
    date,
    config,
    *,
    no_quote,
    origin,
    no_redact,
    fmt,
) -> None:
    from voc.commands.guided import guided_capture
    from voc.config import default_author
    from voc.dates import parse_when, to_iso
    from voc.guides.debrief import Shared

    if not guide:
        raise typer.BadParameter("--answers goes with --guide NAME")
    if text is not None:
        raise typer.BadParameter("a guided capture takes no TEXT: the answers are the notes")
    sources = _sources(config)
    interactive = answers is None and stdin_is_terminal()
    shared = Shared(
        author=author or (None if interactive else default_author(config)),
        customer=customer,
        account=account,
        occurred_at=to_iso(parse_when(date)) if date else None,
        source=source.strip().lower() if source else None,
        quotable=not no_quote,
        redact_pii=not no_redact,
    )
    guided_capture(
        guide, answers, shared, origin=origin, fmt=fmt, sources=sources, interactive=interactive
    )


def _sources(config: dict) -> tuple[str, ...] | None:
    from voc.notes.note import SOURCES

    extra = config.get("sources") or []
    return (*SOURCES, *[s for s in extra if s not in SOURCES]) if extra else None


def _ask(source, customer, account) -> tuple[str, str, str | None, str | None]:
    """Prompt on the terminal for what the flags did not give."""
    from rich.prompt import Prompt

    from voc.editor import edit_text
    from voc.notes.note import SOURCES

    console = err_console
    source = source or Prompt.ask(
        "Source", choices=list(SOURCES), default="support", console=console
    )
    customer = customer or _ask_optional(Prompt, "Customer (person)")
    account = account or _ask_optional(Prompt, "Account (company)")
    text = edit_text(hint="What did the customer say? Their words, as close as you can.")
    return text, source, customer, account


def _ask_optional(prompt, label: str) -> str | None:
    """An answer that may be left empty: no "()" shown for the empty default."""
    return prompt.ask(label, default="", show_default=False, console=err_console) or None
