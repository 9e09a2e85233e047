"""`voc themes init|list|show|suggest`: the taxonomy and what it finds in the notes."""

from pathlib import Path
from typing import Annotated

import typer

from voc.commands import codebook
from voc.commands.common import (
    DataFormat,
    ensure_tagged,
    err_console,
    open_store,
    out_console,
    print_json,
    printable,
    state,
)
from voc.commands.options import (
    Account,
    Customer,
    DataFormatOption,
    Force,
    Sentiment,
    Signal,
    Since,
    Source,
    Tag,
    Theme,
    Until,
    complete_themes,
)

app = typer.Typer(no_args_is_help=True)


@app.command()
def init(
    path: Annotated[
        Path | None, typer.Argument(help="Where to write it (default: the config folder).")
    ] = None,
    force: Force = False,
) -> None:
    """Write the built-in taxonomy to a file you can edit.

    Example: voc themes init && $EDITOR ~/.config/voc/themes.toml
    """
    from voc.paths import config_dir
    from voc.themes.taxonomy import write_builtin

    target = write_builtin(path or config_dir() / "themes.toml", force=force)
    err_console.print(
        f"wrote {target}: edit it; voc re-tags notes on its next run", highlight=False
    )
    print(target)


@app.command("list")
def list_themes(
    check: Annotated[
        bool, typer.Option("--check", help="Also report patterns that can never match.")
    ] = False,
    fmt: DataFormatOption = DataFormat.text,
) -> None:
    """List the themes with how many notes each has.

    Example: voc themes list --check
    """
    from voc.themes.stats import theme_counts
    from voc.themes.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(state.themes_path)
    with open_store() as store:
        ensure_tagged(store)
        counts = theme_counts(store, taxonomy)
    problems = _check(taxonomy) if check else []
    if fmt == DataFormat.json:
        print_json({"themes": [c.__dict__ for c in counts], "problems": problems})
    else:
        _print_counts(counts, taxonomy.source_name)
        for problem in problems:
            err_console.print(f"problem: {problem}", highlight=False, markup=False)
        if check and not problems:
            patterns = sum(len(t.patterns) + len(t.token_patterns) for t in taxonomy)
            err_console.print(
                f"taxonomy ok: {len(taxonomy)} themes, {patterns} patterns", highlight=False
            )
    if problems:
        raise typer.Exit(1)


def _check(taxonomy) -> list[str]:
    from voc.nlp.check import check_taxonomy
    from voc.nlp.pipeline import build_pipeline

    return check_taxonomy(build_pipeline(taxonomy.path, state.model), taxonomy)


def _print_counts(counts, source: str) -> None:
    from rich.table import Table

    table = Table(title=source, title_justify="left")
    table.add_column("theme")
    table.add_column("label")
    table.add_column("notes", justify="right")
    table.add_column("by hand", justify="right")
    for count in counts:
        table.add_row(count.slug, count.label, str(count.notes), str(count.manual))
    out_console.print(table, highlight=False)


@app.command("eval")
def evaluate(
    candidate: Annotated[
        Path | None,
        typer.Option(
            "--candidate",
            help="A taxonomy file to score beside the one in force, before keeping it.",
        ),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=0, help="Notes per list (missed, over-tagged).")
    ] = 10,
    fmt: DataFormatOption = DataFormat.text,
) -> None:
    """Score the automatic themes against your hand tags: precision, recall, F1.

    Judged are the notes with a hand tag (voc tag ID --add SLUG, voc capture -t SLUG) that
    is a theme; a note with no hand tag is not judged. A parent matches its children. The
    notes are tagged in memory: nothing is written. With --candidate, both taxonomies are
    scored side by side and the lists are the candidate's. Exits 1 when nothing is judged.

    Example: voc themes eval --candidate team-themes.toml
    """
    from voc.config import load_config
    from voc.tagging.evaluate import JUDGED_RULE, evaluate_taxonomies

    model = state.model or load_config().get("model") or None
    with open_store() as store:
        result = evaluate_taxonomies(
            store, state.themes_path, candidate_path=candidate, model=model, limit=limit
        )
    if not result.judged:
        err_console.print(
            "nothing to judge: no note has a hand tag that is a theme of the taxonomy "
            "(tag some with voc tag ID --add SLUG)",
            highlight=False,
            markup=False,
        )
        raise typer.Exit(1)
    if fmt == DataFormat.json:
        print_json(result.to_dict())
        return
    err_console.print(JUDGED_RULE, highlight=False, markup=False)
    print(printable("\n".join(_score_lines(result))))


