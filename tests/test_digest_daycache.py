"""The digest's kept day tallies (m010) give the figures the raw rows give, through every
way notes and their tags change; writes drop exactly the days they touch; reach survives
the merge (one customer on many days is one customer); nothing waits on a busy file and
forgetting a customer drops their name from the tallies too."""

import threading
from datetime import date
from pathlib import Path

from voc.digest import data, daycache
from voc.digest.data import Scope
from voc.digest.figures import Figures, tallies
from voc.notes.engine import sqlite3
from voc.notes.store import Store
from voc.periods import days

NOVEMBER = days(date(2026, 11, 1), date(2026, 11, 30))
NOTES = [  # text, source, customer, account, day
    ("The invoice was wrong and billing charged us twice.", "support", "Ana", "Acme", 16),
    ("Globex is cheaper; pricing is too high for us.", "sales", "Lee", "Beta", 16),
    ("Love the new dashboard, it is fast and easy to use.", "interview", "Kim", "Gamma", 17),
    ("The app keeps crashing when I export a report.", "support", "ana", "ACME", 18),
    ("Please add an integration with Slack.", "email", "Bo", "Delta", 19),
    ("Billing is confusing and support never replied.", "support", "Kim", "Gamma", 20),
]


def capture_all(voc) -> list[int]:
    ids = []
    for text, source, customer, account, day in NOTES:
        args = ("-s", source, "-c", customer, "-a", account, "-d", f"2026-11-{day}")
        ids.append(int(voc("capture", text, *args).stdout))
    return ids


def kept_and_raw(db_file: Path, period=NOVEMBER) -> tuple[Figures, Figures]:
    with Store.open(db_file) as store:
        conn = store.conn
        kept = Figures.of(daycache.period_tallies(conn, period))
        notes = data.load_notes(conn, period, Scope())
        rows = (data.theme_rows(conn, period, notes), data.signal_rows(conn, period, notes))
        return kept, Figures.of(tallies(notes, *rows))


def exact(db_file: Path, period=NOVEMBER) -> Figures:
    kept, raw = kept_and_raw(db_file, period)
    assert kept == raw
    return kept


def kept_days(db_file: Path) -> set[str]:
    with sqlite3.connect(db_file) as conn:
        return {r[0] for r in conn.execute("SELECT DISTINCT day FROM digest_days")}


def test_kept_tallies_equal_the_raw_figures_through_every_change(voc, db_file):
    ids = capture_all(voc)
    voc("retag")
    every = {f"2026-11-{d}" for *_, d in NOTES}
    assert kept_days(db_file) == every  # tagging tallied the days it wrote
    figures = exact(db_file)
    assert figures.totals["notes"] == 6 and figures.totals["customers"] == 4  # Ana = ana
    assert figures.totals["accounts"] == 4 and figures.themes and figures.signals
    steps = [
        (("tag", str(ids[1]), "--add", "competitor/globex", "--new"), {"2026-11-16"}),
        (("edit", str(ids[2]), "--customer", "Noor"), {"2026-11-17"}),
        (("edit", str(ids[4]), "--date", "2026-11-25"), {"2026-11-19", "2026-11-25"}),
        (("delete", str(ids[3]), "--yes"), {"2026-11-18"}),
    ]
    for args, touched in steps:
        before = kept_days(db_file)
        voc(*args)
        assert kept_days(db_file) == before - touched  # the others are kept as they were
        exact(db_file)
        voc("retag")
        exact(db_file)
    assert exact(db_file).contexts["competitor/globex"] == {"pricing": 1}
    voc("forget", "--customer", "Kim", "--yes")
    assert exact(db_file).totals["notes"] == 4  # Kim's other note was re-attributed to Noor
    voc("retain", "--older-than", "1d", "--yes")
    kept = exact(db_file).totals  # retention drops the person, not the note
    # Bo's note, re-dated 2026-11-25, stays named when the suite runs on that day
    assert kept["notes"] == 4 and kept["customers"] <= 1


def test_reach_over_many_days_counts_each_customer_once(voc, db_file):
    capture_all(voc)
    voc("retag")
    figures = exact(db_file)
    assert figures.themes["billing"]["notes"] == 2
    assert figures.themes["billing"]["customers"] == 2  # Ana and Kim, on two days
    by_source = figures.sources["support"]
    assert (by_source["notes"], by_source["customers"], by_source["accounts"]) == (3, 2, 2)
    one_week = exact(db_file, days(date(2026, 11, 16), date(2026, 11, 18)))
    assert one_week.totals == {**one_week.totals, "notes": 4, "customers": 3}


