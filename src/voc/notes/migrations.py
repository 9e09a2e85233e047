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
    # each time slowed tagging for nothing. Only title and text feed FTS.
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


# Per-day counts the digest sums instead of reading every row of its 8 trend periods and
# its comparison period. Triggers keep them exact whoever writes (capture, import,
# tagging, `voc tag`, edit, delete, forget, retention, a user's own SQL). Periods are
# whole UTC days and stored dates are UTC ISO strings: a day is a date's first ten
# characters. A family ("competitor" and its children) counts each note once, so
# family_extra_days holds the theme rows beyond a note's first in its family that day:
# the family's notes are its slugs' rows less those (one cheap look-up per row written).
# A count that falls to zero stays as a zero row: one statement less per deleted row.
# note_signals' (occurred_at, signal) index goes: a period's signal rows are read from
# (signal, occurred_at, note_id) and its counts from signal_days, and every tagged note
# paid for it.
_DAY = "substr({row}.occurred_at, 1, 10)"
_ROOT = "substr({row}.theme, 1, instr({row}.theme || '/', '/') - 1)"


def _plus(table: str, key: str, row: str, when: str = "") -> str:
    """+1 for (day, key) of `row`, if `when` (a condition) holds."""
    value = _ROOT.format(row=row) if key == "root" else f"{row}.{key}"
    return f"""INSERT INTO {table} (day, {key}, notes)
        SELECT {_DAY.format(row=row)}, {value}, 1 WHERE {when or "1"}
        ON CONFLICT (day, {key}) DO UPDATE SET notes = notes + 1;"""


def _minus(table: str, key: str, row: str, when: str = "") -> str:
    value = _ROOT.format(row=row) if key == "root" else f"{row}.{key}"
    return f"""UPDATE {table} SET notes = notes - 1
        WHERE day = {_DAY.format(row=row)} AND {key} = {value} AND {when or "1"};"""


def _sibling(row: str, skip: str) -> str:
    """Another theme row of `row`'s note, in its family, on its day (`skip` rules out one)."""
    root = _ROOT.format(row=row)
    return f"""EXISTS (SELECT 1 FROM note_themes o WHERE o.note_id = {row}.note_id AND {skip}
        AND (o.theme = {root} OR (o.theme > {root} || '/' AND o.theme < {root} || '0'))
        AND substr(o.occurred_at, 1, 10) = {_DAY.format(row=row)})"""


def _day_table(name: str, key: str) -> str:
    return f"""CREATE TABLE {name} (day TEXT NOT NULL, {key} TEXT NOT NULL,
        notes INTEGER NOT NULL, PRIMARY KEY (day, {key})) WITHOUT ROWID;"""


def _counted(table: str, source: str, key: str) -> str:
    """Insert, delete and update triggers keeping `table` counts of `source` rows."""
    plus, minus = _plus(table, key, "new"), _minus(table, key, "old")
    return f"""
        CREATE TRIGGER {table}_ai AFTER INSERT ON {source} BEGIN {plus} END;
        CREATE TRIGGER {table}_ad AFTER DELETE ON {source} BEGIN {minus} END;
        CREATE TRIGGER {table}_au AFTER UPDATE OF {key}, occurred_at ON {source} BEGIN
            {minus} {plus} END;"""


def _family_triggers() -> str:
    # An update is a delete then an insert, both judged on the table without either row.
    new_is_other = "o.theme != new.theme"
    old_is_other = "NOT (o.note_id = new.note_id AND o.theme = new.theme)"
    extra = "family_extra_days"
    return f"""
        CREATE TRIGGER {extra}_ai AFTER INSERT ON note_themes BEGIN
            {_plus(extra, "root", "new", _sibling("new", new_is_other))} END;
        CREATE TRIGGER {extra}_ad AFTER DELETE ON note_themes BEGIN
            {_minus(extra, "root", "old", _sibling("old", "1"))} END;
        CREATE TRIGGER {extra}_au AFTER UPDATE OF note_id, theme, occurred_at ON note_themes
        BEGIN
            {_minus(extra, "root", "old", _sibling("old", old_is_other))}
            {_plus(extra, "root", "new", _sibling("new", new_is_other))}
        END;"""


