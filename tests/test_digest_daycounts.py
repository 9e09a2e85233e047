"""The digest's day tables (m007) stay equal to a recount of the raw rows through every
way notes and their tags change, and the migration fills them on an existing database."""

from pathlib import Path

from voc.digest import daycounts
from voc.digest.data import Scope, _raw_theme_counts, _summed_theme_counts
from voc.notes.engine import sqlite3
from voc.notes.store import Store
from voc.periods import days, parse_week

MIGRATIONS = ("m007_day_counts", "m008_note_terms_phrases")
NOTES = [
    ("The invoice was wrong and billing charged us twice.", "support", "Ana", "Acme"),
    ("Acme's competitor Globex is cheaper; pricing is too high for us.", "sales", "Lee", "Beta"),
    ("Love the new dashboard, it is fast and easy to use.", "interview", "Kim", "Gamma"),
    ("The app keeps crashing when I export a report.", "support", "Ana", "Acme"),
    ("Please add an integration with Slack.", "email", "Bo", "Delta"),
]


def exact(db_file: Path) -> dict[str, set[tuple]]:
    """The stored day tables, after checking they equal a recount (and hold something)."""
    with Store.open(db_file) as store:
        found, expected = daycounts.stored(store.conn), daycounts.recount(store.conn)
    assert found == expected
    return found


def capture_all(voc) -> list[int]:
    ids = []
    for i, (text, source, customer, account) in enumerate(NOTES):
        date = f"2026-11-{16 + i}"
        args = ("capture", text, "-s", source, "-c", customer, "-a", account, "-d", date)
        ids.append(int(voc(*args).stdout))
    return ids


def test_day_tables_stay_exact_through_every_change(voc, db_file):
    ids = capture_all(voc)
    assert sum(n for _, _, n in exact(db_file)["source_days"]) == len(NOTES)
    voc("retag")  # tag
    tagged = exact(db_file)
    assert tagged["theme_days"] and tagged["signal_days"]
    voc("tag", str(ids[0]), "--add", "competitor/acme", "--add", "competitor", "--new")
    voc("tag", str(ids[1]), "--remove", "pricing")
    assert exact(db_file) != tagged
    voc("edit", str(ids[2]), "--date", "2026-10-02", "--source", "sales")
    exact(db_file)
    voc("retag")  # retag moves the edited note's rows to its new day
    days_of = {day for day, _, _ in exact(db_file)["theme_days"]}
    assert "2026-10-02" in days_of
    voc("delete", str(ids[3]), "--yes")
    exact(db_file)
    voc("forget", "--customer", "Ana", "--yes")
    exact(db_file)
    voc("retain", "--older-than", "1d", "--yes")
    assert exact(db_file)["source_days"]


def test_a_parent_and_its_child_count_one_note_in_the_family(voc, db_file):
    note = int(voc("capture", "Globex is cheaper.", "-d", "2026-11-18", "-t", "competitor").stdout)
    voc("tag", str(note), "--add", "competitor/globex", "--new")
    voc("retag")
    found = exact(db_file)
    assert ("2026-11-18", "competitor", 1) in found["family_extra_days"]  # 2 rows, 1 note
    with Store.open(db_file) as store:
        # Re-dating one row at a time (a user's SQL) keeps the family exact at each step.
        for theme in ("competitor", "competitor/globex"):
            store.conn.execute(
                "UPDATE note_themes SET occurred_at = '2026-11-19T09:00:00Z' "
                "WHERE note_id = ? AND theme = ?",
                (note, theme),
            )
            assert daycounts.stored(store.conn) == daycounts.recount(store.conn)
    assert ("2026-11-19", "competitor", 1) in exact(db_file)["family_extra_days"]


def test_summed_trend_counts_equal_the_raw_ones(voc, db_file):
    capture_all(voc)
    note = int(voc("capture", "Initech again.", "-d", "2026-11-20", "-t", "competitor").stdout)
    voc("tag", str(note), "--add", "competitor/initech", "--new")
    voc("retag")
    with Store.open(db_file) as store:
        for period in (parse_week("2026-W47"), days(*_dates("2026-11-18", "2026-11-30"))):
            raw = _raw_theme_counts(store.conn, period, Scope())
            assert raw and _summed_theme_counts(store.conn, period, Scope()) == raw


def _dates(first: str, last: str):
    from datetime import date

    return date.fromisoformat(first), date.fromisoformat(last)


def test_the_migration_fills_the_tables_of_an_existing_database(voc, db_file):
    capture_all(voc)
    voc("retag")
    before = exact(db_file)
    _as_schema_6(db_file)
    assert exact(db_file) == before  # opening it migrated and backfilled
    with sqlite3.connect(db_file) as conn:
        found = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        indexes = {r[0] for r in found}
    assert "note_terms_phrases" in indexes
    assert not {"note_terms_period", "note_signals_period"} & indexes


def _as_schema_6(db_file: Path) -> None:
    """The file as voc left it before m007: no day tables, no triggers on the raw ones,
    note_signals and every note_terms row indexed by date."""
    conn = sqlite3.connect(db_file, isolation_level=None)
    for table in daycounts.TABLES:
        conn.execute(f"DROP TABLE {table}")
    names = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_days_%'"
    ).fetchall()
    for (name,) in names:
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("CREATE INDEX note_signals_period ON note_signals (occurred_at, signal)")
    conn.execute("CREATE INDEX note_terms_period ON note_terms (occurred_at, term)")
    conn.execute("DROP INDEX note_terms_phrases")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name IN (?, ?)", MIGRATIONS)
    conn.execute("PRAGMA user_version = 6")
    conn.close()