def _score_lines(result) -> list[str]:
    """The scores table (current and candidate side by side), then the lists."""
    runs = [result.current] + ([result.candidate] if result.candidate else [])
    rows = _score_rows(runs)
    width = max(len("theme"), *(len(slug) for slug in rows))
    cells = "  ".join(f"{'P':>5} {'R':>5} {'F1':>5} {'TP':>4} {'FP':>4} {'FN':>4}" for _ in runs)
    lines = []
    if result.candidate:
        heads = [_heading("current", result.current), _heading("candidate", result.candidate)]
        lines.append(" " * width + "  " + "  ".join(f"{h:<{BLOCK}}" for h in heads).rstrip())
    lines.append(f"{'theme':<{width}}  {cells}")
    for slug, scores in rows.items():
        lines.append(f"{slug:<{width}}  " + "  ".join(_score_cells(s) for s in scores).rstrip())
    shown = runs[-1]
    if result.candidate:
        judged = f"{result.current.judged} (current), {result.candidate.judged} (candidate)"
    else:
        judged = str(result.current.judged)
    lines.append(f"judged notes: {judged}")
    if shown.not_scored:
        lines.append(f"hand tags that are no theme (not scored): {', '.join(shown.not_scored)}")
    whose = " by the candidate" if result.candidate else ""
    for title, listed in (
        (f"missed{whose} (tagged by hand, not found)", shown.missed),
        (f"over-tagged{whose} (found, not tagged by hand)", shown.over_tagged),
    ):
        lines += ["", f"{title}: {listed.total}"]
        lines += [f"  #{n.id} {', '.join(n.themes)}: {n.line}" for n in listed.notes]
        if listed.total > len(listed.notes):
            lines.append(f"  ... {listed.total - len(listed.notes)} more (--limit)")
    return lines


BLOCK = 32  # characters of one taxonomy's score cells


def _heading(label: str, run) -> str:
    """`label: file`, the file's end kept when it is too long for the block."""
    name = run.taxonomy
    room = BLOCK - len(label) - 2
    return f"{label}: {name if len(name) <= room else '…' + name[-(room - 1) :]}"


def _score_rows(runs) -> dict:
    """slug -> its Score in each run (None where that taxonomy lacks it or never met it),
    the first run's themes in its order, then the others', then the micro-average."""
    slugs = list(dict.fromkeys(s.theme for run in runs for s in run.themes))
    by_run = [{s.theme: s for s in run.themes} for run in runs]
    rows = {slug: [scores.get(slug) for scores in by_run] for slug in slugs}
    rows["all (micro)"] = [run.micro for run in runs]
    return rows


def _score_cells(score) -> str:
    if score is None:
        return f"{'-':>5} {'-':>5} {'-':>5} {'-':>4} {'-':>4} {'-':>4}"
    figures = (score.precision, score.recall, score.f1)
    rates = " ".join(f"{'-' if v is None else f'{v:.2f}':>5}" for v in figures)
    counts = (score.true_positives, score.false_positives, score.false_negatives)
    return rates + " " + " ".join(f"{c:>4}" for c in counts)


@app.command()
def show(
    slug: Annotated[
        str, typer.Argument(help="A theme slug, e.g. billing.", autocompletion=complete_themes)
    ],
    limit: Annotated[int, typer.Option("--limit", "-n", help="Evidence snippets.")] = 5,
    fmt: DataFormatOption = DataFormat.text,
) -> None:
    """Show a theme: its patterns, note count and recent evidence.

    Example: voc themes show billing
    """
    from voc.notes.choices import check_choice
    from voc.themes.stats import recent_evidence, theme_counts
    from voc.themes.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(state.themes_path)
    slug = check_choice(slug, taxonomy.themes, "theme", listed_by="voc themes list")
    with open_store() as store:
        ensure_tagged(store)
        count = next(c for c in theme_counts(store, taxonomy) if c.slug == slug)
        evidence = recent_evidence(store, slug, limit)
    theme = taxonomy.themes[slug]
    if fmt == DataFormat.json:
        print_json({**theme.to_dict(), "notes": count.notes, "evidence": evidence})
        return
    out_console.print(
        printable(_describe(theme, count, evidence, taxonomy)), highlight=False, markup=False
    )