@migrations()
def m007_day_counts(db: Database) -> None:
    day, root = _DAY.format(row="t"), _ROOT.format(row="t")
    db.executescript(
        f"""
        {_day_table("theme_days", "theme")}
        {_day_table("family_extra_days", "root")}
        {_day_table("signal_days", "signal")}
        {_day_table("source_days", "source")}
        INSERT INTO theme_days SELECT {day}, theme, count(*) FROM note_themes t GROUP BY 1, 2;
        INSERT INTO family_extra_days SELECT * FROM (SELECT {day} AS day, {root} AS root,
            count(*) - count(DISTINCT note_id) AS notes FROM note_themes t GROUP BY 1, 2)
            WHERE notes > 0;
        INSERT INTO signal_days SELECT {_DAY.format(row="s")}, signal, count(*)
            FROM note_signals s GROUP BY 1, 2;
        INSERT INTO source_days SELECT {_DAY.format(row="n")}, source, count(*)
            FROM notes n GROUP BY 1, 2;
        {_counted("theme_days", "note_themes", "theme")}
        {_counted("signal_days", "note_signals", "signal")}
        {_counted("source_days", "notes", "source")}
        {_family_triggers()}
        DROP INDEX note_signals_period;
        """
    )


@migrations()
def m008_note_terms_phrases(db: Database) -> None:
    # Dates index only phrases now: the digest's rising terms read phrases alone (half the
    # rows), and tagging writes one index entry less for each single word. `themes
    # suggest --since` reads single words too: from (term, occurred_at, note_id) instead.
    db.executescript(
        """
        CREATE INDEX note_terms_phrases ON note_terms (occurred_at, term)
            WHERE term LIKE '% %';
        DROP INDEX note_terms_period;
        """
    )


@migrations()
def m009_forgotten(db: Database) -> None:
    # One-way hashes of erased notes' identities (uid, message or content key), never
    # their words: re-importing an old export or mailbox must not bring them back.
    db.execute("CREATE TABLE forgotten (key_hash TEXT PRIMARY KEY) WITHOUT ROWID")


# A digest's tallies per day (voc.digest.daycache): any write to a day's notes, theme rows
# or signal rows drops that day's rows, so what is kept is exact, and marks the day
# touched: tagging then tallies the days it touched (not a whole history never tallied),
# a digest any day it needs. Names are numbered for the reach bitmaps. Tagging sets every
# note's label: only a label that changes drops its day (once: tagging never re-dates).
_TALLIED = "customer, account, source, quotable, occurred_at"


def _drop_day(row: str) -> str:
    day = _DAY.format(row=row)
    return f"""DELETE FROM digest_days WHERE day = {day};
        INSERT OR IGNORE INTO digest_touched (day) VALUES ({day});"""


def _dropping(source: str, columns: str = "") -> str:
    name = f"digest_days_{source}"
    of = f" OF {columns}" if columns else ""
    return f"""
        CREATE TRIGGER {name}_ai AFTER INSERT ON {source} BEGIN {_drop_day("new")} END;
        CREATE TRIGGER {name}_ad AFTER DELETE ON {source} BEGIN {_drop_day("old")} END;
        CREATE TRIGGER {name}_au AFTER UPDATE{of} ON {source} BEGIN
            {_drop_day("old")} {_drop_day("new")} END;"""


@migrations()
def m010_digest_days(db: Database) -> None:
    db.executescript(
        f"""
        CREATE TABLE digest_days (day TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL,
            notes INTEGER NOT NULL, positive INTEGER NOT NULL, negative INTEGER NOT NULL,
            customers BLOB, accounts BLOB, PRIMARY KEY (day, kind, key));
        CREATE TABLE digest_touched (day TEXT PRIMARY KEY) WITHOUT ROWID;
        CREATE TABLE digest_names (kind TEXT NOT NULL, name TEXT NOT NULL,
            id INTEGER NOT NULL, PRIMARY KEY (kind, name)) WITHOUT ROWID;
        {_dropping("notes", _TALLIED)}
        CREATE TRIGGER digest_days_notes_label AFTER UPDATE OF sentiment_label ON notes
            WHEN old.sentiment_label IS NOT new.sentiment_label BEGIN {_drop_day("new")} END;
        {_dropping("note_themes")}
        {_dropping("note_signals")}
        CREATE INDEX notes_debriefs ON notes (occurred_at)
            WHERE session_id IS NOT NULL AND question_key IS NOT NULL;
        CREATE TRIGGER notes_redated AFTER UPDATE OF occurred_at ON notes BEGIN
            {_redate("note_themes")} {_redate("note_signals")} {_redate("note_terms")} END;
        """
    )


