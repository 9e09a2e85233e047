"""The SQL views that make the file readable in Datasette or sqlite-utils."""

from voc.notes.engine import sqlite3
from voc.notes.store import Store


def _seed(db_file) -> None:
    with Store.open(db_file) as store:
        conn = store.conn
        conn.execute(
            "INSERT INTO notes (uid, text, source, occurred_at, captured_at, origin, account, "
            "session_id, question_key, title) VALUES "
            "('u1', 'Invoices are confusing', 'support', '2026-11-18T12:00:00Z', "
            "'2026-11-18T12:00:00Z', 'capture', 'Acme', 's1', 'concerns', 'Concerns?')"
        )
        conn.executemany(
            "INSERT INTO note_themes (note_id, theme, occurred_at, evidence) VALUES (1, ?, ?, ?)",
            [
                ("usability", "2026-11-18T12:00:00Z", "confusing"),
                ("billing", "2026-11-18T12:00:00Z", "Invoices"),
            ],
        )
        conn.execute(
            "INSERT INTO note_signals (note_id, signal, occurred_at, evidence) "
            "VALUES (1, 'pain', '2026-11-18T12:00:00Z', 'confusing')"
        )


def test_views_join_notes_with_their_themes_and_signals(db_file):
    _seed(db_file)
    conn = sqlite3.connect(db_file)
    overview = conn.execute("SELECT id, account, themes, signals FROM note_overview").fetchall()
    assert overview == [(1, "Acme", "billing, usability", "pain")]
    mentions = conn.execute(
        "SELECT theme, evidence, account FROM theme_mentions ORDER BY theme"
    ).fetchall()
    assert mentions == [("billing", "Invoices", "Acme"), ("usability", "confusing", "Acme")]
    signals = conn.execute("SELECT signal, evidence, source FROM signal_mentions").fetchall()
    assert signals == [("pain", "confusing", "support")]
    # 2026-11-18 is a Wednesday: its week starts on Monday the 16th.
    weeks = conn.execute("SELECT week_of, theme, notes FROM theme_weeks ORDER BY theme").fetchall()
    assert weeks == [("2026-11-16", "billing", 1), ("2026-11-16", "usability", 1)]
    answers = conn.execute("SELECT session_id, question_key, question FROM guide_answers")
    assert answers.fetchall() == [("s1", "concerns", "Concerns?")]
    conn.close()


def test_a_sunday_belongs_to_the_week_that_started_on_monday(db_file):
    _seed(db_file)
    with Store.open(db_file) as store:
        store.conn.execute("UPDATE note_themes SET occurred_at = '2026-11-22T23:00:00Z'")
        weeks = {r[0] for r in store.conn.execute("SELECT week_of FROM theme_weeks")}
    assert weeks == {"2026-11-16"}
