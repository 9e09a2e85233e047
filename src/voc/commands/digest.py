"""`voc digest`: the weekly (or any period's) voice-of-customer report, in markdown (or
HTML, or json)."""

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ClassVar

import typer

from voc.commands.common import ensure_tagged, error_line, open_store, state
from voc.commands.options import (
    Account,
    Customer,
    Source,
    Stance,
    Tag,
    Theme,
    complete_templates,
)

if TYPE_CHECKING:
    from voc.notes.store import Store

app = typer.Typer()


class DigestFormat(StrEnum):
    md = "md"
    json = "json"
    html = "html"


def _digest_options(note_filter, filters: dict, period, top: int, quotes: int, rule):
    from voc.digest.build import DigestOptions

    taxonomy = _taxonomy()
    return DigestOptions(
        period=period,
        note_filter=note_filter,
        top=top,
        quotes=quotes,
        rule=rule,
        labels={t.slug: t.label for t in taxonomy} if taxonomy else {},
        taxonomy_version=taxonomy.version if taxonomy else None,
        questions=_question_prompts(),
        filters=filters,
    )


def _taxonomy():
    from voc.themes.taxonomy import load_taxonomy

    return load_taxonomy(state.themes_path)


def _question_prompts() -> dict[str, str]:
    """Debrief question key -> prompt, from every guide voc knows (a team's win)."""
    from voc.guides import guide as guides

    prompts: dict[str, str] = {}
    for name in reversed(list(guides.available())):
        try:
            guide = guides.load_guide(name)
        except guides.GuideError:
            continue  # a broken guide is `voc guides`' business, not the digest's
        prompts.update({q.key: q.prompt for q in guide.questions})
        prompts.update({f"{guide.source}:{q.key}": q.prompt for q in guide.questions})
    return prompts


def _write(text: str, out: Path | None, force: bool, preview: bool) -> None:
    import sys

    if out is None:
        if preview and sys.stdout.isatty():
            _preview(text)
        else:
            sys.stdout.write(text)
        return
    from voc.files import open_private

    if out.exists() and not force:
        raise typer.BadParameter(f"{out} exists: add --force to replace it", param_hint="--out")
    with open_private(out, force) as stream:  # quotes are customers' words: owner-only
        stream.write(text)
    error_line(f"wrote {out}")


def _preview(text: str) -> None:
    """The digest rendered for the terminal, through the pager when longer than the screen;
    its tables wrap a cell rather than cut a theme name to "Performa…"."""
    from rich import box
    from rich.markdown import Markdown, TableElement
    from rich.table import Table

    from voc.commands.common import out_console, page

    class WrappingTable(TableElement):
        def __rich_console__(self, console, options):
            for table in super().__rich_console__(console, options):
                if isinstance(table, Table):
                    table.box = box.SIMPLE
                    for column in table.columns:
                        column.overflow = "fold"
                    table.columns[0].min_width = _longest_word(table, 0)
                yield table

    class PreviewMarkdown(Markdown):
        elements: ClassVar = {**Markdown.elements, "table_open": WrappingTable}

    with out_console.capture() as captured:
        out_console.print(PreviewMarkdown(text))
    page(captured.get())


def _longest_word(table, index: int, most: int = 24) -> int:
    """The first column (the theme) is as wide as its longest word, up to `most`."""
    cells = [str(cell) for cell in table.columns[index].cells]
    return min(most, max((len(w) for c in cells for w in c.split()), default=1))