def _redate(table: str) -> str:
    # A note's rows carry its date: re-dated with it, not at the next tagging, so a day's
    # notes and their themes never disagree (a day's tallies need both).
    return f"UPDATE {table} SET occurred_at = new.occurred_at WHERE note_id = new.id;"


@migrations()
def m011_erasures_scrubbed(db: Database) -> None:
    # When `voc forget` (or `voc retain`) last made sure no erased word is left in the
    # file; NULL: still to do (a full disk stopped it), so the next Store.open does it.
    # Erasures recorded before were scrubbed by the command that recorded them.
    db.executescript(
        """
        ALTER TABLE erasures ADD COLUMN scrubbed_at TEXT;
        UPDATE erasures SET scrubbed_at = erased_at;
        """
    )


@migrations()
def m013_search_stems_account_aliases(db: Database) -> None:
    # Search by word stem: the porter tokenizer indexes "Invoices" as "invoic", so
    # `voc search invoice` finds it, as themes match lemmas. Same table name, columns and
    # external content, so the triggers of m001/m005 keep feeding it; 'rebuild' re-reads
    # every note. (There is no m012: two branches numbered theirs in advance.)
    db.executescript(
        """
        DROP TABLE notes_fts;
        CREATE VIRTUAL TABLE notes_fts USING fts5 (
            title, text, content='notes', tokenize='porter unicode61 remove_diacritics 2'
        );
        INSERT INTO notes_fts (notes_fts) VALUES ('rebuild');
        """
    )
    # One company under two names (mail's "acme.example", a CSV's "Acme"): `voc accounts
    # alias` maps a lower-cased name to the account it belongs to, read at query time
    # (voc.notes.accounts), so the notes keep the name their source gave.
    db.execute(
        "CREATE TABLE account_aliases (alias TEXT PRIMARY KEY, account TEXT NOT NULL) WITHOUT ROWID"
    )


@migrations()
def m014_theme_stances(db: Database) -> None:
    # What a note says of a theme: issue, request, praise or mention (voc.nlp.signals).
    # NULL for a theme tagged by hand, and for rows tagged before: the pipeline revision
    # that writes stances makes every note stale, so the next tagging fills them.
    db.executescript("ALTER TABLE note_themes ADD COLUMN stance TEXT;")


@migrations()
def m015_digest_days_stances(db: Database) -> None:
    # The kept day tallies now count each theme's notes per stance (voc.digest.figures):
    # the days kept before have none, so they are dropped and marked touched, and the next
    # tagging (or digest) tallies them again. The triggers of m010 already drop a day when
    # a theme row's stance changes (any update of note_themes does).
    db.executescript(
        """
        INSERT OR IGNORE INTO digest_touched (day) SELECT DISTINCT day FROM digest_days;
        DELETE FROM digest_days;
        """
    )


@migrations()
def m016_fts_secure_delete(db: Database) -> None:
    # A deleted or edited note's words leave the full-text index where they lie (FTS5
    # 'secure-delete', SQLite 3.42+), so `voc forget` no longer merges the whole index.
    # 'optimize' once drops what earlier deletes and edits left in its segments. With an
    # older SQLite nothing changes here: voc.notes.forget merges at each erasure instead,
    # and switches this on at the first erasure under a newer one.
    from voc.notes.engine import FTS5_SECURE_DELETE

    if FTS5_SECURE_DELETE:
        db.execute("INSERT INTO notes_fts (notes_fts, rank) VALUES ('secure-delete', 1)")
        db.execute("INSERT INTO notes_fts (notes_fts) VALUES ('optimize')")


def latest_version() -> int:
    """The number of the last migration (m014 -> 14), not their count: the numbers have
    a gap (no m012), and a file's user_version must keep saying which ones it has."""
    return int(migrations._migrations[-1].name[1:4])


def apply(db: Database) -> None:
    """Apply what is pending and record the count in `user_version`, in one write lock:
    two processes opening a new database at once must not both create the tables."""
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        migrations.apply(db)
        db.conn.execute(f"PRAGMA user_version = {latest_version()}")
        db.conn.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:  # a full disk may have rolled it back already
            db.conn.execute("ROLLBACK")
        raise