def test_the_digest_reads_the_same_from_kept_days_and_from_raw_rows(voc, db_file):
    capture_all(voc)
    voc("retag")
    period = ("--since", "2026-11-01", "--until", "2026-11-30", "--format", "json")
    kept = voc("digest", *period).stdout
    with sqlite3.connect(db_file) as conn:
        conn.execute("DELETE FROM digest_days")
    anew = voc("digest", *period).stdout
    assert anew == kept and '"customers": 4' in kept
    assert kept_days(db_file)  # the digest kept what it tallied


def test_a_digest_never_waits_for_a_busy_file_to_keep_its_tallies(voc, db_file):
    capture_all(voc)
    voc("retag")
    with sqlite3.connect(db_file) as conn:
        conn.execute("DELETE FROM digest_days")
    writer = sqlite3.connect(db_file, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another program writing, for longer than a moment
    found: list = []
    try:
        thread = threading.Thread(target=lambda: found.append(kept_and_raw(db_file)))
        thread.start()
        thread.join(timeout=10)  # the busy timeout is 30 s: waiting would not end here
        assert found and found[0][0] == found[0][1]
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert not kept_days(db_file)  # nothing kept: the next digest tallies again
    with Store.open(db_file) as store:
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 30_000


def test_forgetting_a_customer_drops_their_name_from_the_tallies(voc, db_file):
    voc("capture", "Pricing is too high.", "-c", "Zebulon Quartz", "-d", "2026-11-16")
    voc("capture", "Billing was wrong.", "-c", "Other Person", "-d", "2026-11-17")
    voc("retag")
    voc("digest", "--since", "2026-11-01", "--until", "2026-11-30")
    with sqlite3.connect(db_file) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM digest_names")}
    assert names >= {"zebulon quartz", "other person"}
    voc("forget", "--customer", "Zebulon Quartz", "--yes")
    raw = db_file.read_bytes() + Path(f"{db_file}-wal").read_bytes()
    assert b"zebulon quartz" not in raw.lower()
    assert b"other person" in raw  # still counted: only the forgotten name went


def test_tagging_tallies_the_days_it_touched_not_a_history_never_tallied(voc, db_file):
    capture_all(voc)
    voc("retag")
    with sqlite3.connect(db_file) as conn:  # as a file kept from before m010 would be
        conn.execute("DELETE FROM digest_days")
        conn.execute("DELETE FROM digest_touched")
    voc("capture", "Billing charged us twice again.", "-c", "Ana", "-d", "2026-11-21")
    voc("list", "--theme", "billing")  # tags the new note
    assert kept_days(db_file) == {"2026-11-21"}
    voc("digest", "--since", "2026-11-01", "--until", "2026-11-30")
    assert kept_days(db_file) == {f"2026-11-{d}" for d in (16, 17, 18, 19, 20, 21)}
    with sqlite3.connect(db_file) as conn:
        assert not conn.execute("SELECT * FROM digest_touched").fetchall()


def test_a_filtered_long_period_read_a_month_at_a_time_counts_as_one_read(voc, db_file):
    from voc.digest.figures import read_tallies
    from voc.notes.queries import NoteFilter

    for i, (text, source, customer, account, day) in enumerate(NOTES):
        month = "10" if i % 2 else "11"  # the same customers in both months
        args = ("-s", source, "-c", customer, "-a", account, "-d", f"2026-{month}-{day}")
        voc("capture", text, *args)
    voc("retag")
    period = days(date(2026, 9, 1), date(2026, 11, 30))  # three 31-day reads
    scope = Scope.of(NoteFilter(sources=["support", "interview"]))
    with Store.open(db_file) as store:
        conn = store.conn
        notes = data.load_notes(conn, period, scope)
        rows = (data.theme_rows(conn, period, notes), data.signal_rows(conn, period, notes))
        whole = Figures.of(tallies(notes, *rows))
        assert Figures.of(read_tallies(conn, period, scope)) == whole
    assert whole.totals["notes"] == 4 and whole.totals["customers"] == 2  # ana, kim


def test_a_changed_sentiment_label_drops_its_day_and_an_unchanged_one_does_not(voc, db_file):
    ids = capture_all(voc)
    voc("retag")
    with sqlite3.connect(db_file) as conn:
        label = "UPDATE notes SET sentiment_label = ? WHERE id = ?"
        conn.execute(label, ("positive", ids[0]))  # it read negative
        conn.execute("UPDATE notes SET sentiment_label = sentiment_label WHERE id = ?", (ids[2],))
    assert kept_days(db_file) == {f"2026-11-{d}" for d in (17, 18, 19, 20)}  # 16: changed
    exact(db_file)
