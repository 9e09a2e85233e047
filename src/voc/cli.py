"""The `voc` command: a table of contents of the command modules, in pipeline order."""

import importlib
import sys

import typer
from typer.core import TyperGroup

from voc import __version__
from voc.commands.common import error_line, state
from voc.errors import VocError
from voc.notes.engine import sqlite3

# Typer exposes BadParameter but not its base, the error the vendored Click raises for
# every bad command line (unknown option or command, bad value, missing argument).
UsageError = typer.BadParameter.__base__


class VocGroup(TyperGroup):
    """The one error boundary: a VocError, a bad command line, or SQLite refusing to
    write is one line on stderr and a non-zero exit; anything else is a bug and keeps its
    traceback."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, hoist_global_options(args), parent, **extra)
        except UsageError as e:  # a bad option of `voc` itself
            usage_error(e)

    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except UsageError as e:
            usage_error(e)
        except VocError as e:
            error_line(f"voc: error: {e}")
            raise typer.Exit(e.exit_code) from None
        except sqlite3.DatabaseError as e:
            if not is_environment_error(e):
                raise
            error_line(f"voc: error: {database_problem(e)}")
            raise typer.Exit(1) from None


GLOBAL_OPTIONS = ("--db", "--themes", "--model")  # each takes a value


def hoist_global_options(args: list[str]) -> list[str]:
    """`voc export -o f --db x.db` as `voc --db x.db export -o f`: the global options are
    taken anywhere on the line, as git and gh take theirs. Nothing after `--` moves."""
    moved: list[str] = []
    kept: list[str] = []
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--":
            kept += [arg, *rest]
            break
        if arg in GLOBAL_OPTIONS and rest:
            moved += [arg, rest.pop(0)]
        elif arg.split("=", 1)[0] in GLOBAL_OPTIONS and "=" in arg:
            moved.append(arg)
        else:
            kept.append(arg)
    return moved + kept


def usage_error(e) -> None:
    """Click's three lines (usage, hint, error) as one, naming the help to read. A group
    run bare (`voc`, `voc themes`) still gets its help, as `no_args_is_help` promises."""
    if e.ctx is not None and e.format_message() == e.ctx.get_help():
        e.show()
        raise typer.Exit(e.exit_code)
    command = e.ctx.command_path if e.ctx else "voc"
    error_line(f"voc: error: {e.format_message().rstrip('.')} (see '{command} --help')")
    raise typer.Exit(e.exit_code)


def is_environment_error(e: sqlite3.DatabaseError) -> bool:
    """SQLite's complaints about the file or the disk (read-only, full, locked, damaged),
    as opposed to integrity or API errors, which are bugs in voc."""
    return isinstance(e, sqlite3.OperationalError) or type(e) is sqlite3.DatabaseError


_HINTS = (
    ("readonly", "check that you may write to the file and its folder"),
    ("unable to open", "check that you may write to the file and its folder"),
    ("full", "free some disk space and run the command again; nothing was half-written"),
    ("locked", "another program holds it locked; try again in a moment"),
    ("disk I/O", "the disk refused the write (full, or a size limit?); nothing was half-written"),
    ("malformed", "the file is damaged: restore it from a backup; voc has not changed it"),
    ("not a database", "point --db or VOC_DB at a voc database; voc has not changed it"),
)


def database_problem(e: sqlite3.DatabaseError) -> str:
    """SQLite's words, plus which file and what to do about it."""
    from voc.paths import db_path

    text = str(e)
    hint = next((h for key, h in _HINTS if key in text), "")
    return f"{db_path(state.db_path)}: {text}" + (f": {hint}" if hint else "")


def _version(value: bool) -> None:
    if value:
        print(f"voc {__version__}")
        raise typer.Exit()


def main_options(
    db_path: str | None = typer.Option(
        None, "--db", help="Database file (default: $VOC_DB, then voc.db in the data folder)."
    ),
    themes: str | None = typer.Option(
        None, "--themes", help="Theme taxonomy TOML (default: $VOC_THEMES, config, built-in)."
    ),
    model: str | None = typer.Option(
        None, "--model", help="A trained spaCy pipeline to tag with, e.g. en_core_web_sm."
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    state.db_path = db_path
    state.themes_path = themes
    state.model = model


# The command groups in pipeline order: notes come in, are found and tagged, become
# digests, leave, are erased. (module, name, help): a group without a name puts its
# commands at the top level.
GROUPS = (
    ("capture", None, None),
    (
        "guides",
        "guides",
        "Debrief guides: the questions to ask a colleague.\n\n"
        "Example: voc guides show support-debrief",
    ),
    ("importing", None, None),
    ("notes", None, None),
    (
        "accounts",
        "accounts",
        "Accounts: list them, merge two names.\n\nExample: voc accounts alias acme.example Acme",
    ),
    (
        "themes",
        "themes",
        "The theme taxonomy: list, eval, show, suggest, init.\n\nExample: voc themes list --check",
    ),
    ("tags", None, None),
    ("digest", None, None),
    (
        "templates",
        "templates",
        "Digest templates: list them, copy one to edit.\n\nExample: voc templates init weekly",
    ),
    ("export", None, None),
    ("forget", None, None),
    ("db", "db", "The database file: where it is.\n\nExample: voc db path"),
)


def build_app(only: str | None = None) -> typer.Typer:
    """The command tree: every group, or the one module `only` names."""
    app = typer.Typer(
        cls=VocGroup,
        help="voc: capture, import, tag and digest what customers say, in a local SQLite "
        "file. The options below may also follow the command: "
        "voc export -o notes.jsonl --db team.db\n\n"
        'Example: voc capture "They love the new export" -s support',
        no_args_is_help=True,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
    )
    app.callback()(main_options)
    for module, name, help_text in GROUPS:
        if only is None or module == only:
            group = importlib.import_module(f"voc.commands.{module}").app
            app.add_typer(group, **({"name": name, "help": help_text} if name else {}))
    return app


def __getattr__(name: str) -> typer.Typer:
    """`voc.cli.app`, the whole tree, built on first use (tests, the docs generator)."""
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    built = globals()["app"] = build_app()
    return built


def __dir__() -> list[str]:
    return sorted([*globals(), "app"])


def command_word(args: list[str]) -> str | None:
    """The command a command line runs (`capture`), its global options set aside."""
    rest = hoist_global_options(args)
    while rest and rest[0].split("=", 1)[0] in GLOBAL_OPTIONS:
        rest = rest[1:] if "=" in rest[0] else rest[2:]
    return rest[0] if rest and not rest[0].startswith("-") else None


def readable_args(args: list[str]) -> list[str]:
    """Arguments that are not valid UTF-8 (Python keeps their bytes as lone surrogates,
    which SQLite cannot store or match) with each bad byte as U+FFFD, as voc reads such
    files and stdin. A path that exists keeps its bytes: it names a file."""
    import os

    def readable(arg: str) -> str:
        if arg.isascii() or not _has_surrogates(arg) or os.path.lexists(arg):
            return arg
        return os.fsencode(arg).decode("utf-8", "replace")

    return [readable(arg) for arg in args]


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def main() -> None:
    sys.argv[1:] = readable_args(sys.argv[1:])
    # `voc capture` from a script has a speed bar: it builds only its own group, not
    # every command's options (the same command, help and errors either way).
    only = "capture" if command_word(sys.argv[1:]) == "capture" else None
    try:
        build_app(only)()
    except KeyboardInterrupt:
        error_line("voc: interrupted")
        sys.exit(130)
