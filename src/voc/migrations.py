"""The schema, as an append-only list of migrations. Never edit one that has shipped:
add a new one at the end. `PRAGMA user_version` mirrors how many have been applied, so
opening an up-to-date database costs one pragma and never imports sqlite-utils.
"""

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("voc")


@migrations()
def m001_notes(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL,
            title TEXT,
            source TEXT NOT NULL,
            customer TEXT,
            account TEXT,
            author TEXT,
            occurred_at TEXT NOT NULL,
            captured_at TEXT NOT NULL,
            quotable INTEGER NOT NULL DEFAULT 1,
            origin TEXT NOT NULL,
            dedupe_key TEXT UNIQUE,
            tags TEXT NOT NULL DEFAULT '[]',
            untags TEXT NOT NULL DEFAULT '[]',
            attachments TEXT NOT NULL DEFAULT '[]',
            contact_hash TEXT,
            session_id TEXT,
            question_key TEXT,
            tagged_with TEXT,
            sentiment REAL,
            sentiment_label TEXT
        );
        CREATE INDEX notes_occurred_at ON notes (occurred_at);
        CREATE INDEX notes_customer ON notes (customer);
        CREATE INDEX notes_account ON notes (account);
        CREATE INDEX notes_source_occurred ON notes (source, occurred_at);
        CREATE INDEX notes_tagged_with ON notes (tagged_with);
        CREATE INDEX notes_contact_hash ON notes (contact_hash);
        CREATE INDEX notes_session ON notes (session_id);
        """
    )
    db["notes"].enable_fts(["title", "text"], create_triggers=True)


@migrations()
def m002_themes_signals(db: Database) -> None:
    # Theme and signal rows carry the note's date so that counting a period reads an
    # index on (occurred_at, theme) alone, and picking quotes reads (theme, occurred_at).
    db.executescript(
        """
        CREATE TABLE note_themes (
            note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
            theme TEXT NOT NULL,
            occurred_at TEXT NOT NULL,
            manual INTEGER NOT NULL DEFAULT 0,
            pattern TEXT,
            evidence TEXT,
            sentence TEXT,
            start INTEGER,
            "end" INTEGER,
            sentiment REAL,
            PRIMARY KEY (note_id, theme)
        );
        CREATE INDEX note_themes_period ON note_themes (occurred_at, theme);
        CREATE INDEX note_themes_theme ON note_themes (theme, occurred_at, note_id);
        CREATE TABLE note_signals (
            note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
            signal TEXT NOT NULL,
            occurred_at TEXT NOT NULL,
            evidence TEXT,
            sentence TEXT,
            start INTEGER,
            "end" INTEGER,
            PRIMARY KEY (note_id, signal)
        );
        CREATE INDEX note_signals_period ON note_signals (occurred_at, signal);
        CREATE INDEX note_signals_signal ON note_signals (signal, occurred_at, note_id);
        CREATE TABLE erasures (
            id INTEGER PRIMARY KEY,
            selector TEXT NOT NULL,
            erased_at TEXT NOT NULL,
            notes INTEGER NOT NULL,
            rows INTEGER NOT NULL
        );
        """
    )


@migrations()
def m003_note_terms(db: Database) -> None:
    # Lemma n-grams that no theme covers, written at tag time, so `voc themes suggest` and
    # the digest's rising terms count them without spaCy. One row per (note, term).
    db.executescript(
        """
        CREATE TABLE note_terms (
            note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
            term TEXT NOT NULL,
            occurred_at TEXT NOT NULL,
            PRIMARY KEY (note_id, term)
        );
        CREATE INDEX note_terms_period ON note_terms (occurred_at, term);
        """
    )


@migrations()
def m004_views_retention(db: Database) -> None:
    # Readable views for Datasette and sqlite-utils (documented in the README), and the
    # moment `voc retain` replaced a note's text: such a note keeps the themes it had.
    db.executescript(
        """
        ALTER TABLE notes ADD COLUMN retained_at TEXT;
        CREATE VIEW note_overview AS
        SELECT n.id, n.uid, n.occurred_at, n.source, n.customer, n.account, n.author,
            n.sentiment_label, n.sentiment,
            (SELECT group_concat(theme, ', ') FROM
                (SELECT theme FROM note_themes WHERE note_id = n.id ORDER BY theme)) AS themes,
            (SELECT group_concat(signal, ', ') FROM
                (SELECT signal FROM note_signals WHERE note_id = n.id ORDER BY signal)) AS signals,
            n.tags, n.quotable, n.session_id, n.question_key, n.title, n.text
        FROM notes n;
        CREATE VIEW theme_mentions AS
        SELECT t.note_id, t.theme, t.manual, t.evidence, t.sentence,
            t.sentiment AS sentence_sentiment, n.occurred_at, n.source, n.customer, n.account,
            n.sentiment_label, n.quotable, n.text
        FROM note_themes t JOIN notes n ON n.id = t.note_id;
        CREATE VIEW signal_mentions AS
        SELECT s.note_id, s.signal, s.evidence, s.sentence, n.occurred_at, n.source,
            n.customer, n.account, n.sentiment_label, n.quotable, n.text
        FROM note_signals s JOIN notes n ON n.id = s.note_id;
        CREATE VIEW theme_weeks AS
        SELECT date(occurred_at, 'weekday 0', '-6 days') AS week_of, theme,
            count(*) AS notes
        FROM note_themes GROUP BY week_of, theme;
        CREATE VIEW guide_answers AS
        SELECT session_id, question_key, title AS question, occurred_at, source, author,
            customer, account, id AS note_id, text
        FROM notes WHERE session_id IS NOT NULL;
        """
    )


@migrations()
def m005_fts_update_on_text(db: Database) -> None:
    # Tagging updates every note's sentiment and tagged_with; re-indexing its full text
    # each time cost about a tenth of tagging throughput. Only title and text feed FTS.
    db.executescript(
        """
        DROP TRIGGER notes_au;
        CREATE TRIGGER notes_au AFTER UPDATE OF title, text ON notes BEGIN
          INSERT INTO notes_fts (notes_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
          INSERT INTO notes_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        """
    )


@migrations()
def m006_note_terms_by_term(db: Database) -> None:
    # The digest's baseline counts a few hundred loud terms over four earlier periods:
    # by term first, that is a few small range reads instead of every term of a month.
    db.execute("CREATE INDEX note_terms_term ON note_terms (term, occurred_at, note_id)")


def latest_version() -> int:
    return len(migrations._migrations)


def apply(db: Database) -> None:
    """Apply what is pending and record the count in `user_version`, in one write lock:
    two processes opening a new database at once must not both create the tables."""
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        migrations.apply(db)
        db.conn.execute(f"PRAGMA user_version = {latest_version()}")
        db.conn.execute("COMMIT")
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
