"""The digest counts what notes say of each theme apart (issues, requests, praise, mere
mentions), through the real tagger and CLI: in the JSON, the markdown table, the HTML
table and the trend charts' layers, kept day tallies and raw rows alike."""

import json

from test_digest_cli import COMPETITORS as THEMES  # pricing and two named competitors

from voc.digest import daycache
from voc.digest.data import Scope
from voc.digest.figures import Figures, read_tallies
from voc.notes.engine import sqlite3
from voc.notes.store import Store
from voc.periods import parse_week

NOTES = [  # text, day; the stances the tagger gives are checked below
    ("I love Acme, it is great. Globex is broken and useless.", "2026-11-17"),
    ("Acme keeps crashing and it is terrible.", "2026-11-17"),
    ("Globex is wonderful, we love it.", "2026-11-18"),
    ("Please add an import from Acme.", "2026-11-18"),
    ("We talked about Globex in the meeting.", "2026-11-10"),
]
WEEK = ("digest", "--week", "2026-W47")


def fill(voc, tmp_path) -> tuple:
    themes = tmp_path / "themes.toml"
    themes.write_text(THEMES, encoding="utf-8")
    for i, (text, day) in enumerate(NOTES):
        voc("--themes", str(themes), "capture", text, "-d", day, "-c", f"customer {i}")
    voc("--themes", str(themes), "retag")  # tagging keeps the days it wrote tallied
    return ("--themes", str(themes))


def digest_json(voc, given: tuple, *more: str) -> dict:
    return json.loads(voc(*given, *WEEK, *more, "--format", "json").stdout)


def by_slug(data: dict) -> dict[str, dict]:
    found = {}
    for theme in data["themes"]:
        found[theme["slug"]] = theme
        found.update({child["slug"]: child for child in theme["children"]})
    return found


def test_each_theme_counts_its_notes_per_stance(voc, tmp_path):
    given = fill(voc, tmp_path)
    themes = by_slug(digest_json(voc, given))
    acme, globex = themes["competitor/acme"], themes["competitor/globex"]
    assert acme["stances"] == {"issue": 1, "request": 1, "praise": 1, "mention": 0}
    assert globex["stances"] == {"issue": 1, "request": 0, "praise": 1, "mention": 0}
    # The family counts each note once, as its strongest word there: note 1 praises Acme
    # and calls Globex broken, so it is one issue, not an issue and a praise.
    family = themes["competitor"]
    assert family["notes"] == 4
    assert family["stances"] == {"issue": 2, "request": 1, "praise": 1, "mention": 0}
    for theme in themes.values():  # the layers add up to the trend line
        split = theme["trend_by_stance"]
        assert list(split) == ["issue", "request", "praise", "mention"]
        assert [sum(column) for column in zip(*split.values(), strict=True)] == theme["trend"]
    assert family["trend_by_stance"]["mention"][-2:] == [1, 0]  # W46: the meeting


def test_the_tables_show_issues_and_praise(voc, tmp_path):
    given = fill(voc, tmp_path)
    markdown = voc(*given, *WEEK).stdout
    assert "| Theme | Notes | Issues | Praise | Customers |" in markdown
    assert "| **Competitors** | 4 | 2 | 1 | 4 |" in markdown
    assert "| ↳ Acme | 3 | 1 | 1 | 3 |" in markdown
    html = voc(*given, *WEEK, "--format", "html").stdout
    assert '<th align="right" style="padding:6px 8px;' in html and ">Issues</th>" in html
    # The family's chart: one layer a stance heard, named in its description.
    assert "issues: 2026-W40 0," in html and "requests: " in html and "mentions: " in html


def test_kept_tallies_and_raw_rows_split_alike_and_a_new_stance_drops_its_day(
    voc, tmp_path, db_file
):
    fill(voc, tmp_path)
    week = parse_week("2026-W47")
    with Store.open(db_file) as store:
        kept = Figures.of(daycache.period_tallies(store.conn, week))
        raw = Figures.of(read_tallies(store.conn, week, Scope()))
        assert kept.stances == raw.stances and kept.stances["competitor"]["issue"] == 2
    with sqlite3.connect(db_file) as conn:
        conn.execute("UPDATE note_themes SET stance = 'praise' WHERE note_id = 2")
        kept_days = {r[0] for r in conn.execute("SELECT DISTINCT day FROM digest_days")}
    assert "2026-11-17" not in kept_days and "2026-11-18" in kept_days
    with Store.open(db_file) as store:
        kept = Figures.of(daycache.period_tallies(store.conn, week))
        assert kept.stances["competitor/acme"]["praise"] == 2
        assert kept.stances == Figures.of(read_tallies(store.conn, week, Scope())).stances


def test_tallies_kept_before_stances_are_dropped_and_tallied_again(voc, tmp_path, db_file):
    given = fill(voc, tmp_path)
    with sqlite3.connect(db_file) as conn:  # as a file kept by a voc without stances
        conn.executescript(
            """DELETE FROM digest_days WHERE kind IN ('stance', 'stance_extra');
            DELETE FROM _sqlite_migrations WHERE name LIKE 'm015%';
            PRAGMA user_version = 14;"""
        )
        kept = {r[0] for r in conn.execute("SELECT DISTINCT day FROM digest_days")}
    assert kept == {"2026-11-10", "2026-11-17", "2026-11-18"}
    with Store.open(db_file):  # the upgrade: the old tallies go, their days are touched
        pass
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("SELECT count(*) FROM digest_days").fetchone()[0] == 0
        touched = {r[0] for r in conn.execute("SELECT day FROM digest_touched")}
    assert touched == kept
    after = by_slug(digest_json(voc, given))
    assert after["competitor"]["stances"] == {"issue": 2, "request": 1, "praise": 1, "mention": 0}


def test_digest_as_narrows_a_theme_to_what_notes_say_of_it(voc, tmp_path):
    given = fill(voc, tmp_path)
    issues = digest_json(voc, given, "--theme", "competitor", "--as", "issue")
    assert issues["totals"]["notes"] == 2  # note 1 (Globex broken) and note 2 (Acme crashing)
    assert issues["method"]["filters"] == {"theme": ["competitor"], "as": "issue"}
    themes = by_slug(issues)
    assert themes["competitor"]["stances"] == {"issue": 2, "request": 0, "praise": 0, "mention": 0}
    quoted = {q["note_id"] for t in issues["themes"] for q in t["quotes"]}
    assert quoted <= {1, 2}
    for theme in themes.values():  # the filtered digest's split comes from raw rows
        split = theme["trend_by_stance"]
        assert [sum(column) for column in zip(*split.values(), strict=True)] == theme["trend"]
    praise = digest_json(voc, given, "--theme", "competitor/acme", "--as", "Praise")
    assert praise["totals"]["notes"] == 1 and praise["method"]["filters"]["as"] == "praise"
    every = digest_json(voc, given, "--theme", "competitor")
    assert every["totals"]["notes"] == 4  # no --as: any stance
    requests = digest_json(voc, given, "--as", "request")  # without --theme: of any theme
    assert requests["totals"]["notes"] == 1
    footer = voc(*given, *WEEK, "--theme", "competitor", "--as", "issue").stdout
    assert "filters: theme = competitor; as = issue." in footer


def test_digest_as_refuses_an_unknown_stance(voc):
    result = voc(*WEEK, "--theme", "billing", "--as", "angry", code=2)
    assert "'angry'" in result.stderr  # the same check and message as `voc list --as`
    assert "issue, request, praise, mention" in result.stderr
    assert result.stdout == ""