def _describe(theme, count, evidence, taxonomy) -> str:
    lines = [
        f"{theme.slug}: {theme.label}",
        theme.description,
        f"notes:    {count.notes} ({count.manual} tagged by hand)",
        f"patterns: {', '.join(theme.patterns) or '-'}",
    ]
    if theme.exclude:
        lines.append(f"exclude:  {', '.join(theme.exclude)}")
    children = taxonomy.children(theme.slug)
    if children:
        lines.append(f"children: {', '.join(c.slug for c in children)}")
    lines += ["", "recent evidence:" if evidence else "no evidence yet"]
    lines += [
        f'  #{row["note_id"]} {row["occurred_at"][:10]} "{row["pattern"]}": {row["sentence"]}'
        for row in evidence
    ]
    return "\n".join(line for line in lines if line is not None)


@app.command()
def suggest(
    since: Since = None,
    until: Until = None,
    source: Source = None,
    customer: Customer = None,
    account: Account = None,
    tag: Tag = None,
    theme: Theme = None,
    sentiment: Sentiment = None,
    signal: Signal = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many.")] = 20,
    min_notes: Annotated[int, typer.Option("--min-notes", help="Seen in at least this many.")] = 2,
    fmt: DataFormatOption = DataFormat.text,
) -> None:
    """Suggest new themes: phrases and names no theme matches, the most unusual first;
    then the names customers compare you with, as possible competitors.

    Terms are ranked by how rare they are in general English against how many notes use
    them, so "bank connection" comes before "client" or "week". Possible competitors are
    the capitalised names after "switching to", "left for", "moved to", "compared to",
    "better than" or "cheaper than" that no competitor theme counts yet. Filters as in
    voc list.

    Example: voc themes suggest --since "30 days ago" --until yesterday -s support
    """
    from voc.notes.queries import NoteFilter
    from voc.themes.competitors import suggest_competitors
    from voc.themes.stats import suggest_terms
    from voc.themes.taxonomy import load_taxonomy

    note_filter = NoteFilter.from_options(
        since=since,
        until=until,
        sources=[s.lower() for s in source or []],
        customer=customer,
        account=account,
        tags=tag or [],
        themes=[t.lower() for t in theme or []],
        sentiment=sentiment,
        signals=signal or [],
    )
    taxonomy = load_taxonomy(state.themes_path)
    with open_store() as store:
        ensure_tagged(store)
        terms = suggest_terms(store, note_filter, min_notes=min_notes, limit=limit)
        rivals = suggest_competitors(store, taxonomy, note_filter, min_notes=min_notes)
    if fmt == DataFormat.json:
        print_json([{**t.__dict__, "kind": "term"} for t in terms] + [r.__dict__ for r in rivals])
        return
    _print_terms(terms)
    _print_competitors(rivals)


def _print_terms(terms) -> None:
    if not terms:
        err_console.print("no uncovered terms in enough notes yet", highlight=False)
        return
    err_console.print(
        "zipf: how common the term is in English (0 unknown, 3 rare, 7 'the'); "
        "the most unusual for its notes first",
        highlight=False,
    )
    print(f"{'notes':>6}  {'zipf':>4}  term")
    for term in terms:
        print(printable(f"{term.notes:6d}  {term.zipf:4.1f}  {term.term}"))


def _print_competitors(rivals) -> None:
    """A block of its own: names customers compare you with, and the theme to add."""
    if not rivals:
        return
    width = max(len(r.term) for r in rivals)
    print(f"\npossible competitors: {', '.join(f'{r.term} ({r.notes})' for r in rivals)}")
    print(f"{'notes':>6}  {'name':<{width}}  theme to add")
    for rival in rivals:
        print(printable(f'{rival.notes:6d}  {rival.term:<{width}}  [themes."{rival.theme}"]'))
    first = rivals[0]
    err_console.print(
        f"to count one, add it to your themes file (voc themes init writes one): "
        f'[themes."{first.theme}"] label = "{first.term}" patterns = ["{first.term.lower()}"]',
        highlight=False,
        markup=False,
    )


app.add_typer(codebook.app)  # voc themes export|import: the taxonomy as a codebook