@app.command()
def digest(
    week: Annotated[str | None, typer.Option(help="ISO week: 2026-W47.")] = None,
    month: Annotated[str | None, typer.Option(help="Calendar month: 2026-11.")] = None,
    since: Annotated[str | None, typer.Option(help="First day (with --until: any span).")] = None,
    until: Annotated[str | None, typer.Option(help="Last day, included (default today).")] = None,
    source: Source = None,
    customer: Customer = None,
    account: Account = None,
    tag: Tag = None,
    theme: Theme = None,
    stance: Stance = None,
    template: Annotated[
        str,
        typer.Option(
            "--template",
            "-T",
            help="Built-in name (weekly, brief) or a path.",
            autocompletion=complete_templates,
        ),
    ] = "weekly",
    list_templates: Annotated[
        bool, typer.Option("--list-templates", help="Show the templates and exit.")
    ] = False,
    fmt: Annotated[DigestFormat, typer.Option("--format", "-f")] = DigestFormat.md,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the --out file.")] = False,
    preview: Annotated[
        bool,
        typer.Option(
            "--preview", help="On a terminal, show it rendered; HTML: open it in your browser."
        ),
    ] = False,
    top: Annotated[int, typer.Option(min=1, help="Top themes to show.")] = 8,
    quotes: Annotated[int, typer.Option(min=0, help="Quotes per theme.")] = 3,
    min_notes: Annotated[int, typer.Option(min=1, help="Rising: at least this many notes.")] = 3,
    min_reach: Annotated[
        int, typer.Option(min=1, help="Rising: from at least this many customers.")
    ] = 2,
    min_z: Annotated[float, typer.Option(help="Rising: z-score over the baseline.")] = 2.0,
) -> None:
    """Write the voice-of-customer digest for a period, as markdown (or json, or HTML).

    Example: voc digest --week 2026-W47 --out digests/2026-W47.md
    """
    if list_templates:
        _print_templates()
        return
    from voc.digest.build import tagged_digest
    from voc.digest.trends import Thresholds

    if preview and out is not None:
        raise typer.BadParameter("--preview shows the digest here; --out writes it: give one")
    _check_template(template)
    period = _period(week, month, since, until)
    filters, note_filter = _filters(source, customer, account, tag, theme, stance)
    rule = Thresholds(min_notes=min_notes, min_reach=min_reach, min_z=min_z)
    options = _digest_options(note_filter, filters, period, top, quotes, rule)
    with open_store() as store:
        data = tagged_digest(store, options, _tag)
    if preview and fmt == DigestFormat.html:
        _preview_html(_format(data, fmt, template), out, force, period.label)
        return
    _write(_format(data, fmt, template), out, force, preview)


def _tag(store: "Store") -> str:
    """Tag what is stale; the version the notes now carry (as `refresh` computes it)."""
    from voc.config import load_config, sentiment_model
    from voc.nlp.version import pipeline_version
    from voc.themes.taxonomy import load_taxonomy

    ensure_tagged(store)
    config = load_config()
    model = state.model or config.get("model") or None
    version = load_taxonomy(state.themes_path).version
    return pipeline_version(version, model, sentiment_model=sentiment_model(config))


def _period(week: str | None, month: str | None, since: str | None, until: str | None):
    from voc.dates import parse_day
    from voc.periods import choose

    return choose(
        week_label=week,
        month_label=month,
        since=parse_day(since) if since else None,
        until=parse_day(until) if until else None,
    )


def _filters(source, customer, account, tag, theme, stance):
    """The filters as the footer shows them (only those given), and as a NoteFilter: the
    checks and the meaning of `voc list`'s (`--as` without `--theme`: of any theme)."""
    from voc.commands.options import checked_sources, checked_themes
    from voc.notes.choices import check_choice
    from voc.notes.queries import NoteFilter
    from voc.themes.taxonomy import STANCES

    given = {
        "source": sorted(checked_sources(source)),
        "customer": customer,
        "account": account,
        "tag": sorted(t.lower() for t in tag or []),
        "theme": sorted(checked_themes(theme)),
        "as": check_choice(stance, STANCES, "stance") if stance else None,
    }
    note_filter = NoteFilter(
        sources=given["source"],
        customer=customer,
        account=account,
        tags=given["tag"],
        themes=given["theme"],
        stance=given["as"],
    )
    return {k: v for k, v in given.items() if v}, note_filter


def _check_template(template: str) -> None:
    """A mistyped template name is refused before any work, with a suggestion."""
    from voc.digest.render import SUFFIX, available, is_path
    from voc.notes.choices import check_choice

    if not is_path(template):
        check_choice(
            template.removesuffix(SUFFIX),
            available(),
            "template",
            listed_by="voc templates list",
            fold_case=False,
        )


def _format(data: dict, fmt: DigestFormat, template: str) -> str:
    if fmt == DigestFormat.json:
        import json

        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == DigestFormat.html:
        from voc.digest.render import render_html

        return render_html(data, template)
    from voc.digest.render import render

    return render(data, template)


def _preview_html(text: str, out: Path | None, force: bool, label: str) -> None:
    """Write the page (to --out, else a private file in voc's cache folder) and open it in
    the user's browser as a file: no server, nothing listening."""
    import re
    import webbrowser

    from voc.paths import cache_dir

    if out is None:
        out = cache_dir() / "previews" / f"digest-{re.sub(r'[^A-Za-z0-9-]+', '_', label)}.html"
        out.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        force = True  # the previous preview of the same period: ours to replace
    _write(text, out, force, preview=False)
    if not webbrowser.open(out.resolve().as_uri()):
        error_line(f"no browser found: open {out} yourself")
        raise typer.Exit(1)


def _print_templates() -> None:
    import sys

    from voc.digest.render import available

    for name, where in available().items():
        sys.stdout.write(f"{name}\t{where}\n")
