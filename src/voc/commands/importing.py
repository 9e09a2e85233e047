"""`voc import`: notes from e-mail exports, tables and text files, idempotently."""

import shlex
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from voc.commands.common import DataFormat, error_line, open_store, print_json, state
from voc.sources.registry import names as reader_names
from voc.sources.registry import reader_named

if TYPE_CHECKING:
    from voc.intake.importer import Summary

app = typer.Typer()

# Exit status when the import finished but some records went to the rejects file: not
# 1 (the import failed) nor 2 (bad options), so scripts can tell the three apart.
EXIT_REJECTED = 3
KINDS = ("auto", *reader_names())  # `--from`: detect, or name the reader


@app.command("import")
def import_command(
    path: Annotated[str, typer.Argument(help="A file or folder, or - for standard input.")],
    kind: Annotated[str, typer.Option("--from", help=f"{', '.join(KINDS)}.")] = "auto",
    mapping: Annotated[
        list[str] | None,
        typer.Option("--map", help='A column for a field: "Ticket body=text" (repeatable).'),
    ] = None,
    team_domain: Annotated[
        list[str] | None,
        typer.Option("--team-domain", help="Mail from this domain is the team's (repeatable)."),
    ] = None,
    keep_team: Annotated[
        bool, typer.Option("--keep-team", help="Keep the team's mail as context, never quoted.")
    ] = False,
    rejects: Annotated[
        str | None, typer.Option(help="Rejects file (default: beside the database).")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report only; write nothing.")] = False,
    no_redact: Annotated[
        bool, typer.Option("--no-redact", help="Keep e-mail addresses, phone numbers, cards...")
    ] = False,
    split_on_blank_lines: Annotated[
        bool, typer.Option("--split-on-blank-lines", help="txt: one note per paragraph.")
    ] = False,
    source: Annotated[
        str | None,
        typer.Option(
            "--source", "-s", help="For records naming none (default: email for mail, else other)."
        ),
    ] = None,
    fmt: Annotated[
        DataFormat, typer.Option("--format", help="text: one summary line; json: an object.")
    ] = DataFormat.text,
) -> None:
    """Import notes from e-mail exports, tables or text; re-running adds nothing twice.

    Example: voc import support.mbox --team-domain example.com
    """
    from voc.config import load_config
    from voc.intake.importer import ImportOptions, import_items
    from voc.intake.rejects import RejectLog, default_rejects_path
    from voc.paths import db_path
    from voc.sources import ReadOptions, reader_for

    config = load_config()
    target = _input_path(path)
    column_map = _mapping(mapping)
    decided = _kind(kind, target, tuple(column_map))
    options = ImportOptions(
        source=_source(source, config),
        team_domains=_team_domains(team_domain, config),
        keep_team=keep_team,
        redact=not no_redact,
        dry_run=dry_run,
        sources=_known_sources(config),
    )
    read_options = ReadOptions(mapping=column_map, split_on_blank_lines=split_on_blank_lines)
    items = reader_for(decided)(target, read_options)
    name = str(target) if target else "stdin"
    log = RejectLog(
        Path(rejects) if rejects else default_rejects_path(db_path(state.db_path)),
        name,
        enabled=not dry_run,
    )
    with open_store() as store, _progress(target) as advance:
        try:
            summary = import_items(store, items, options, log, advance)
        finally:
            log.close()
    _name_ignored(read_options.ignored)
    _report(summary, fmt, reader_named(decided).family)
    if summary.rejected:
        raise typer.Exit(EXIT_REJECTED)


def _input_path(path: str) -> Path | None:
    from voc.errors import InvalidInput

    if path == "-":
        return None
    target = Path(path).expanduser()
    if not target.exists():
        raise InvalidInput(f"no such file or folder: {path}")
    return target


def _kind(kind: str, target: Path | None, columns: tuple[str, ...]) -> str:
    from voc.sources import stdin
    from voc.sources.detect import detect_kind

    if kind not in KINDS:
        raise typer.BadParameter(f"use one of {', '.join(KINDS)}", param_hint="--from")
    if kind != "auto":
        return kind
    head = stdin().peek(4096)[:4096] if target is None else _head(target)
    decided = detect_kind(target, head, columns)
    error_line(f"voc: reading {target or 'standard input'} as {decided} (--from to change)")
    return decided


def _head(target: Path) -> bytes:
    if target.is_dir():
        return b""
    with target.open("rb") as f:
        return f.read(4096)


def _mapping(values: list[str] | None) -> dict[str, str]:
    from voc.sources.tables import ROW_FIELDS

    mapping: dict[str, str] = {}
    for value in values or []:
        column, sep, field = value.rpartition("=")
        if not sep or not column.strip() or field.strip() not in ROW_FIELDS:
            raise typer.BadParameter(
                f"{value!r}: write COLUMN=FIELD, FIELD one of {', '.join(ROW_FIELDS)}",
                param_hint="--map",
            )
        mapping[column.strip()] = field.strip()
    return mapping


def _known_sources(config: dict) -> tuple[str, ...]:
    from voc.notes.note import SOURCES

    extra = [s for s in config.get("sources") or [] if s not in SOURCES]
    return (*SOURCES, *extra)


def _source(source: str | None, config: dict) -> str | None:
    from voc.notes.note import check_source

    return check_source(source, _known_sources(config)) if source else None


def _team_domains(flags: list[str] | None, config: dict) -> frozenset[str]:
    configured = config.get("team_domains") or []
    domains = [*(flags or []), *(configured if isinstance(configured, list) else [])]
    return frozenset(d.strip().lower().lstrip("@") for d in domains if str(d).strip())


def _name_ignored(columns: list[str]) -> None:
    if columns:
        error_line(
            f"voc: ignored columns: {', '.join(columns)} "
            "(no note field has these names: --map 'COLUMN=FIELD' to keep one)"
        )


def _report(summary: "Summary", fmt: DataFormat, family: str) -> None:
    from voc.intake.size import MAX_NOTE_CHARS

    _say_dates(summary, family)
    if summary.forgotten:
        were = "record was" if summary.forgotten == 1 else "records were"
        error_line(f"voc: {summary.forgotten} {were} erased by voc forget before; not stored again")
    if summary.ignored_files:
        _say_ignored_files(summary)
    if summary.truncated:
        error_line(
            f"voc: {_count(summary.truncated, 'note')} longer than {MAX_NOTE_CHARS:,} "
            "characters: the start kept, the cut marked at the end"
        )
    if summary.rejected:
        where = summary.rejects_file or "not written: dry run"
        error_line(f"voc: {_count(summary.rejected, 'record')} rejected; see {where}")
    if fmt == DataFormat.json:
        print_json(summary.to_dict())
        return
    rejects_file = shlex.quote(summary.rejects_file) if summary.rejects_file else "-"
    dry = " dry_run=1" if summary.dry_run else ""
    forgotten = f" forgotten={summary.forgotten}" if summary.forgotten else ""
    ignored = f" ignored_files={summary.ignored_files}" if summary.ignored_files else ""
    truncated = f" truncated={summary.truncated}" if summary.truncated else ""
    sys.stdout.write(
        f"new={summary.new} duplicate={summary.duplicate} skipped={summary.skipped} "
        f"rejected={summary.rejected} rejects_file={rejects_file}{dry}{forgotten}{ignored}"
        f"{truncated}\n"
    )


def _count(number: int, thing: str) -> str:
    """`1 record`, `3 records`."""
    return f"{number} {thing}" if number == 1 else f"{number} {thing}s"


def _say_dates(summary: "Summary", family: str) -> None:
    received, from_file = summary.dated_from_received, summary.dated_from_file
    if family == "mail" and (received or from_file):
        error_line(
            f"voc: {_count(received + from_file, 'message')} had no usable Date header: "
            f"dated by Received ({received}) or by the file's time ({from_file})"
        )
    elif from_file:
        dated = f"{_count(from_file, 'note')} dated by its file's modification time"
        error_line(f"voc: {dated} (a text file holds no date)")


def _say_ignored_files(summary: "Summary") -> None:
    more = summary.ignored_files - len(summary.ignored_names)
    names = ", ".join(summary.ignored_names) + (f" and {more} more" if more else "")
    error_line(f"voc: {_count(summary.ignored_files, 'file')} not read: {names}")


def _progress(target: Path | None):
    """A rich progress bar (bytes read, records/s, ETA) on a terminal; else nothing."""
    from contextlib import nullcontext

    if not sys.stderr.isatty():
        return nullcontext(None)
    return _progress_bar(_total_bytes(target))


@contextmanager
def _progress_bar(total: int | None):
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("importing"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[records]} records, {task.fields[rate]}/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task("import", total=total, records=0, rate="-")

        def advance(done_bytes: int, records: int) -> None:
            elapsed = bar.tasks[0].elapsed or 0
            rate = f"{records / elapsed:,.0f}" if elapsed > 0 else "-"
            bar.update(task, completed=done_bytes, records=records, rate=rate)

        yield advance


def _total_bytes(target: Path | None) -> int | None:
    if target is None:
        return None
    if target.is_dir():
        return sum(f.stat().st_size for f in target.rglob("*") if f.is_file())
    return target.stat().st_size
